"""FO counter: registering a new file (step 1) and updating its requirement checklist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from permits import services, verification
from permits.forms.intake import UPLOAD_HELP, IntakeForm
from permits.forms.verification import requirement_formset
from permits.models import Application
from permits.roles import Role, has_role
from permits.workflow import Status


def require_role(user, role: Role, message: str) -> None:
    if not has_role(user, role):
        raise PermissionDenied(message)


def discard_stored(files) -> None:
    """Remove files written during a save that was then rolled back (no orphan scans)."""
    for stored in files:
        if stored and getattr(stored, "_committed", False) and stored.name:
            stored.storage.delete(stored.name)


@require_http_methods(["GET", "POST"])
def register(request):
    require_role(
        request.user, Role.FO, "Hanya petugas Front Office yang dapat mendaftarkan berkas."
    )
    requirements = list(
        services.current_standard().requirements.filter(active=True).order_by("order")
    )
    if request.method == "POST":
        form = IntakeForm(
            request.POST, request.FILES, requirements=requirements, officer=request.user
        )
        if form.is_valid():
            applicant, application, checks = form.build()
            try:
                application = services.register_application(
                    actor=request.user,
                    applicant=applicant,
                    application=application,
                    requirement_checks=checks,
                )
            except BaseException:
                discard_stored(check.scan for check in checks)
                raise
            messages.success(
                request, f"Berkas {application.registration_number} berhasil didaftarkan."
            )
            return redirect("application_detail", pk=application.pk)
    else:
        form = IntakeForm(requirements=requirements, officer=request.user)
    return render(
        request,
        "permits/intake.html",
        {
            "form": form,
            "uploads_dropped": form.is_bound and bool(request.FILES),
            "upload_help": UPLOAD_HELP,
        },
    )


@require_http_methods(["GET", "POST"])
def requirements(request, pk: int):
    require_role(
        request.user, Role.FO, "Hanya petugas Front Office yang dapat mengubah persyaratan."
    )
    application = get_object_or_404(Application.objects.select_related("applicant"), pk=pk)
    if not verification.can_edit_requirements(request.user, application):
        messages.error(
            request,
            "Persyaratan hanya dapat diubah selama berkas berstatus "
            f"\u201c{Status.SUBMITTED.label}\u201d atau \u201c{Status.INCOMPLETE.label}\u201d. "
            f"Status sekarang: {application.get_status_display()}.",
        )
        return redirect("application_detail", pk=application.pk)

    formset = requirement_formset(
        application,
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and formset.is_valid():
        checks = formset.save(commit=False)
        new_scans = [f.instance.scan for f in formset.forms if "scan" in f.changed_data]
        try:
            verification.update_requirement_checks(
                actor=request.user, application_id=application.pk, checks=checks
            )
        except services.TransitionError as error:
            discard_stored(new_scans)
            messages.error(request, error.message)
            return redirect("application_detail", pk=application.pk)
        except BaseException:
            discard_stored(new_scans)
            raise
        messages.success(request, "Daftar persyaratan berhasil disimpan.")
        return redirect("application_detail", pk=application.pk)
    return render(
        request,
        "permits/requirements.html",
        {
            "application": application,
            "formset": formset,
            "upload_help": UPLOAD_HELP,
            "uploads_dropped": formset.is_bound and bool(request.FILES),
        },
    )
