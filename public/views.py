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
from django.core.cache import cache
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
from permits.models.permit import could_be_verification_code
from permits.private_files import private_file_response
from permits.signing.validation import INTACT, check_pdf_signature
from tracking.downloads import client_address, record_download
from tracking.models import Document
from workflow.table import Status

NOT_YET_AVAILABLE = "Dokumen izin belum dapat diunduh: izin belum diberi nomor."
NOT_FOUND = "Dokumen tidak ditemukan."


def public_response(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _track_page(request, *, form, status=200, **context):
    return public_response(
        render(request, "public/track.html", {"form": form, **context}, status=status)
    )


def result_page(request, application, *, status=200, **context):
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


def look_up_file(request, data):
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
    application, refusal = look_up_file(request, data)
    return refusal or result_page(request, application)


@login_not_required
@never_cache
@require_POST
def download(request):
    """The stored permit PDF, exactly as rendered at numbering; the first download hands it over.

    Recorded in the download log with a fingerprint of the tracking code (tracking.downloads).
    """
    application, refusal = look_up_file(request, request.POST)
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
        return result_page(request, application, failure=NOT_YET_AVAILABLE, status=404)
    try:
        if application.status == Status.NUMBERED:
            services.record_electronic_handover(
                application_id=application.pk, address=client_address(request)
            )
        record_download(
            request,
            Document.PERMIT,
            application_id=application.pk,
            tracking_code=application.tracking_code,
        )
    except Exception:
        response.close()
        raise
    return public_response(response)


@login_not_required
@never_cache
@require_POST
def stop_whatsapp(request):
    """The applicant's opt-out: no more WhatsApp notices for their files, from now on."""
    application, refusal = look_up_file(request, request.POST)
    if refusal:
        return refusal
    services.opt_out_of_whatsapp(application_id=application.pk)
    application.applicant.refresh_from_db()
    return result_page(
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
        if could_be_verification_code(code)
        else None
    )
    # Every verification counts, right or wrong, like the tracking look-up (tracking/lookup.py).
    if throttle.lookup_blocked(request):
        context = {"failure": throttle.TOO_MANY_ATTEMPTS}
        return public_response(render(request, "public/verify.html", context, status=429))
    throttle.count_lookup(request, matched=permit is not None)
    if permit is None:
        return public_response(
            render(request, "public/verify.html", {"failure": NOT_FOUND}, status=404)
        )

    context, status = checked_upload(request, permit, DocumentCheckForm)
    context.update({"permit": permit, "issuer": OfficeProfile.current()})
    return public_response(render(request, "public/verify.html", context, status=status))


def checked_upload(request, document, form_class) -> tuple[dict, int]:
    """The verification of an issued `document` (a permit or a numbered letter: anything with
    `pdf` and `pdf_sha256`): on POST, the uploaded PDF compared with it and its signature
    checked, within the per-address upload limit; otherwise, and for an upload that could not
    be read, the report of the stored document itself, for whoever scanned the QR code.
    Returns the template context and the status."""
    context = {"form": form_class()}
    status = 200
    if request.method == "POST":
        if throttle.VERIFY_UPLOADS.is_exhausted(request):
            context["upload_refused"] = throttle.TOO_MANY_ATTEMPTS
            status = 429
        else:
            throttle.VERIFY_UPLOADS.hit(request)
            form = form_class(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                uploaded_sha256 = form.sha256()
                context["uploaded_sha256"] = uploaded_sha256
                context["outcome"] = _compare(uploaded_sha256, document.pdf_sha256)
                context.update(
                    _check_signature(form.cleaned_data["document"], document, context["outcome"])
                )
                context["issued"] = context["outcome"] in ("match", "earlier")
    if "signature" not in context:
        # An upload's report takes the place of the stored document's.
        context.update(_stored_report(document))
    return context, status


STORED_CHECK_SECONDS = 10 * 60


def _stored_bytes(permit) -> bytes | None:
    if not permit.pdf:
        return None
    try:
        with permit.pdf.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


def _stored_check(permit, data: bytes | None = None):
    """The check of the stored document, kept a few minutes per SHA-256 (the validation takes
    a tenth of a second or more, and the page is public). None when it cannot be read."""
    if not permit.pdf_sha256:
        return None
    key = f"kendali:signature-check:{permit.pdf_sha256.strip().lower()}"
    check = cache.get(key)
    if check is None:
        data = _stored_bytes(permit) if data is None else data
        if data is None:
            return None
        check = check_pdf_signature(data)
        cache.set(key, check, STORED_CHECK_SECONDS)
    return check


def _stored_report(permit) -> dict:
    if not (permit.pdf and permit.pdf_sha256):
        return {}
    check = _stored_check(permit)
    if check is None:
        return {"stored_unreadable": True}
    return {"stored_signature": check}


def _check_signature(uploaded, permit, outcome: str) -> dict:
    """The uploaded PDF's electronic signature, validated against the configured trust roots.

    `signed_part` compares what the signature covers with what it covers in the issued
    document: an issued permit with something appended after signing still has the issued
    signed revision, and is still "modified": the issued permit is one signed revision followed
    at most by long-term validation data (DSS, document timestamps), so any other byte after
    it (metadata or trailing bytes included) is a change after signing.
    Only an upload whose SHA-256 equals the stored one (`outcome == "match"`) is the issued
    file, or (`"earlier"`) one the office issued before it added a new document timestamp:
    the stored file starts with all of its bytes, and it is intact up to its own end.
    """
    uploaded.seek(0)
    data = uploaded.read()
    check = check_pdf_signature(data)
    found = {"signature": check}
    stored = _stored_bytes(permit) if permit.pdf_sha256 else None
    issued_signed_sha256 = permit.pdf_sha256
    if stored is not None:
        stored_check = _stored_check(permit, stored)
        if stored_check is not None and stored_check.signed_revision_sha256:
            issued_signed_sha256 = stored_check.signed_revision_sha256
        if (
            outcome == "mismatch"
            and check.verdict == INTACT
            and len(data) < len(stored)
            and hmac.compare_digest(stored[: len(data)], data)
        ):
            found["outcome"] = "earlier"
    found["signed_part"] = (
        _compare(check.signed_revision_sha256, issued_signed_sha256)
        if check.signed_revision_sha256
        else "unavailable"
    )
    return found


def _compare(uploaded_sha256: str, issued_sha256: str) -> str:
    if not issued_sha256:
        return "unavailable"
    same = hmac.compare_digest(uploaded_sha256.lower(), issued_sha256.strip().lower())
    return "match" if same else "mismatch"
