"""The complaint desk: the list with overdue complaints first, recording, one complaint, actions.

Open to complaint officers and the supervisors (Kepala Dinas, Sekretaris, Kabid,
administrator); anonymous visitors are sent to the login page by the middleware,
other staff get 403. Only complaint officers see who filed an anonymous or
confidential complaint; the others read "Dirahasiakan".
"""

from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from complaints import access_policy, deadlines, selectors, services
from complaints.forms import ActionForm, RecordedComplaintForm
from complaints.models import Channel, Complaint
from complaints.workflow import ACTIONS, actions_from
from office.pagination import ListPaginator
from permits.private_files import private_file_response, sniffed_type
from tracking.downloads import record_download
from tracking.models import Document

PAGE_SIZE = 25


def desk_required(view):
    """403 for staff who are neither complaint officers nor supervisors."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access_policy.may_view(request.user):
            raise PermissionDenied("Halaman ini untuk petugas pengaduan dan pimpinan.")
        return view(request, *args, **kwargs)

    return wrapped


@desk_required
@require_http_methods(["GET"])
def desk(request):
    search = request.GET.get("q", "").strip()[:100]
    view = request.GET.get("tampil", "open")
    if view not in selectors.DESK_VIEWS:
        view = "open"
    services = selectors.services_complained_about()
    service = request.GET.get("layanan", "")
    if service not in {s.code for s in services}:
        service = ""
    channel = request.GET.get("kanal", "")
    if channel not in Channel.values:
        channel = ""
    complaints = selectors.complaint_desk(
        request.user, search=search, view=view, service=service, channel=channel
    )
    page = ListPaginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    today = deadlines.today()
    return render(
        request,
        "complaints/desk.html",
        {
            "page": page,
            "search": search,
            "view": view,
            "services": services,
            "service": service,
            "channels": Channel.choices,
            "channel": channel,
            "views": [(key, label) for key, (label, _) in selectors.DESK_VIEWS.items()],
            "figures": selectors.dashboard_figures(date(today.year, 1, 1), today),
            "year": today.year,
            "may_record": access_policy.may_record(request.user),
            # The SP4N-LAPOR! sync, for the complaint officer.
            "lapor_panel": (
                selectors.lapor_panel() if access_policy.may_record(request.user) else None
            ),
        },
    )


@desk_required
@require_http_methods(["GET", "POST"])
def record(request):
    if not access_policy.may_record(request.user):
        raise PermissionDenied("Hanya petugas pengaduan yang dapat mencatat pengaduan.")
    if request.method == "POST":
        form = RecordedComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                complaint = services.submit_complaint(data=form.new_complaint(), actor=request.user)
            except services.ComplaintError as err:
                form.add_error(err.field if err.field in form.fields else None, err.message)
            else:
                messages.success(
                    request, f"Pengaduan dicatat dengan nomor tiket {complaint.ticket}."
                )
                return redirect("complaints:detail", pk=complaint.pk)
    else:
        form = RecordedComplaintForm(initial={"received_on": deadlines.today()})
    return render(
        request,
        "complaints/record.html",
        {"form": form, "uploads_dropped": bool(request.FILES) and form.is_bound},
    )


@desk_required
@require_http_methods(["GET"])
def detail(request, pk: int):
    try:
        complaint = selectors.complaint_detail(pk)
    except Complaint.DoesNotExist:
        raise Http404("Pengaduan tidak ditemukan.") from None
    actions = sorted(
        (
            a
            for a in actions_from(complaint.status)
            if access_policy.may_take(request.user, a, complaint)
        ),
        key=lambda a: a.tone != "primary",
    )
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "events": selectors.complaint_events(complaint),
            "deliveries": list(complaint.deliveries.order_by("created_at", "pk")),
            "actions": actions,
            "identity_visible": access_policy.may_see_identity(request.user, complaint),
            "overdue": complaint.is_overdue(deadlines.today()),
            "verify_days_off": deadlines.days_off(complaint.received_on, complaint.verify_due_on),
            "resolution_days_off": deadlines.days_off(complaint.verified_on, complaint.due_on),
            "lapor_overdue": complaint.is_lapor_overdue(deadlines.today()),
            "lapor_days_off": deadlines.days_off(complaint.received_on, complaint.lapor_due_on),
            "lapor_days": settings.LAPOR_ACTION_DAYS,
            "lapor_follow_ups": selectors.lapor_follow_ups(complaint) if complaint.lapor_id else [],
        },
    )


@desk_required
@require_http_methods(["GET", "POST"])
def action(request, pk: int, name: str):
    spec = ACTIONS.get(name)
    if spec is None:
        raise Http404("Tindakan tidak dikenal.")
    complaint = get_object_or_404(Complaint, pk=pk)
    if not access_policy.may_take(request.user, spec, complaint):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")

    if request.method == "POST":
        form = ActionForm(spec, request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.perform_action(
                    complaint_id=complaint.pk,
                    name=spec.name,
                    actor=request.user,
                    data=form.action_input(),
                    expected_status=form.cleaned_data["expected_status"],
                )
            except services.ComplaintError as err:
                if err.field is None or err.field not in form.fields:
                    messages.error(request, err.message)
                    return redirect("complaints:detail", pk=complaint.pk)
                form.add_error(err.field, err.message)
            else:
                messages.success(
                    request, f"\u201c{spec.label}\u201d berhasil untuk tiket {complaint.ticket}."
                )
                return redirect("complaints:detail", pk=complaint.pk)
    else:
        if complaint.status not in spec.sources:
            messages.error(
                request,
                f"Tindakan \u201c{spec.label}\u201d tidak dapat dilakukan pada pengaduan "
                f"berstatus \u201c{complaint.get_status_display()}\u201d.",
            )
            return redirect("complaints:detail", pk=complaint.pk)
        form = ActionForm(spec, initial={"expected_status": complaint.status}, actor=request.user)
    return render(
        request,
        "complaints/action.html",
        {
            "complaint": complaint,
            "spec": spec,
            "form": form,
            "identity_visible": access_policy.may_see_identity(request.user, complaint),
        },
    )


@desk_required
@require_http_methods(["GET"])
def attachment(request, pk: int):
    """The complaint's own attachment (the only one a URL can name); every opening is recorded."""
    complaint = get_object_or_404(Complaint, pk=pk)
    if not complaint.attachment:
        raise Http404("Pengaduan ini tidak berlampiran.")
    # A confidential complainant's attachment can name them as well as the form did.
    if not access_policy.may_see_identity(request.user, complaint):
        raise PermissionDenied(
            "Lampiran pengaduan yang dirahasiakan hanya untuk petugas pengaduan."
        )
    try:
        content_type, extension = sniffed_type(complaint.attachment)
        response = private_file_response(
            complaint.attachment,
            f"lampiran-{complaint.ticket}.{extension}",
            as_attachment=False,
            content_type=content_type,
        )
    except FileNotFoundError:
        raise Http404("Lampiran tidak ditemukan.") from None
    record_download(request, Document.COMPLAINT_ATTACHMENT, complaint_id=complaint.pk)
    return response
