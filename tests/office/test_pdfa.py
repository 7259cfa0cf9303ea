"""Every outgoing document is archival PDF/A-3b (office/pdf.py, docs/documents.md).

The structure is checked with pikepdf (tests/pdfa.py) on the documents the app makes: the
issued permit as stored, signed, the receipt, the control card and the rejection letter. No
PDF/A-3 validator is packaged for this machine; PDFBox Preflight (Debian's libpdfbox2-java)
validates PDF/A-1b, and is run where installed with the few PDF/A-1-only rules set aside.
"""

import io
from datetime import date, timedelta

import pikepdf
import pytest
import weasyprint
from django.utils import timezone

from office import pdf as pdf_engine
from office.pdf import DocumentMetadata, render_pdf, render_pdf_with_layout
from permits.documents import context as ctx
from permits.documents.control_card import render_control_card
from permits.documents.permit import (
    PERMIT_TEMPLATE,
    SIGNATURE_ANCHOR,
    final_permit_context,
    render_final_permit,
    sign_final_permit,
)
from permits.documents.receipt import receipt_context, render_receipt
from permits.documents.rejection import render_rejection_letter
from permits.models import Permit
from permits.signing import SignatureBox
from permits.signing.validation import check_pdf_signature
from tests.pdfa import (
    PDFA1_ONLY,
    PDFA1_ONLY_SIGNED,
    PREFLIGHT_INSTALL,
    NotPdfA,
    assert_pdfa,
    beyond_pdfa1_only,
    preflight,
    preflight_classpath,
    unembedded_fonts,
)
from workflow.table import Status

needs_preflight = pytest.mark.skipif(
    preflight_classpath() is None,
    reason=f"PDFBox Preflight is not installed (Debian: {PREFLIGHT_INSTALL})",
)


def office_name() -> str:
    return ctx.office_context()["office_full_name"]


def stored_bytes(permit: Permit) -> bytes:
    with permit.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def plain_pdfa():
    """A small document through the engine (no database): the checker's own tests start here."""
    html = (
        '<html lang="id"><head><title>Uji Arsip</title><meta name="author" content="Dinas Uji">'
        "</head><body><p style=\"font-family: 'Kendali Serif'\">Halo <b>dunia</b></p></body></html>"
    )
    return pdf_engine._engine().write_pdf(html)


# --- the documents of the app ----------------------------------------------------------


def test_the_issued_permit_is_pdfa_as_stored_after_its_signature(file_at):
    application = file_at(Status.NUMBERED)
    permit = Permit.objects.get(application=application)
    stored = stored_bytes(permit)

    xmp = assert_pdfa(
        stored,
        title=f"Keputusan {application.standard.product} Nomor {permit.number}",
        office=office_name(),
        number=permit.number,
        issued_on=permit.issued_on,
    )

    assert stored.count(b"%%EOF") >= 2  # the signature is an incremental update
    assert check_pdf_signature(stored).is_valid
    assert abs(xmp.created - timezone.now()) < timedelta(minutes=5)
    assert xmp.creator_tool == "Kendali"


def test_the_signature_stamp_embeds_its_font(file_at):
    """PDF/A wants every font that is shown embedded, the stamp's too (pyHanko's default is
    the standard Courier, not embedded; permits/signing gives it an embedded TrueType)."""
    application = file_at(Status.NUMBERED)
    with pikepdf.open(io.BytesIO(stored_bytes(application.permit))) as pdf:
        widgets = [
            annotation
            for page in pdf.pages
            for annotation in page.obj.get("/Annots") or []
            if annotation.get("/Subtype") == "/Widget"
        ]
        assert len(widgets) == 1
        assert widgets[0].AP.N.Resources.Font  # the stamp's text has a font, and
        assert not unembedded_fonts(pdf)  # it is embedded like every other


def test_the_receipt_is_pdfa(file_at):
    application = file_at(Status.RECEIPTED)

    xmp = assert_pdfa(
        render_receipt(application),
        title=f"Tanda Terima Berkas {application.registration_number}",
        office=office_name(),
    )

    assert xmp.description == (f"Tanda terima berkas permohonan {application.standard.product}")


def test_the_control_card_is_pdfa(file_at):
    application = file_at(Status.NUMBERED)

    assert_pdfa(
        render_control_card(application),
        title=f"Kartu Kendali {application.registration_number}",
        office=office_name(),
    )


def test_the_rejection_letter_is_pdfa(file_at):
    application = file_at(Status.REJECTED)

    assert_pdfa(
        render_rejection_letter(application),
        title=(f"Surat Penolakan {application.standard.product} {application.registration_number}"),
        office=office_name(),
    )


# --- DocumentMetadata ------------------------------------------------------------------


def test_a_documents_metadata_fills_its_xmp_and_its_information_dictionary(file_at):
    application = file_at(Status.RECEIPTED)
    metadata = DocumentMetadata(
        title='Tanda Terima <Berkas> & "Uji"\x0b',  # XML's special characters, a control one
        number=application.registration_number,
        office="Dinas Penanaman Modal dan PTSP Kabupaten Uji",
        issued_on=date(2026, 11, 25),
        subject="Tanda terima berkas permohonan",
    )

    pdf = render_pdf("pdf/receipt.html", receipt_context(application), metadata=metadata)

    xmp = assert_pdfa(
        pdf,
        title='Tanda Terima <Berkas> & "Uji"',
        number=application.registration_number,
        issued_on=date(2026, 11, 25),
        office=metadata.office,
    )
    assert xmp.description == "Tanda terima berkas permohonan"
    assert xmp.language == {"id-ID"}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        info = document.docinfo
        assert str(info.Title) == 'Tanda Terima <Berkas> & "Uji"'
        assert str(info.Author) == metadata.office
        assert str(info.Subject) == metadata.subject
        assert str(info.Creator) == "Kendali"
        assert str(info.Producer) == xmp.producer == f"WeasyPrint {weasyprint.__version__}"


def test_without_metadata_a_document_has_its_templates_title_and_no_number(file_at):
    application = file_at(Status.RECEIPTED)

    xmp = assert_pdfa(render_pdf("pdf/receipt.html", receipt_context(application)))

    assert xmp.title == f"Tanda Terima Berkas {application.registration_number}"
    assert xmp.identifier is None
    assert xmp.dates == []


def test_the_signature_keeps_the_rendered_revision_and_its_metadata(file_at):
    application = file_at(Status.NUMBERED)
    permit = application.permit
    title = f"Keputusan {application.standard.product} Nomor {permit.number}"
    metadata = DocumentMetadata(
        title=title, number=permit.number, office=office_name(), issued_on=permit.issued_on
    )
    unsigned, pages = render_pdf_with_layout(
        PERMIT_TEMPLATE, final_permit_context(application, permit), metadata=metadata
    )
    index, page = next((i, p) for i, p in enumerate(pages) if p.pdf_box(SIGNATURE_ANCHOR))
    x, y, width, height = page.pdf_box(SIGNATURE_ANCHOR)
    box = SignatureBox(page=index, x=x, y=y, width=width, height=height)

    signed = sign_final_permit(unsigned, box, permit)

    assert signed.startswith(unsigned)  # the rendered PDF/A stays, byte for byte
    expected = {"title": title, "number": permit.number, "issued_on": permit.issued_on}
    before = assert_pdfa(unsigned, **expected)
    after = assert_pdfa(signed, **expected)
    assert after.created == before.created
    assert after.modified >= before.modified
    assert after.creator == before.creator
    assert check_pdf_signature(signed).is_valid


# --- the checker itself ----------------------------------------------------------------


def test_the_checker_passes_the_engines_output(plain_pdfa):
    xmp = assert_pdfa(plain_pdfa, title="Uji Arsip", office="Dinas Uji")
    assert xmp.identifier is None


def test_the_checker_refuses_a_pdf_that_is_not_pdfa():
    with pytest.raises(NotPdfA, match=r"ID|Metadata"):
        assert_pdfa(weasyprint.HTML(string="<title>Uji</title><p>Halo</p>").write_pdf())


def changed(pdf_bytes: bytes, change, **save) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)
        return out.getvalue()


def _add_javascript(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def _add_unembedded_font(pdf):
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(FX=pdf.make_indirect(helvetica))
    )


def _retitle(pdf):
    pdf.docinfo.Title = pikepdf.String("Judul lain")


def _drop_output_intent(pdf):
    del pdf.Root.OutputIntents


@pytest.mark.parametrize(
    ("change", "save", "message"),
    [
        (lambda pdf: None, {"encryption": pikepdf.Encryption(owner="a", user="")}, "encrypted"),
        (_add_javascript, {}, "JavaScript"),
        (_add_unembedded_font, {}, "Fonts not embedded.*Helvetica"),
        (_retitle, {}, "/Title"),
        (_drop_output_intent, {}, "OutputIntents"),
    ],
    ids=["encrypted", "javascript", "unembedded-font", "info-title", "no-output-intent"],
)
def test_the_checker_refuses_what_pdfa_forbids(plain_pdfa, change, save, message):
    with pytest.raises(NotPdfA, match=message):
        assert_pdfa(changed(plain_pdfa, change, **save))


# --- PDFBox Preflight ------------------------------------------------------------------


@needs_preflight
def test_preflight_finds_nothing_but_pdfa1_only_rules_in_the_documents(file_at):
    numbered = file_at(Status.NUMBERED)
    documents = {
        "permit (unsigned)": render_final_permit(numbered, numbered.permit),
        "receipt": render_receipt(numbered),
        "control card": render_control_card(numbered),
        "rejection": render_rejection_letter(file_at(Status.REJECTED)),
    }
    for name, pdf in documents.items():
        errors = preflight(pdf)
        assert errors, f"{name}: Preflight should at least see pdfaid:part 3"
        assert not beyond_pdfa1_only(errors), name


@needs_preflight
def test_preflight_on_the_signed_permit(file_at):
    application = file_at(Status.NUMBERED)

    errors = preflight(stored_bytes(application.permit))

    assert not beyond_pdfa1_only(errors, PDFA1_ONLY + PDFA1_ONLY_SIGNED)


@needs_preflight
def test_preflight_sees_what_the_pdfa_engine_fixes():
    """A plain WeasyPrint PDF: no file identifier, colours without an output intent."""
    errors = beyond_pdfa1_only(preflight(weasyprint.HTML(string="<p>Halo</p>").write_pdf()))
    codes = {code for code, _ in errors}
    assert "1.4.1" in codes  # no /ID in the trailer
    assert any(code.startswith("2.4") for code in codes)  # DeviceRGB without an output intent
