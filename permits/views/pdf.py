"""A file's documents, shown inline in the browser to the staff who work on the file.

Receipt, draft, control card and rejection letter are rendered on request from the
file's data and its control card. The final permit is never rendered here: it was
rendered once at numbering, and this view serves exactly the stored bytes.
Who may open which document is permits/access_policy.py; every download is recorded
(tracking.downloads).
"""

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from office.access import staff_required
from permits import access_policy
from permits.documents.control_card import render_control_card
from permits.documents.draft import render_draft
from permits.documents.receipt import ReceiptNotIssued, render_receipt
from permits.documents.rejection import render_rejection_letter
from permits.models import Application, Letter, LetterKind, Permit
from permits.private_files import private_file_response
from permits.views.access import file_or_404
from tracking.downloads import record_download
from tracking.models import Document
from workflow.table import Status, position

DRAFT_STATUSES = frozenset({Status.PRINTED, Status.INITIALED})


def _inline_pdf(request, application: Application, document: Document, pdf: bytes, name: str):
    record_download(request, document, application_id=application.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The draft is embedded in the Kabid's and Kepala Dinas's approval pages; the others may be.
@xframe_options_sameorigin
@staff_required
@require_GET
def receipt(request, pk: int):
    application = file_or_404(request.user, pk, document=Document.RECEIPT)
    try:
        pdf = render_receipt(application)
    except ReceiptNotIssued:
        raise Http404("Tanda terima belum diterbitkan.") from None
    return _inline_pdf(
        request,
        application,
        Document.RECEIPT,
        pdf,
        f"tanda-terima-{application.registration_number}.pdf",
    )


# The one response our own pages frame (templates/permits/transition_confirm.html): every other
# page and document has frame-ancestors 'none' (config/settings.py).
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
@staff_required
@require_GET
def draft(request, pk: int):
    application = file_or_404(request.user, pk, document=Document.DRAFT)
    if application.status not in DRAFT_STATUSES:
        raise Http404("Draf izin hanya tersedia saat menunggu paraf atau tanda tangan.")
    return _inline_pdf(
        request,
        application,
        Document.DRAFT,
        render_draft(application),
        f"draf-izin-{application.registration_number}.pdf",
    )


@xframe_options_sameorigin
@staff_required
@require_GET
def control_card(request, pk: int):
    application = file_or_404(request.user, pk, document=Document.CONTROL_CARD)
    return _inline_pdf(
        request,
        application,
        Document.CONTROL_CARD,
        render_control_card(application),
        f"kartu-kendali-{application.registration_number}.pdf",
    )


@xframe_options_sameorigin
@staff_required
@require_GET
def rejection(request, pk: int):
    application = file_or_404(request.user, pk, document=Document.REJECTION)
    if application.status != Status.REJECTED:
        raise Http404("Permohonan ini tidak ditolak.")
    return _inline_pdf(
        request,
        application,
        Document.REJECTION,
        render_rejection_letter(application),
        f"surat-penolakan-{application.registration_number}.pdf",
    )


@xframe_options_sameorigin
@staff_required
@require_GET
def permit(request, pk: int):
    """The stored bytes of the issued permit (404 until it is numbered and rendered).

    One lean query (no model instances) and one insert for the log: this is the download
    every later copy goes through.
    """
    access_policy.refuse_unless_any(request.user, Document.PERMIT)
    row = (
        Permit.objects.filter(application_id=pk)
        .values_list("pdf", "pdf_sha256", "application__registration_number", "application__status")
        .first()
    )
    if row is None or not row[0]:
        raise Http404("Dokumen izin belum tersedia.")
    name, sha256, registration_number, status = row
    access_policy.refuse_unless(request.user, status, Document.PERMIT)
    try:
        response = private_file_response(
            name,
            f"izin-{registration_number}.pdf",
            as_attachment=False,
            content_type="application/pdf",
            storage=Permit._meta.get_field("pdf").storage,
            etag=sha256,
        )
    except FileNotFoundError:
        raise Http404("Dokumen izin tidak ditemukan.") from None
    record_download(request, Document.PERMIT, application_id=pk)
    return response


@xframe_options_sameorigin
@staff_required
@require_GET
def letter(request, pk: int, letter_pk: int):
    """The stored bytes of one of the file's numbered letters (never rendered here)."""
    application = file_or_404(request.user, pk, document=Document.LETTER)
    found = Letter.objects.filter(pk=letter_pk, application=application).exclude(pdf="").first()
    if found is None:
        raise Http404("Dokumen surat belum tersedia.")
    try:
        response = private_file_response(
            found.pdf,
            f"surat-{found.number.replace('/', '-')}.pdf",
            as_attachment=False,
            content_type="application/pdf",
            storage=Letter._meta.get_field("pdf").storage,
            etag=found.pdf_sha256,
        )
    except FileNotFoundError:
        raise Http404("Dokumen surat tidak ditemukan.") from None
    record_download(request, Document.LETTER, application_id=application.pk, item_id=found.pk)
    return response


def letters_for(user, application: Application) -> list[Letter] | None:
    """The file's numbered letters, newest first, or None for a role that may not open them."""
    if not access_policy.may_open(user, application.status, Document.LETTER):
        return None
    return list(application.letters.select_related("series").order_by("-created_at", "-pk"))


def documents_for(user, application: Application) -> list[tuple[str, str]]:
    """(label, url) of the documents a file has at its status that the user may open.

    The numbered letters are listed apart (`letters_for`); the rejection letter rendered on
    request remains only for a file rejected before letters were numbered.
    """
    done_upto, _ = position(application.status)
    status = application.status
    found = []
    if done_upto >= 2 or status == Status.REJECTED:
        found.append((Document.RECEIPT, "pdf_receipt"))
    if status in DRAFT_STATUSES:
        found.append((Document.DRAFT, "pdf_draft"))
    if (
        status == Status.REJECTED
        and not application.letters.filter(kind=LetterKind.REJECTION).exists()
    ):
        found.append((Document.REJECTION, "pdf_rejection"))
    if status in (Status.NUMBERED, Status.HANDED_OVER):
        found.append((Document.PERMIT, "pdf_permit"))
    found.append((Document.CONTROL_CARD, "pdf_control_card"))
    return [
        (document.label, reverse(url_name, args=[application.pk]))
        for document, url_name in found
        if access_policy.may_open(user, status, document)
    ]
