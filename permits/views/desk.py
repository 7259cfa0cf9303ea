"""The desk: each officer's queue, the list of all files, one file, and the steps it can take."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from office.access import staff_required
from office.calendar import load_calendar
from office.pagination import ListPaginator
from office.roles import Role, has_role, roles_of
from permits import access_policy, declared_data, readiness, selectors, services
from permits.forms.transition import TransitionForm
from permits.models import Application
from permits.verification import can_edit_requirements, can_verify
from permits.views.access import file_or_404
from permits.views.pdf import DRAFT_STATUSES, documents_for, letters_for
from tracking.deadlines import attach_deadlines, last_working_day, schedule_of
from tracking.models import Document
from workflow.table import (
    BULK_STEPS,
    STEPS,
    TRANSITIONS,
    Status,
    position,
)

PAGE_SIZE = 25

# Roles that watch the whole office and see how many files sit at each status.
OVERVIEW_ROLES = (Role.SEKRETARIS, Role.KEPALA_DINAS, Role.ADMIN)


def _search_term(request) -> str:
    return request.GET.get("q", "").strip()[:100]


@staff_required
@require_http_methods(["GET"])
def home(request):
    if roles_of(request.user) == {Role.COMPLAINT_OFFICER}:
        # A complaint officer's work is the complaint desk, not a queue of files.
        return redirect("complaints:desk")
    search = _search_term(request)
    overview = selectors.status_counts() if has_role(request.user, *OVERVIEW_ROLES) else None
    if not selectors.queue_statuses(request.user):
        # Sekretaris, administrator: nothing waits for them; the page is the overview and
        # the ways into the files, and its search is the list's.
        return render(
            request,
            "permits/home.html",
            {"has_queue": False, "overview": overview, "search": search},
        )
    calendar = load_calendar()
    today = timezone.localdate()
    reference_day = last_working_day(today, calendar)
    dates = {"today": today, "reference_day": reference_day}
    summary = selectors.queue_summary(request.user, search=search, **dates)
    queue = selectors.queue_for(request.user, search=search, **dates)
    page = ListPaginator(queue, PAGE_SIZE, count=summary.total).get_page(request.GET.get("page"))
    page.object_list = attach_deadlines(page.object_list, calendar=calendar)
    return render(
        request,
        "permits/home.html",
        {
            "page": page,
            "search": search,
            "overview": overview,
            "has_queue": True,
            "deadline_counts": summary,
            "bulk_steps": [spec for spec in BULK_STEPS if services.may_perform(request.user, spec)],
        },
    )


@staff_required
@require_http_methods(["GET"])
def application_list(request):
    search = _search_term(request)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    services = selectors.service_choices()
    service = request.GET.get("layanan", "")
    if service not in {code for code, _ in services}:
        service = ""
    reach = access_policy.file_statuses(request.user)
    # Only the files the user works on: a WHERE clause, not a check per row.
    applications = access_policy.reachable(
        request.user,
        selectors.application_list(status=status, search=search, service=service),
    )
    # The whole list (of one service) is as long as the registrations counted for the
    # figures: no COUNT over a million files. A status or a search is counted.
    whole = not status and not search and reach == access_policy.EVERY_STATUS
    count = selectors.file_total(service) if whole else None
    page = ListPaginator(applications, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    page.object_list = attach_deadlines(page.object_list)
    return render(
        request,
        "permits/application_list.html",
        {
            "page": page,
            "search": search,
            "status": status,
            "service": service,
            # One service: nothing to filter by.
            "service_choices": services if len(services) > 1 else [],
            "status_choices": [(value, label) for value, label in Status.choices if value in reach],
            "reach": "all" if reach == access_policy.EVERY_STATUS else "some" if reach else "none",
        },
    )


def _progress(application: Application) -> list[dict]:
    """The eight steps, each marked done, current or to come (as the applicant sees them)."""
    done_upto, current = position(application.status)
    return [
        {
            "step": step,
            "state": "done"
            if step.number <= done_upto
            else "current"
            if step.number == current
            else "todo",
        }
        for step in STEPS
    ]


# Steps that send a file back: to the applicant (through the FO) or to the back office.
@staff_required
@require_http_methods(["GET"])
def application_detail(request, pk: int):
    access_policy.refuse_unless_any(request.user)
    application = selectors.application_detail(pk)
    access_policy.refuse_unless(request.user, application.status)
    calendar = load_calendar()
    entries = list(application.control_card.all())
    for entry in entries:
        # How long the file waited before this step, counting working days only.
        entry.working_duration = calendar.working_time(
            entry.created_at - entry.duration, entry.created_at
        )
    actions, not_yet = readiness.steps_for(request.user, application)
    return render(
        request,
        "permits/application_detail.html",
        {
            "application": application,
            "applicant": application.applicant,
            "permit": getattr(application, "permit", None),
            "handover": getattr(application, "handover", None),
            "inspection": getattr(application, "field_inspection", None),
            "declared_rows": declared_data.rows_for(application),
            "progress": _progress(application),
            "entries": entries,
            "correction_note": selectors.correction_note(application, entries),
            "schedule": schedule_of(
                getattr(application, "clock", None), entries, calendar=calendar
            ),
            "documents": documents_for(request.user, application),
            "letters": letters_for(request.user, application),
            # The same predicate the scan view enforces, so no link leads to a 403.
            "may_open_scans": access_policy.may_open(
                request.user, application.status, Document.REQUIREMENT_SCAN
            ),
            "may_open_evidence": access_policy.may_open(
                request.user, application.status, Document.COMMITMENT_EVIDENCE
            ),
            "may_see_personal_data": access_policy.may_see_personal_data(
                request.user, application.status
            ),
            "downloads": _downloads(request.user, application),
            "deliveries": list(application.deliveries.order_by("created_at", "pk")),
            "step_count": len(STEPS),
            "actions": actions,
            "not_yet": not_yet,
            "may_edit_requirements": can_edit_requirements(request.user, application),
            "may_verify": can_verify(request.user, application),
        },
    )


DOWNLOADS_SHOWN = 20


def _downloads(user, application: Application) -> list | None:
    """The latest downloads of the file's documents, for pengawasan internal only (one query)."""
    if not access_policy.may_see_downloads(user):
        return None
    return list(application.downloads.select_related("user")[:DOWNLOADS_SHOWN])


@staff_required
@require_http_methods(["GET", "POST"])
def transition(request, pk: int, name: str):
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise Http404("Tindakan tidak dikenal.")
    if not services.may_perform(request.user, spec):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
    application = file_or_404(request.user, pk)

    if request.method == "POST":
        form = TransitionForm(spec, request.POST, request.FILES, application=application)
        if form.is_valid():
            try:
                services.perform_transition(
                    application_id=application.pk,
                    name=spec.name,
                    actor=request.user,
                    data=services.StepInput(**form.step_input_kwargs()),
                    expected_status=form.cleaned_data["expected_status"],
                )
            except services.TransitionError as err:
                if err.field is None or err.field not in form.fields:
                    messages.error(request, err.message)
                    return redirect("application_detail", pk=application.pk)
                form.add_error(err.field, err.message)
            else:
                messages.success(
                    request,
                    f"\u201c{spec.staff_label}\u201d berhasil untuk berkas "
                    f"{application.registration_number}.",
                )
                return redirect("application_detail", pk=application.pk)
    else:
        if application.status not in spec.sources:
            messages.error(
                request,
                f"Tindakan \u201c{spec.staff_label}\u201d tidak dapat dilakukan pada berkas "
                f"berstatus \u201c{application.get_status_display()}\u201d.",
            )
            return redirect("application_detail", pk=application.pk)
        form = TransitionForm(
            spec, initial={"expected_status": application.status}, application=application
        )

    return render(
        request,
        "permits/transition_confirm.html",
        {
            "application": application,
            "spec": spec,
            "form": form,
            # Shown instead of the button: the step would be refused after confirming.
            "missing": readiness.gaps(application, spec),
            # What the back office asked for, beside the form that takes the correction.
            "correction_note": selectors.correction_note(
                application, list(application.control_card.all())
            )
            if spec.takes_scans
            else None,
            # Kabid and Kepala Dinas read the draft they initial or sign on the same page.
            "show_draft": application.status in DRAFT_STATUSES
            and access_policy.may_open(request.user, application.status, Document.DRAFT),
        },
    )
