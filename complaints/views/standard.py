"""The published service standard (UU 25/2009 art. 15): every component, from the data. No login."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from complaints.models import ComplaintTier, ServicePledge
from permits.models import ServiceStandard, StandardItem

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


@login_not_required
@require_http_methods(["GET"])
def standard(request):
    service = ServiceStandard.objects.current()
    items: dict[str, list[str]] = {}
    for component, text in service.items.order_by("component", "order").values_list(
        "component", "text"
    ):
        items.setdefault(component, []).append(text)
    internal = [
        (StandardItem.Component(component).label, items.get(component, []))
        for component in INTERNAL
    ]
    return render(
        request,
        "complaints/standard.html",
        {
            "service": service,
            "requirements": list(service.requirements.filter(active=True)),
            "commitments": list(service.commitment_types.filter(active=True)),
            "procedure": items.get(StandardItem.Component.PROCEDURE, []),
            "channels": items.get(StandardItem.Component.COMPLAINT_CHANNEL, []),
            "internal": internal,
            "pledge": ServicePledge.current(),
            "tiers": list(ComplaintTier.objects.filter(active=True)),
        },
    )
