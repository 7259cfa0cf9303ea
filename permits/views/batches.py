"""Numbering a batch of signed files (Bagian Umum): choose and order them, then watch the
background worker number them (permits/batches.py) on a page that updates itself."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from office import worker
from office.access import staff_required
from permits import access_policy, batches, selectors, services
from permits.forms.bulk import NUMBERING_ORDERS, NumberingBatchForm
from permits.models import NumberingBatch
from tracking.deadlines import attach_deadlines

ORDER_LABELS = dict(NUMBERING_ORDERS)


def _numbering_officer(request) -> None:
    if not services.may_perform(request.user, batches.STEP):
        raise PermissionDenied("Peran Anda tidak berwenang memberi nomor izin.")


def _order(request) -> str:
    order = request.POST.get("urut") or request.GET.get("urut") or "waiting"
    return order if order in ORDER_LABELS else "waiting"


@staff_required
@require_http_methods(["GET", "POST"])
def numbering(request):
    _numbering_officer(request)
    order = _order(request)
    search = request.GET.get("q", "").strip()[:100]
    waiting = access_policy.reachable(
        request.user,
        selectors.waiting_for_batch(batches.STEP.sources[0], search=search, order=order),
    )
    form = NumberingBatchForm(request.POST or None, initial={"urut": order})
    if request.method == "POST" and form.is_valid():
        # The order of the list as sorted on the page, whatever order the browser sent.
        ordered = selectors.in_list_order(waiting, form.cleaned_data["files"])
        try:
            started = batches.start(application_ids=ordered, actor=request.user)
        except services.TransitionError as err:
            form.add_error("files", err.message)
        else:
            _say_skipped(request, started)
            return redirect("numbering_batch", pk=started.batch.pk)
    total = waiting.count()
    files = attach_deadlines(list(waiting[: selectors.BULK_LIMIT]))
    return render(
        request,
        "permits/batch_start.html",
        {
            "form": form,
            "files": files,
            "total": total,
            "limit": selectors.BULK_LIMIT,
            "order": order,
            "orders": NUMBERING_ORDERS,
            "search": search,
            "chosen": set(form.data.getlist("files")) if form.is_bound else set(),
            "recent": selectors.recent_batches(),
        },
    )


def _say_skipped(request, started: batches.Started) -> None:
    for number, reason in started.skipped:
        messages.warning(request, f"{number} tidak ikut: {reason}")


def _progress(request, pk: int) -> selectors.BatchProgress:
    _numbering_officer(request)
    batch = get_object_or_404(NumberingBatch.objects.select_related("started_by"), pk=pk)
    return selectors.batch_progress(batch, batches.STEP.sources[0])


def _batch(request, pk: int) -> NumberingBatch:
    _numbering_officer(request)
    return get_object_or_404(NumberingBatch.objects.select_related("started_by"), pk=pk)


@staff_required
@require_http_methods(["GET"])
def batch_page(request, pk: int):
    progress = _progress(request, pk)
    return render(
        request,
        "permits/batch_progress.html",
        {"progress": progress, "worker_stale": not progress.finished and not worker.is_running()},
    )


@staff_required
@require_http_methods(["GET"])
def batch_status(request, pk: int):
    """What the progress page's script polls: counts, and each item's state."""
    progress = _progress(request, pk)
    return JsonResponse(
        {
            "total": progress.total,
            "done": progress.done,
            "failed": progress.failed,
            "left": progress.left,
            "finished": progress.finished,
            "worker_stale": not progress.finished and not worker.is_running(),
            "items": [
                {
                    "position": item.position,
                    "registration_number": item.application.registration_number,
                    "state": item.state,
                    "state_label": item.get_state_display(),
                    "permit_number": item.permit_number,
                    "error": item.error,
                    "interrupted": item.attempts > 1,
                }
                for item in progress.items
            ],
        },
        headers={"Cache-Control": "no-store"},
    )


@staff_required
@require_POST
def batch_retry(request, pk: int):
    """A new batch of this batch's failed files that are still waiting for a number."""
    batch = _batch(request, pk)
    try:
        started = batches.retry_failed(batch, actor=request.user)
    except services.TransitionError as err:
        messages.error(request, err.message)
        return redirect("numbering_batch", pk=batch.pk)
    _say_skipped(request, started)
    return redirect("numbering_batch", pk=started.batch.pk)
