"""The office's published service standards (UU 25/2009 art. 15), from the data. No login.

The catalog lists every active service with the version in force today; each service has
its full standard page (every component), printable. Issue 14, ADR 0010.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from complaints.models import ComplaintTier, ServicePledge
from office import page_memo
from permits.models import ServiceStandard, StandardItem
from permits.models.standard import by_category, matching

# The components the applicant meets (service delivery) and those inside the office,
# in the order of the standard's two tables.
DELIVERY = [StandardItem.Component.PROCEDURE, StandardItem.Component.COMPLAINT_CHANNEL]
INTERNAL = [
    StandardItem.Component.LEGAL_BASIS,
    StandardItem.Component.FACILITIES,
    StandardItem.Component.COMPETENCE,
    StandardItem.Component.SUPERVISION,
    StandardItem.Component.STAFFING,
    StandardItem.Component.ASSURANCE,
    StandardItem.Component.SAFETY,
    StandardItem.Component.EVALUATION,
]


def _in_force(services_filter: Q) -> list[ServiceStandard]:
    return ServiceStandard.objects.in_force_each(services_filter)


@login_not_required
@require_http_methods(["GET"])
def catalog(request):
    search = (request.GET.get("q") or "").strip()[:100]

    def content() -> str:
        versions = matching(_in_force(Q()), search)
        context = {"groups": by_category(versions), "search": search, "count": len(versions)}
        return render_to_string("complaints/_catalog_content.html", context, request)

    # The whole catalog is the same for everyone on a day: kept; a search is rendered.
    today = timezone.localdate().isoformat()
    html = content() if search else page_memo.kept(f"catalog:{today}", content)
    return render(request, "complaints/catalog.html", {"content": mark_safe(html)})


@login_not_required
@require_http_methods(["GET"])
def standard(request, code: str):
    today = timezone.localdate()
    name, html = page_memo.kept(
        f"standard:{code}:{today.isoformat()}", lambda: _standard_content(request, code, today)
    )
    return render(
        request,
        "complaints/standard.html",
        {"content": mark_safe(html), "service_name": name},
    )


def _standard_content(request, code: str, today) -> tuple[str, str]:
    """(the service's name, the page's content) of the standard in force `today`."""
    in_force = _in_force(Q(service__code=code))
    if not in_force:
        raise Http404("Layanan tidak ditemukan atau belum memiliki standar yang berlaku.")
    service = in_force[0]
    upcoming = (
        ServiceStandard.objects.filter(service_id=service.service_id, effective_from__gt=today)
        .order_by("effective_from")
        .first()
    )
    items: dict[str, list[str]] = {}
    for component, text in service.items.order_by("component", "order").values_list(
        "component", "text"
    ):
        items.setdefault(component, []).append(text)
    internal = [
        (StandardItem.Component(component).label, items.get(component, []))
        for component in INTERNAL
    ]
    context = {
        "service": service,
        "upcoming": upcoming,
        "requirements": list(service.requirements.filter(active=True)),
        "commitments": list(service.commitment_types.filter(active=True)),
        "procedure": items.get(StandardItem.Component.PROCEDURE, []),
        "channels": items.get(StandardItem.Component.COMPLAINT_CHANNEL, []),
        "internal": internal,
        "pledge": ServicePledge.current(),
        "tiers": list(ComplaintTier.objects.filter(active=True)),
    }
    return service.name, render_to_string("complaints/_standard_content.html", context, request)
