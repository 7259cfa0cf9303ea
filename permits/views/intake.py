"""FO counter: registering a new file (step 1) and updating its requirement checklist."""

import logging
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from office.access import require_role
from office.roles import Role
from permits import services, verification
from permits.form_fields import UPLOAD_HELP
from permits.forms.intake import IntakeForm
from permits.forms.kswp import KswpCheckForm
from permits.forms.verification import requirement_formset
from permits.models import Applicant, KeptUpload, ServiceStandard
from permits.models.standard import by_category, matching
from permits.views.access import discard_stored, file_or_404
from workflow.table import Status

logger = logging.getLogger(__name__)


def _intake_token(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        return None


FO_ONLY = "Hanya petugas Front Office yang dapat mendaftarkan berkas."


@require_http_methods(["GET"])
def choose_service(request):
    """The FO picks the service first; with a single service offered, its form at once."""
    require_role(request.user, Role.FO, FO_ONLY)
    offered = ServiceStandard.objects.in_force_each()
    if len(offered) == 1:
        return redirect("intake_service", code=offered[0].service.code)
    search = (request.GET.get("q") or "").strip()[:100]
    shown = matching(offered, search)
    return render(
        request,
        "permits/intake_choose.html",
        {
            "groups": by_category(shown),
            "search": search,
            "offered_count": len(offered),
            "shown_count": len(shown),
        },
    )


def _offered_version(code: str) -> ServiceStandard:
    """The version new files of the active service `code` take today, or 404."""
    try:
        return ServiceStandard.objects.filter(service__active=True).in_force(code)
    except ServiceStandard.DoesNotExist:
        raise Http404(
            "Layanan tidak ditemukan, tidak aktif, atau belum memiliki standar yang berlaku."
        ) from None


@require_http_methods(["GET", "POST"])
def register(request, code: str):
    require_role(request.user, Role.FO, FO_ONLY)
    standard = _offered_version(code)
    requirements = list(standard.requirements.filter(active=True).order_by("order"))
    uploads_dropped = False
    if request.method == "POST":
        intake_token = _intake_token(request.POST.get("intake_token"))
        kept = KeptUpload.objects.for_form(intake_token, request.user)
        kept_fields = KeptUpload.objects.for_fields(intake_token, request.user)
        form = IntakeForm(
            request.POST,
            request.FILES,
            standard=standard,
            requirements=requirements,
            officer=request.user,
            kept=kept,
            kept_fields=kept_fields,
            intake_token=intake_token,
        )
        if form.is_valid():
            applicant, application, checks = form.build()
            declared = form.declared_files()
            stored = [check.scan for check in checks] + [row.file for row in declared]
            try:
                application = services.register_application(
                    actor=request.user,
                    applicant=applicant,
                    application=application,
                    requirement_checks=checks,
                    intake_token=intake_token,
                    kept_uploads=[*kept.values(), *kept_fields.values()],
                    standard=standard,
                    declared_files=declared,
                )
            except services.AlreadyRegistered as already:
                discard_stored(stored)
                messages.info(
                    request,
                    f"Formulir ini sudah dikirim: berkas {already.application.registration_number} "
                    "telah terdaftar dan tidak didaftarkan dua kali.",
                )
                return redirect("application_detail", pk=already.application.pk)
            except BaseException:
                discard_stored(stored)
                raise
            messages.success(
                request, f"Berkas {application.registration_number} berhasil didaftarkan."
            )
            return redirect("application_detail", pk=application.pk)
        if intake_token is None:
            intake_token = uuid.uuid4()
        # The browser drops chosen files when the form comes back: keep those that passed.
        for row, uploaded in form.new_scans:
            try:
                row.kept = KeptUpload.objects.keep(
                    intake_token=intake_token,
                    requirement=row.requirement,
                    uploaded=uploaded,
                    original_name=row.original_name,
                    kept_by=request.user,
                )
            except OSError:
                logger.exception("Pindaian untuk formulir %s tidak dapat disimpan.", intake_token)
                uploads_dropped = True
        for name, uploaded in form.new_field_uploads.items():
            try:
                kept_upload = KeptUpload.objects.keep(
                    intake_token=intake_token,
                    field_name=name,
                    uploaded=uploaded,
                    original_name=form.data_form.original_name(name),
                    kept_by=request.user,
                )
                form.data_form.mark_kept(name, kept_upload)
            except OSError:
                logger.exception("Berkas isian formulir %s tidak dapat disimpan.", intake_token)
                uploads_dropped = True
    else:
        intake_token = uuid.uuid4()
        form = IntakeForm(standard=standard, requirements=requirements, officer=request.user)
    return render(
        request,
        "permits/intake.html",
        {
            "form": form,
            "standard": standard,
            "intake_token": intake_token,
            "uploads_dropped": uploads_dropped or (form.is_bound and form.uploads_refused),
            "upload_help": UPLOAD_HELP,
        },
    )


@require_http_methods(["GET", "POST"])
def requirements(request, pk: int):
    require_role(
        request.user, Role.FO, "Hanya petugas Front Office yang dapat mengubah persyaratan."
    )
    application = file_or_404(request.user, pk)
    if not verification.can_edit_requirements(request.user, application):
        messages.error(
            request,
            "Persyaratan hanya dapat diubah selama berkas berstatus "
            f"\u201c{Status.SUBMITTED.label}\u201d atau \u201c{Status.INCOMPLETE.label}\u201d. "
            f"Status sekarang: {application.get_status_display()}.",
        )
        return redirect("application_detail", pk=application.pk)

    posted = request.method == "POST"
    formset = requirement_formset(
        application, request.POST if posted else None, request.FILES if posted else None
    )
    # The form edits a copy: a refused save leaves the page's applicant as it was. A post
    # without the KSWP part (an older page) leaves the last check as it is.
    kswp_posted = posted and any(key.startswith("kswp-") for key in request.POST)
    kswp_form = KswpCheckForm(
        request.POST if kswp_posted else None,
        instance=Applicant.objects.get(pk=application.applicant_id),
    )
    kswp_valid = kswp_form.is_valid() if kswp_posted else True
    if posted and formset.is_valid() and kswp_valid:
        checks = formset.save(commit=False)
        new_scans = [f.instance.scan for f in formset.forms if "scan" in f.changed_data]
        kswp = None
        if kswp_posted and kswp_form.has_changed():
            kswp = (
                kswp_form.cleaned_data["kswp_result"],
                kswp_form.cleaned_data["kswp_checked_on"],
            )
        try:
            verification.update_requirement_checks(
                actor=request.user, application_id=application.pk, checks=checks, kswp=kswp
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
            "kswp_form": kswp_form,
            "upload_help": UPLOAD_HELP,
            "uploads_dropped": formset.is_bound and bool(request.FILES),
        },
    )
