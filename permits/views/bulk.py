"""Bulk paraf and signature: the files waiting for the step, ticked, confirmed once
(permits/bulk.py), and the outcome of each file on the next page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from office.access import staff_required
from permits import access_policy, bulk, selectors, services
from permits.forms.bulk import BulkStepForm
from tracking.deadlines import attach_deadlines
from tracking.models import Document

OUTCOME_KEY = "kendali_bulk_outcome"


def _spec_or_404(request, name: str):
    spec = bulk.bulk_spec(name)
    if spec is None:
        # Numbering renders and signs each permit: a batch in the background instead.
        raise Http404("Tindakan ini tidak dapat dilakukan sekaligus.")
    if not services.may_perform(request.user, spec):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
    return spec


@staff_required
@require_http_methods(["GET", "POST"])
def bulk_step(request, name: str):
    spec = _spec_or_404(request, name)
    search = request.GET.get("q", "").strip()[:100]
    waiting = access_policy.reachable(
        request.user, selectors.waiting_for_step(spec.sources[0], search=search)
    )
    form = BulkStepForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        outcomes = bulk.take_many(
            name=spec.name,
            application_ids=form.cleaned_data["files"],
            actor=request.user,
            confirmation=form.confirmation,
        )
        request.session[OUTCOME_KEY] = {
            "name": spec.name,
            "outcomes": [outcome.as_dict() for outcome in outcomes],
        }
        return redirect("bulk_result", name=spec.name)
    total = waiting.count()
    files = attach_deadlines(list(waiting[: selectors.BULK_LIMIT]))
    chosen = set(form.data.getlist("files")) if form.is_bound else set()
    return render(
        request,
        "permits/bulk_step.html",
        {
            "spec": spec,
            "form": form,
            "files": files,
            "chosen": chosen,
            "total": total,
            "limit": selectors.BULK_LIMIT,
            "search": search,
            "show_drafts": access_policy.may_open(request.user, spec.sources[0], Document.DRAFT),
        },
    )


@staff_required
@require_http_methods(["GET"])
def bulk_result(request, name: str):
    spec = _spec_or_404(request, name)
    outcome = request.session.get(OUTCOME_KEY)
    if not outcome or outcome.get("name") != spec.name:
        messages.info(request, "Belum ada hasil tindakan sekaligus untuk ditampilkan.")
        return redirect("bulk_step", name=spec.name)
    outcomes = outcome["outcomes"]
    return render(
        request,
        "permits/bulk_result.html",
        {
            "spec": spec,
            "taken": [o for o in outcomes if o["taken"]],
            "refused": [o for o in outcomes if not o["taken"]],
        },
    )
