"""The applicant's side of the numbered letters: verify one from its QR code, download it.

Verification shows the register's record of the letter (number, date, subject, who signed),
the electronic signature of the stored document, and compares an uploaded PDF with it, as
the permit's verification page does (public/views.py), with the same per-address limits.
The download proves itself with the file's registration number and tracking code.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from office import throttle
from office.models import OfficeProfile
from permits.forms.lookup import LetterCheckForm
from permits.models import Letter
from permits.models.permit import could_be_verification_code
from permits.private_files import private_file_response
from public import views as tracking_views
from tracking.downloads import record_download
from tracking.models import Document

NOT_FOUND = "Surat tidak ditemukan."
LETTER_NOT_READY = "Surat ini belum dapat diunduh. Silakan coba lagi beberapa saat lagi."


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify_letter(request, code: str):
    letter = (
        Letter.objects.select_related("series", "application")
        .filter(verification_code=code)
        .first()
        if could_be_verification_code(code)
        else None
    )
    if throttle.lookup_blocked(request):
        context = {"failure": throttle.TOO_MANY_ATTEMPTS}
        return tracking_views.public_response(
            render(request, "public/verify_letter.html", context, status=429)
        )
    throttle.count_lookup(request, matched=letter is not None)
    if letter is None:
        context = {"failure": NOT_FOUND}
        return tracking_views.public_response(
            render(request, "public/verify_letter.html", context, status=404)
        )

    context, status = tracking_views.checked_upload(request, letter, LetterCheckForm)
    context.update({"letter": letter, "issuer": OfficeProfile.current()})
    return tracking_views.public_response(
        render(request, "public/verify_letter.html", context, status=status)
    )


@login_not_required
@never_cache
@require_POST
def download_letter(request, pk: int):
    """One of the file's letters, for the applicant who proves the file with its codes."""
    application, refusal = tracking_views.look_up_file(request, request.POST)
    if refusal:
        return refusal
    letter = (
        Letter.objects.select_related("series")
        .filter(pk=pk, application=application)
        .exclude(pdf="")
        .first()
    )
    response = None
    if letter is not None:
        try:
            response = private_file_response(
                letter.pdf,
                f"surat-{letter.series.code.lower()}-{letter.year}-{letter.sequence:04d}.pdf",
                as_attachment=True,
                content_type="application/pdf",
            )
        except FileNotFoundError:
            response = None
    if response is None:
        return tracking_views.result_page(
            request, application, failure=LETTER_NOT_READY, status=404
        )
    record_download(
        request,
        Document.LETTER,
        application_id=application.pk,
        item_id=letter.pk,
        tracking_code=application.tracking_code,
    )
    return tracking_views.public_response(response)
