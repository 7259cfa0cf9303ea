"""The complainant's pages: the complaint form and the status page. No login.

Every POST of the form counts toward a per-address limit, and a honeypot field
turns away bots that fill in everything. The status page counts look-ups like
the tracking page does (the same counters), so tickets cannot be guessed.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints import selectors, services
from complaints.forms import PublicComplaintForm, TicketForm
from complaints.models import Complaint
from office import throttle
from office.throttle import COMPLAINT_POSTS
from permits.models import ServiceStandard, StandardItem

SESSION_TICKET = "complaints:last_ticket"
NO_MATCH = "Pengaduan dengan nomor tiket itu tidak ditemukan. Periksa kembali nomor tiket Anda."


def _public(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _channels() -> list[str]:
    return list(
        StandardItem.objects.filter(
            standard=ServiceStandard.objects.current(),
            component=StandardItem.Component.COMPLAINT_CHANNEL,
        )
        .order_by("order")
        .values_list("text", flat=True)
    )


def _typed(data) -> dict:
    """What the visitor typed, to show again when the submit is refused (never the file,
    never the honeypot), so it can be sent a little later."""
    skipped = {"attachment", PublicComplaintForm.honeypot_name}
    return {
        name: data.get(name, "") for name in PublicComplaintForm.base_fields if name not in skipped
    }


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    status, failure = 200, ""
    if request.method == "POST":
        if COMPLAINT_POSTS.is_exhausted(request):
            form = PublicComplaintForm(initial=_typed(request.POST))
            failure, status = throttle.TOO_MANY_ATTEMPTS, 429
        else:
            COMPLAINT_POSTS.hit(request)
            form = PublicComplaintForm(request.POST, request.FILES)
            if form.is_valid():
                complaint = services.submit_complaint(data=form.new_complaint())
                request.session[SESSION_TICKET] = complaint.ticket
                return redirect("complaints:submitted")
            if form.caught_by_honeypot:
                status = 400
    else:
        form = PublicComplaintForm()
    context = {
        "form": form,
        "failure": failure,
        "channels": _channels(),
        # A file cannot be put back into the form: say so whenever one was sent and not kept.
        "uploads_dropped": bool(request.FILES),
    }
    return _public(render(request, "complaints/submit.html", context, status=status))


@login_not_required
@never_cache
@require_http_methods(["GET"])
def submitted(request):
    """The ticket of the complaint just sent (kept in the session, so a reload shows it again)."""
    ticket = request.session.get(SESSION_TICKET)
    complaint = Complaint.objects.filter(ticket=ticket).first() if ticket else None
    if complaint is None:
        return redirect("complaints:submit")
    return _public(
        render(
            request,
            "complaints/submitted.html",
            {
                "complaint": selectors.public_complaint(complaint),
                "has_email": bool(complaint.email),
            },
        )
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and "tiket" not in data:
        return _public(render(request, "complaints/status.html", {"form": TicketForm()}))
    if throttle.lookup_blocked(request):
        context = {"form": TicketForm(), "failure": throttle.TOO_MANY_ATTEMPTS}
        return _public(render(request, "complaints/status.html", context, status=429))
    form = TicketForm(data)
    complaint = selectors.find_complaint(form.cleaned_data["tiket"]) if form.is_valid() else None
    throttle.count_lookup(request, matched=complaint is not None)
    if complaint is None:
        return _public(
            render(request, "complaints/status.html", {"form": TicketForm(), "failure": NO_MATCH})
        )
    context = {"form": TicketForm(), "complaint": selectors.public_complaint(complaint)}
    return _public(render(request, "complaints/status.html", context))
