"""The numbered letters of the register as PDF: rendered once, signed, returned as bytes.

One template per kind (templates/pdf/letter_<kind>.html, all on pdf/_letter.html), filled
from what the letter recorded when it was numbered (`Letter.content`, the signatory, the
date) and from the file; the signature field goes in the `#ttd-elektronik` box of the
signature block, as on the permit. permits/letters.py stores the result.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.dateparse import parse_date, parse_datetime

from office.indonesian import hari_tanggal, jam, tanggal, tanggal_jam
from office.links import letter_verification_url
from office.models import OfficeProfile
from office.pdf import DocumentMetadata, DocumentRenderError, render_pdf_with_layout
from permits.documents import context as ctx
from permits.documents.permit import tembusan
from permits.documents.qr import qr_data_uri
from permits.documents.signature import SIGNATURE_ANCHOR, signature_box
from permits.models import Letter, LetterKind, StandardItem
from permits.signing import SigningError, get_signer
from permits.signing.ltv import long_term_if_enabled
from permits.signing.validation import signing_time_of

TEMPLATES = {
    LetterKind.INCOMPLETE: "pdf/letter_incomplete.html",
    LetterKind.RETURNED: "pdf/letter_returned.html",
    LetterKind.REJECTION: "pdf/letter_rejection.html",
    LetterKind.HANDOVER: "pdf/letter_handover.html",
}


class LetterDocumentError(Exception):
    """The letter's PDF could not be made now; the message is for the register."""


@dataclass(frozen=True)
class SignedLetter:
    pdf: bytes
    signed_at: datetime | None
    timestamp_expires_at: datetime | None = None


def _date(value) -> date | None:
    return parse_date(value) if isinstance(value, str) and value else None


def _moment(value) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) and value else None


def _kind_context(letter: Letter) -> dict:
    content = letter.content or {}
    if letter.kind == LetterKind.RETURNED:
        due = _date(content.get("due_on"))
        return {"due_text": hari_tanggal(due), "correction_days": content.get("correction_days")}
    if letter.kind == LetterKind.HANDOVER:
        at = _moment(content.get("handed_over_at"))
        download = content.get("download") or {}
        return {
            "handed_over_day": hari_tanggal(at),
            "handed_over_time": jam(at),
            "permit_issued_text": tanggal(_date(content.get("permit_issued_on"))),
            "download_text": tanggal_jam(_moment(download.get("at"))),
            "download_address": download.get("address") or "",
        }
    return {}


def letter_context(letter: Letter) -> dict:
    application = letter.application
    office = ctx.office_context()
    terms = ctx.service_terms(application)
    standard = terms["standard"]
    channels = StandardItem.objects.filter(
        standard=standard, component=StandardItem.Component.COMPLAINT_CHANNEL
    ).order_by("order")
    url = letter_verification_url(letter)
    position = letter.signatory_position
    if not letter.on_behalf:
        position = f"{position} {office['region']}"
    return {
        **office,
        **terms,
        **_kind_context(letter),
        "letter": letter,
        "content": letter.content or {},
        "application": application,
        "applicant": application.applicant,
        "letter_date": tanggal(letter.dated),
        "received_date": tanggal(terms["received_at"]) if terms["received_at"] else "",
        "complaint_channels": [item.text for item in channels],
        "signatory_position_text": position,
        "verification_url": url,
        "qr": qr_data_uri(url),
        "tembusan": tembusan(
            office["region"], to_applicant=False, industry=standard.asks_industry_expansion
        ),
    }


def render_letter_for_signing(letter: Letter):
    """The unsigned PDF and where its signature goes."""
    try:
        template = TEMPLATES[letter.kind]
    except KeyError:
        raise LetterDocumentError("Surat jenis ini tidak dibuat oleh sistem.") from None
    try:
        context = letter_context(letter)
        pdf, pages = render_pdf_with_layout(
            template,
            context,
            metadata=DocumentMetadata(
                title=f"{letter.subject} Nomor {letter.number}",
                number=letter.number,
                office=context["office_full_name"],
                issued_on=letter.dated,
                subject=f"{letter.subject}, {letter.application.registration_number}",
            ),
        )
    except DocumentRenderError as err:
        raise LetterDocumentError(f"Surat tidak dapat dibuat: {err}") from err
    box = signature_box(pages)
    if box is None:
        raise LetterDocumentError(
            f"Tempat tanda tangan elektronik (#{SIGNATURE_ANCHOR}) tidak ada pada {template}."
        )
    return pdf, box


def render_signed_letter(letter: Letter, *, signer=None) -> SignedLetter:
    pdf, box = render_letter_for_signing(letter)
    try:
        signed = (signer or get_signer(letter.signatory)).sign(
            pdf,
            field=box,
            reason=f"{letter.subject} Nomor {letter.number}",
            signer_name=letter.signatory_name or letter.signatory_position,
            location=OfficeProfile.current().city,
        )
        # PAdES B-LTA when a TSA is configured, as for the permit (permits/signing/ltv.py).
        long_term = long_term_if_enabled(signed)
    except SigningError as err:
        raise LetterDocumentError(f"Surat belum dapat ditandatangani. {err.message}") from err
    return SignedLetter(
        pdf=long_term.pdf,
        signed_at=signing_time_of(signed),
        timestamp_expires_at=long_term.timestamp_expires_at,
    )
