"""The applicant's pages: track a file, download the permit, verify a permit. No login.

Verification compares an uploaded PDF with the issued bytes (SHA-256) and validates its
electronic signature with pyHanko (permits.signing.validation).

Every failed look-up reads the same and counts toward a per-address limit, so
the pages say nothing about which part was wrong and cannot be used to guess codes.
Codes travel in POST bodies where the applicant types them; the GET form exists
because the receipt's QR code and the e-mails open the page with them filled in.
"""

import hmac

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from office import throttle
from office.models import OfficeProfile
from permits import services
from permits.applicant_view import permit_of, public_tracking
from permits.forms.lookup import DocumentCheckForm, TrackingForm
from permits.lookup import look_up
from permits.models import Permit
from permits.private_files import private_file_response
from permits.signing.validation import check_pdf_signature
from tracking.downloads import record_download
from tracking.models import Document
from workflow.table import Status

NOT_YET_AVAILABLE = "Dokumen izin belum dapat diunduh: izin belum diberi nomor."
NOT_FOUND = "Dokumen tidak ditemukan."


def _public(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _track_page(request, *, form, status=200, **context):
    return _public(render(request, "public/track.html", {"form": form, **context}, status=status))


def _result_page(request, application, *, status=200, **context):
    """The file's public view, with the credentials the download form posts back."""
    return _track_page(
        request,
        form=TrackingForm(),
        tracking=public_tracking(application),
        credentials={"no": application.registration_number, "kode": application.tracking_code},
        whatsapp_on=bool(application.applicant.whatsapp_recipient),
        status=status,
        **context,
    )


def _look_up(request, data):
    """(application, response): the matched application, or the page that refuses."""
    found = look_up(request, data)
    if found.application is None:
        refusal = _track_page(
            request, form=found.retry_form, failure=found.failure, status=found.status
        )
        return None, refusal
    return found.application, None


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not ("no" in data and "kode" in data):
        return _track_page(request, form=TrackingForm(initial={"no": data.get("no", "")[:40]}))
    application, refusal = _look_up(request, data)
    return refusal or _result_page(request, application)


@login_not_required
@never_cache
@require_POST
def download(request):
    """The stored permit PDF, exactly as rendered at numbering; the first download hands it over.

    Recorded in the download log with a fingerprint of the tracking code (tracking.downloads).
    """
    application, refusal = _look_up(request, request.POST)
    if refusal:
        return refusal
    permit = permit_of(application)
    response = None
    if permit is not None and permit.pdf:
        try:
            response = private_file_response(
                permit.pdf,
                f"izin-{application.registration_number}.pdf",
                as_attachment=True,
                content_type="application/pdf",
            )
        except FileNotFoundError:
            response = None
    if response is None:
        return _result_page(request, application, failure=NOT_YET_AVAILABLE, status=404)
    try:
        if application.status == Status.NUMBERED:
            services.record_electronic_handover(application_id=application.pk)
        record_download(
            request,
            Document.PERMIT,
            application_id=application.pk,
            tracking_code=application.tracking_code,
        )
    except Exception:
        response.close()
        raise
    return _public(response)


@login_not_required
@never_cache
@require_POST
def stop_whatsapp(request):
    """The applicant's opt-out: no more WhatsApp notices for their files, from now on."""
    application, refusal = _look_up(request, request.POST)
    if refusal:
        return refusal
    services.opt_out_of_whatsapp(application_id=application.pk)
    application.applicant.refresh_from_db()
    return _result_page(
        request,
        application,
        notice="Anda tidak akan menerima pemberitahuan WhatsApp lagi. E-mail tetap dikirim.",
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code: str):
    permit = (
        Permit.objects.select_related("application").filter(verification_code=code).first()
        if len(code) <= 40
        else None
    )
    # Every verification counts, right or wrong, like the tracking look-up (tracking/lookup.py).
    if throttle.lookup_blocked(request):
        context = {"failure": throttle.TOO_MANY_ATTEMPTS}
        return _public(render(request, "public/verify.html", context, status=429))
    throttle.count_lookup(request, matched=permit is not None)
    if permit is None:
        return _public(render(request, "public/verify.html", {"failure": NOT_FOUND}, status=404))

    context = {"permit": permit, "issuer": OfficeProfile.current(), "form": DocumentCheckForm()}
    status = 200
    if request.method == "POST":
        if throttle.VERIFY_UPLOADS.is_exhausted(request):
            context["upload_refused"] = throttle.TOO_MANY_ATTEMPTS
            status = 429
        else:
            throttle.VERIFY_UPLOADS.hit(request)
            form = DocumentCheckForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                uploaded_sha256 = form.sha256()
                context["uploaded_sha256"] = uploaded_sha256
                context["outcome"] = _compare(uploaded_sha256, permit.pdf_sha256)
                context.update(_check_signature(form.cleaned_data["document"], permit))
    return _public(render(request, "public/verify.html", context, status=status))


def _check_signature(uploaded, permit) -> dict:
    """The uploaded PDF's electronic signature, validated against the configured trust roots.

    `signed_part` compares what the signature covers with the issued document: an issued
    permit with something appended after signing still has the issued bytes as its signed part,
    and is still "modified": the issued permit is one signed revision covering the whole file,
    so any byte after it (metadata or trailing bytes included) is a change after signing.
    Only an upload whose SHA-256 equals the stored one (`outcome == "match"`) is the issued file.
    """
    uploaded.seek(0)
    check = check_pdf_signature(uploaded.read())
    signed_part = (
        _compare(check.signed_revision_sha256, permit.pdf_sha256)
        if check.signed_revision_sha256
        else "unavailable"
    )
    return {"signature": check, "signed_part": signed_part}


def _compare(uploaded_sha256: str, issued_sha256: str) -> str:
    if not issued_sha256:
        return "unavailable"
    same = hmac.compare_digest(uploaded_sha256.lower(), issued_sha256.strip().lower())
    return "match" if same else "mismatch"
