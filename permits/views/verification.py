"""Back office, step 3: verify the commitment items and record the field inspection (BAP).

Open only to the back office and only while the file is "receipted"
(`permits.verification.can_verify`). Finishing the step ("process") is a workflow
transition: once nothing is missing for it (`permits.readiness.gaps`), the overview links
straight to its confirmation page, and lists what is still missing otherwise.

The field-inspection commitment is verified from the BAP when the BAP is saved
(`permits.verification.record_field_inspection`); its page shows the BAP as its evidence
and asks for no upload.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from office.access import require_role
from office.roles import Role
from permits import readiness, services, verification
from permits.forms.verification import CommitmentCheckForm, FieldInspectionForm
from permits.models import Application, CommitmentCheck, FieldInspection
from permits.views.access import discard_stored, file_or_404
from workflow.table import TRANSITIONS, Status

NOT_BACK_OFFICE = "Hanya petugas Back Office yang dapat memverifikasi berkas."


def _verifiable(request, pk: int):
    """The application, or a redirect to its page when it is not at the verification step.

    Raises PermissionDenied for a role other than the back office (before looking the file
    up, so other roles cannot probe which files exist), then 404 for an unknown file.
    """
    require_role(request.user, Role.BACK_OFFICE, NOT_BACK_OFFICE)
    application = file_or_404(request.user, pk)
    if not verification.can_verify(request.user, application):
        messages.error(
            request,
            "Verifikasi hanya dapat dilakukan pada berkas berstatus "
            f"\u201c{Status.RECEIPTED.label}\u201d. "
            f"Status sekarang: {application.get_status_display()}.",
        )
        return application, redirect("application_detail", pk=application.pk)
    return application, None


def _field_inspection_of(application: Application) -> FieldInspection | None:
    try:
        return application.field_inspection
    except FieldInspection.DoesNotExist:
        return None


@require_http_methods(["GET"])
def overview(request, pk: int):
    application, refusal = _verifiable(request, pk)
    if refusal:
        return refusal
    checks = list(application.commitment_checks.select_related("commitment", "verified_by"))
    for check in checks:
        check.from_bap = verification.is_verified_by_bap(check)
    inspection = _field_inspection_of(application)
    process = TRANSITIONS["process"]
    return render(
        request,
        "permits/verification.html",
        {
            "application": application,
            "checks": checks,
            "verified_count": sum(1 for check in checks if check.verified),
            "inspection": inspection,
            "process": process,
            # What still stands between the file and "Selesai diproses" (empty: ready), in
            # the words the file page and the transition service use.
            "missing": readiness.gaps(application, process),
        },
    )


@require_http_methods(["GET", "POST"])
def commitment(request, pk: int, check_id: int):
    application, refusal = _verifiable(request, pk)
    if refusal:
        return refusal
    check = get_object_or_404(
        CommitmentCheck.objects.select_related("commitment", "verified_by"),
        pk=check_id,
        application=application,
    )
    check.application = application  # the form reads the IUI typed at intake
    if verification.is_verified_by_bap(check):
        return _verified_by_bap(request, application, check)
    if request.method == "POST":
        form = CommitmentCheckForm(request.POST, request.FILES, instance=check)
        if form.is_valid():
            new_file = "evidence_file" in form.changed_data
            check = form.save(commit=False)
            try:
                verification.verify_commitment(actor=request.user, check=check)
            except services.TransitionError as error:
                messages.error(request, error.message)
                return redirect("application_detail", pk=application.pk)
            except BaseException:
                if new_file:
                    discard_stored([check.evidence_file])
                raise
            messages.success(
                request,
                f"Komitmen \u201c{check.commitment.text}\u201d disimpan"
                + (" dan ditandai terverifikasi." if check.verified else "."),
            )
            return redirect("verification", pk=application.pk)
    else:
        form = CommitmentCheckForm(instance=check)
    return render(
        request,
        "permits/commitment.html",
        {
            "application": application,
            "check": check,
            "form": form,
            "uploads_dropped": form.is_bound and bool(request.FILES),
        },
    )


def _verified_by_bap(request, application: Application, check: CommitmentCheck):
    """The field-inspection commitment: its evidence is the BAP, edited on the BAP's page."""
    if request.method == "POST":
        messages.info(
            request,
            f"Komitmen \u201c{check.commitment.text}\u201d diverifikasi dari BAP. "
            "Isi atau ubah BAP di halaman ini.",
        )
        return redirect("field_inspection", pk=application.pk)
    return render(
        request,
        "permits/commitment.html",
        {
            "application": application,
            "check": check,
            "from_bap": True,
            "inspection": _field_inspection_of(application),
        },
    )


@require_http_methods(["GET", "POST"])
def field_inspection(request, pk: int):
    application, refusal = _verifiable(request, pk)
    if refusal:
        return refusal
    existing = _field_inspection_of(application)
    instance = existing or FieldInspection(application=application)
    if request.method == "POST":
        form = FieldInspectionForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                verification.record_field_inspection(
                    actor=request.user, inspection=form.save(commit=False)
                )
            except services.TransitionError as error:
                messages.error(request, error.message)
                return redirect("application_detail", pk=application.pk)
            messages.success(request, "Berita Acara Pemeriksaan Lapangan (BAP) disimpan.")
            return redirect("verification", pk=application.pk)
    else:
        form = FieldInspectionForm(instance=instance)
    return render(
        request,
        "permits/field_inspection.html",
        {"application": application, "form": form, "existing": existing},
    )
