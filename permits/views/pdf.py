"""A file's documents, shown inline in the browser to staff.

Receipt, draft, control card and rejection letter are rendered on request from the
file's data and its control card. The final permit is never rendered here: it was
rendered once at numbering, and this view serves exactly the stored bytes.
"""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from permits.documents.control_card import render_control_card
from permits.documents.draft import render_draft
from permits.documents.receipt import ReceiptNotIssued, render_receipt
from permits.documents.rejection import render_rejection_letter
from permits.models import Application, Permit
from permits.views.access import staff_required
from permits.workflow import Status, position

DRAFT_STATUSES = frozenset({Status.PRINTED, Status.INITIALED})


def _secure(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _inline_pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _secure(response)


def _application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("applicant"), pk=pk)


# The draft is embedded in the Kabid's and Kepala Dinas's approval pages; the others may be.
@xframe_options_sameorigin
@staff_required
@require_GET
def receipt(request, pk: int):
    application = _application(pk)
    try:
        pdf = render_receipt(application)
    except ReceiptNotIssued:
        raise Http404("Tanda terima belum diterbitkan.") from None
    return _inline_pdf(pdf, f"tanda-terima-{application.registration_number}.pdf")


@xframe_options_sameorigin
@staff_required
@require_GET
def draft(request, pk: int):
    application = _application(pk)
    if application.status not in DRAFT_STATUSES:
        raise Http404("Draf izin hanya tersedia saat menunggu paraf atau tanda tangan.")
    return _inline_pdf(
        render_draft(application), f"draf-izin-{application.registration_number}.pdf"
    )


@xframe_options_sameorigin
@staff_required
@require_GET
def control_card(request, pk: int):
    application = _application(pk)
    return _inline_pdf(
        render_control_card(application), f"kartu-kendali-{application.registration_number}.pdf"
    )


@xframe_options_sameorigin
@staff_required
@require_GET
def rejection(request, pk: int):
    application = _application(pk)
    if application.status != Status.REJECTED:
        raise Http404("Permohonan ini tidak ditolak.")
    return _inline_pdf(
        render_rejection_letter(application),
        f"surat-penolakan-{application.registration_number}.pdf",
    )


@xframe_options_sameorigin
@staff_required
@require_GET
def permit(request, pk: int):
    """The stored bytes of the issued permit (404 until it is numbered and rendered).

    One lean query (no model instances): this is the download every later copy goes through.
    """
    row = (
        Permit.objects.filter(application_id=pk)
        .values_list("pdf", "pdf_sha256", "application__registration_number")
        .first()
    )
    if row is None or not row[0]:
        raise Http404("Dokumen izin belum tersedia.")
    name, sha256, registration_number = row
    try:
        handle = Permit._meta.get_field("pdf").storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("Dokumen izin tidak ditemukan.") from None
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=f"izin-{registration_number}.pdf",
        content_type="application/pdf",
    )
    if sha256:
        response["ETag"] = f'"{sha256}"'
    return _secure(response)


def documents_for(application: Application) -> list[tuple[str, str]]:
    """(label, url) of the documents a file has at its status, for the file's page."""
    done_upto, _ = position(application.status)
    found = []
    if done_upto >= 2 or application.status == Status.REJECTED:
        found.append(("Tanda terima", reverse("pdf_receipt", args=[application.pk])))
    if application.status in DRAFT_STATUSES:
        found.append(("Draf izin", reverse("pdf_draft", args=[application.pk])))
    if application.status == Status.REJECTED:
        found.append(("Surat penolakan", reverse("pdf_rejection", args=[application.pk])))
    if application.status in (Status.NUMBERED, Status.HANDED_OVER):
        found.append(("Izin (final)", reverse("pdf_permit", args=[application.pk])))
    found.append(("Kartu kendali", reverse("pdf_control_card", args=[application.pk])))
    return found
