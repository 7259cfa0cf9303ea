"""The final permit: a regional decree (keputusan) rendered once, at numbering, and kept.

`issue_permit_document` renders it, signs it electronically (PAdES, a visible signature
in the signature block; see permits/signing), stores the signed bytes privately with their
SHA-256 and size, and refuses to run again: every later download serves exactly those bytes.
"""

import hashlib
import logging
import re

from django.utils import timezone

from office.files import StorageFailure, save_whole
from office.indonesian import tanggal, tanggal_jam
from office.links import verification_url
from office.models import OfficeProfile
from office.pdf import DocumentMetadata, render_pdf, render_pdf_with_layout
from permits.documents import context as ctx
from permits.documents import decree_template, decree_values
from permits.documents.qr import qr_data_uri
from permits.documents.signature import SIGNATURE_ANCHOR, signature_box
from permits.models import Permit, StandardItem
from permits.signing import SignatureBox, SigningError, get_signer
from permits.signing.ltv import long_term_if_enabled
from permits.signing.validation import signing_time_of

PERMIT_TEMPLATE = "pdf/permit.html"

logger = logging.getLogger(__name__)


class PermitDocumentError(Exception):
    """The permit's document cannot be (re)issued; the message is written for the officer.

    The numbering step turns it into a TransitionError: no number is consumed.
    """


class PermitSigningError(PermitDocumentError):
    """The final permit could not be signed electronically (wraps signing.SigningError)."""


def _sentence(text: str, last: bool) -> str:
    text = text.strip().rstrip(";.")
    return f"{text}." if last else f"{text};"


def tembusan(region: str, *, to_applicant: bool = True, industry: bool = True) -> list[str]:
    """Copies (tembusan) of a decree or letter of the office; the IUPI's go to the office
    for industry, another service's to the technical office concerned."""
    sector = "yang membidangi perindustrian" if industry else "teknis terkait"
    lines = [
        f"Bupati {region.removeprefix('Kabupaten ').strip()} (sebagai laporan);",
        f"Kepala Perangkat Daerah {sector} {region};",
    ]
    if to_applicant:
        lines.append("Pemohon yang bersangkutan;")
    return [*lines, "Arsip."]


def _considerations(application, product: str, terms: dict, office: dict) -> list:
    """The built-in Menimbang: the application and its examination, then the need to decide."""
    received = tanggal(terms["received_at"]) if terms["received_at"] else ""
    inspection = getattr(application, "field_inspection", None)
    basis = (
        f" serta Berita Acara Pemeriksaan Lapangan tanggal {tanggal(inspection.inspected_on)}"
        if inspection is not None
        else ""
    )
    # A service for individuals has no company: the applicant applies in their own name.
    who = (
        f"{application.company_name} melalui {application.applicant.name} selaku pemohon"
        if application.standard.asks_company
        else f"{application.applicant.name} selaku pemohon"
    )
    return [
        (
            "a",
            f"bahwa {who} telah mengajukan permohonan {product} dengan Nomor Registrasi "
            f"{application.registration_number}"
            + (f" tanggal {received}" if received else "")
            + f", dan berdasarkan hasil pemeriksaan persyaratan administrasi, pemenuhan "
            f"komitmen{basis}, permohonan tersebut telah memenuhi persyaratan untuk diberikan "
            f"{product};",
        ),
        (
            "b",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
            f"menetapkan Keputusan {office['office'].head_position} {office['region']} "
            f"tentang {product};",
        ),
    ]


def _industry_clauses(product: str) -> list:
    """Diktum KEDUA to KELIMA of the IUPI's built-in decree (KESATU is its data table)."""
    return [
        (
            "KEDUA",
            f"{product} sebagaimana dimaksud dalam Diktum KESATU berlaku selama perusahaan "
            "menjalankan kegiatan usahanya, sesuai dengan ketentuan peraturan "
            "perundang-undangan.",
        ),
        (
            "KETIGA",
            {
                "intro": f"Pemegang {product} wajib:",
                "items": [
                    (
                        "a",
                        "melaksanakan perluasan industri sesuai dengan data sebagaimana "
                        "tercantum dalam Diktum KESATU;",
                    ),
                    (
                        "b",
                        "menyampaikan data industri secara berkala melalui Sistem Informasi "
                        "Industri Nasional (SIINas);",
                    ),
                    (
                        "c",
                        "mematuhi ketentuan peraturan perundang-undangan di bidang lingkungan "
                        "hidup, ketenagakerjaan, serta keselamatan dan kesehatan kerja.",
                    ),
                ],
            },
        ),
        (
            "KEEMPAT",
            f"{product} ini dapat dicabut apabila pemegang izin tidak memenuhi kewajiban "
            "sebagaimana dimaksud dalam Diktum KETIGA atau melanggar ketentuan peraturan "
            "perundang-undangan.",
        ),
        (
            "KELIMA",
            "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di "
            "kemudian hari terdapat kekeliruan dalam penetapannya akan diadakan perbaikan "
            "sebagaimana mestinya.",
        ),
    ]


def _default_clauses(product: str) -> list[str]:
    """A version without its own Memutuskan: KEDUA and KETIGA that fit any permit."""
    return [
        f"{product} sebagaimana dimaksud dalam Diktum KESATU berlaku sesuai dengan ketentuan "
        "peraturan perundang-undangan dan dapat dicabut apabila pemegangnya melanggar "
        "ketentuan tersebut.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di "
        "kemudian hari terdapat kekeliruan dalam penetapannya akan diadakan perbaikan "
        "sebagaimana mestinya.",
    ]


def _template_parts(application, permit, product: str, terms: dict, office: dict) -> dict:
    """The decree of a version written by the administrator (ADR 0010): its title,
    Menimbang and Memutuskan from the version's template, each part the built-in one when
    left empty; Diktum KESATU is followed by the holder's data and the declared fields."""
    standard = application.standard
    values = decree_values.values_for(application, permit)
    texts = decree_values.rendered_decree(decree_template.compiled(standard), values, strict=False)
    clauses = [text for _, text in texts["clauses"]] or [
        f"Memberikan {product} kepada:",
        *_default_clauses(product),
    ]
    return {
        "subject": texts["title"] or product,
        "menimbang": texts["considerations"]
        or _considerations(application, product, terms, office),
        "first_clause": clauses[0],
        "holder_rows": ctx.holder_rows(application),
        "diktum": [
            (decree_values.ordinal(index), text) for index, text in enumerate(clauses) if index
        ],
    }


def decree_context(application, permit=None) -> dict:
    """Everything the decree partial needs; `permit` is None for the draft.

    A version that asks for the industry-expansion data (the IUPI) has the built-in decree
    with its Diktum KESATU table; every other version has its template decree.
    """
    office = ctx.office_context()
    terms = ctx.service_terms(application)
    standard = terms["standard"]
    region = office["region"]
    head_title = office["head_title"]
    product = standard.product

    legal = list(
        StandardItem.objects.filter(
            standard=standard, component=StandardItem.Component.LEGAL_BASIS
        ).order_by("order")
    )
    mengingat = [_sentence(item.text, i == len(legal) - 1) for i, item in enumerate(legal)]

    if standard.asks_industry_expansion:
        parts = {
            "subject": product,
            "menimbang": _considerations(application, product, terms, office),
            "company_rows": ctx.company_rows(application),
            "workforce": ctx.workforce(application),
            "diktum": _industry_clauses(product),
        }
    else:
        parts = _template_parts(application, permit, product, terms, office)

    if permit is not None:
        number = permit.number
        issued_text = tanggal(permit.issued_on)
    else:
        year = timezone.localdate().year
        blank = re.sub(r"\{seq[^}]*\}", " ........ ", standard.permit_number_format)
        try:
            number = blank.format(year=year)
        except (KeyError, IndexError, ValueError):
            number = "........................"
        issued_text = f"........................ {year}"

    return {
        **office,
        **terms,
        **parts,
        "application": application,
        "number": number,
        "issued_text": issued_text,
        "mengingat": mengingat,
        "certificate_rows": ctx.holder_rows(application) if standard.certificate_page else [],
        "tembusan": tembusan(region, industry=standard.asks_industry_expansion),
        "head_title": head_title,
        "final": permit is not None,
    }


def signed_at(permit):
    """When the Kepala Dinas signed: the permit's record, else the control card's step 6."""
    if permit.signed_at is not None:
        return permit.signed_at
    entry = ctx.last_entry(permit.application, "sign")
    return entry.created_at if entry else None


def final_permit_context(application, permit) -> dict:
    url = verification_url(permit)
    context = decree_context(application, permit)
    context.update(
        {
            "permit": permit,
            "signed_at_text": tanggal_jam(signed_at(permit)),
            "verification_url": url,
            "qr": qr_data_uri(url),
        }
    )
    return context


def permit_metadata(context: dict, permit) -> DocumentMetadata:
    """The permit's archival metadata (its XMP): title as in its <title>, number, office, date."""
    product = context["standard"].product
    return DocumentMetadata(
        title=f"Keputusan {product} Nomor {permit.number}",
        number=permit.number,
        office=context["office_full_name"],
        issued_on=permit.issued_on,
        subject=f"{product} {context['application'].company_name}".strip(),
    )


def render_final_permit(application, permit) -> bytes:
    """The unsigned final permit (what the signature is applied to)."""
    context = final_permit_context(application, permit)
    return render_pdf(PERMIT_TEMPLATE, context, metadata=permit_metadata(context, permit))


def render_final_permit_for_signing(application, permit) -> tuple[bytes, SignatureBox]:
    """The unsigned final permit and where its visible signature goes.

    The box is the empty `#ttd-elektronik` element of the signature block, wherever
    WeasyPrint laid it out (normally the last page).
    """
    context = final_permit_context(application, permit)
    pdf, pages = render_pdf_with_layout(
        PERMIT_TEMPLATE, context, metadata=permit_metadata(context, permit)
    )
    box = signature_box(pages)
    if box is not None:
        return pdf, box
    raise PermitDocumentError(
        "Tempat tanda tangan elektronik tidak ditemukan pada dokumen izin "
        f"(elemen #{SIGNATURE_ANCHOR} di templates/pdf/_decree.html)."
    )


def sign_final_permit(pdf: bytes, box: SignatureBox, permit, *, signer=None) -> bytes:
    """Sign the rendered permit with the configured signer; PermitSigningError on failure."""
    office = OfficeProfile.current()
    product = permit.application.standard.product
    try:
        return (signer or get_signer()).sign(
            pdf,
            field=box,
            reason=f"Penetapan {product} Nomor {permit.number}",
            signer_name=office.head_name or office.head_position,
            location=office.city,
        )
    except SigningError as err:
        raise PermitSigningError(
            f"Izin belum diberi nomor karena dokumen tidak dapat ditandatangani secara "
            f"elektronik. {err.message}"
        ) from err


def make_long_term(pdf: bytes):
    """(bytes, timestamp_expires_at): PAdES B-LTA when long-term signatures are on (a TSA is
    configured), whichever signer signed; PermitSigningError when it cannot be done."""
    try:
        result = long_term_if_enabled(pdf)
    except SigningError as err:
        raise PermitSigningError(
            f"Izin belum diberi nomor karena dokumen tidak dapat ditandatangani secara "
            f"elektronik. {err.message}"
        ) from err
    return result.pdf, result.timestamp_expires_at


def issue_permit_document(permit, *, signer=None) -> None:
    """Render the final permit once, sign it, store the signed bytes with their SHA-256 and size.

    `permit.signed_at` becomes the signing time of the electronic signature; with long-term
    signatures on, the signed PDF becomes PAdES B-LTA and `permit.timestamp_expires_at` says
    when its document timestamp must be renewed (permits/signing/renewal.py). Raises
    PermitDocumentError if the permit already has a document (a signed document is never
    re-rendered), and PermitSigningError (a PermitDocumentError) if signing fails.
    """
    already = permit.pdf or (
        permit.pk is not None and Permit.objects.filter(pk=permit.pk).exclude(pdf="").exists()
    )
    if already:
        raise PermitDocumentError(
            f"Dokumen izin {permit.number} sudah diterbitkan dan tidak dapat dibuat ulang."
        )
    # The moment printed in the note box. The signature's own signing time replaces it
    # below: the same moment give or take the signing (a remote service may take seconds).
    permit.signed_at = timezone.now()
    try:
        unsigned, box = render_final_permit_for_signing(permit.application, permit)
    except PermitDocumentError:
        raise
    except Exception as err:  # WeasyPrint, a font, a template: the officer needs the reason
        logger.exception("Izin %s tidak dapat dirender.", permit.number)
        raise PermitDocumentError(
            "Izin belum diberi nomor karena dokumen izin tidak dapat dibuat "
            f"({type(err).__name__}). Hubungi administrator; nomor tidak terpakai."
        ) from err
    pdf = sign_final_permit(unsigned, box, permit, signer=signer)
    permit.signed_at = signing_time_of(pdf) or permit.signed_at
    pdf, permit.timestamp_expires_at = make_long_term(pdf)
    permit.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    permit.pdf_size = len(pdf)
    try:
        # Whole or not at all; removed again if the numbering step then rolls back.
        save_whole(permit.pdf, f"{permit.verification_code}.pdf", pdf)
    except StorageFailure as err:
        raise PermitDocumentError(
            f"Izin belum diberi nomor karena dokumen izin tidak dapat disimpan. {err} "
            "Hubungi administrator; nomor tidak terpakai."
        ) from err
    permit.save(
        update_fields=["pdf", "pdf_sha256", "pdf_size", "signed_at", "timestamp_expires_at"]
    )
