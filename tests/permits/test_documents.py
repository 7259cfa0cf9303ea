"""The printed documents, read back with pypdf as a person would read them."""

import hashlib
import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from office import links
from office import pdf as pdf_engine
from office.models import OfficeProfile
from office.roles import Role
from permits import services
from permits.documents import context as ctx
from permits.documents.control_card import render_control_card
from permits.documents.draft import render_draft
from permits.documents.permit import (
    PermitDocumentError,
    issue_permit_document,
    render_final_permit,
)
from permits.documents.qr import qr_data_uri
from permits.documents.receipt import ReceiptNotIssued, receipt_context, render_receipt
from permits.documents.rejection import NotRejected, render_rejection_letter
from permits.models import Permit, ServiceStandard, StandardItem
from permits.signing.validation import check_pdf_signature
from permits.validators import format_npwp
from tracking.deadlines import due_date
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Status

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
HEAD_NAME = "H. AHMAD RIZAL, S.STP., M.Si."
HEAD_NIP = "19750812 199903 1 004"


@pytest.fixture(autouse=True)
def office(db):
    profile = OfficeProfile.current()
    profile.head_name = HEAD_NAME
    profile.head_nip = HEAD_NIP
    profile.kabid_name = "Drs. Syamsul Bahri, M.Si."
    profile.save()
    return profile


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace collapsed (table cells wrap words)."""
    assert pdf.startswith(b"%PDF-")
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def squeezed(text: str) -> str:
    """Without any whitespace: long URLs may be wrapped anywhere."""
    return re.sub(r"\s+", "", text)


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def card_entry(application, transition: str) -> ControlCardEntry:
    return ControlCardEntry.objects.get(application=application, transition=transition)


# --- the receipt ---------------------------------------------------------------------


def test_receipt_carries_what_the_applicant_needs(file_at, staff):
    application = file_at(Status.RECEIPTED)
    received = card_entry(application, "issue_receipt").created_at
    due = due_date(received, ServiceStandard.objects.current().service_days)

    pdf = render_receipt(application)
    pages = pages_text(pdf)
    text = " ".join(pages)

    assert len(pages) == 1
    assert "TANDA TERIMA BERKAS" in text
    assert application.registration_number in text
    assert application.applicant.name in text
    assert application.company_name in text
    assert long_date(due) in text
    assert "Gratis" in text
    assert staff[Role.FO].get_full_name() in text
    assert application.tracking_code in text
    assert squeezed(links.tracking_url(application)) in squeezed(text)
    assert "Halaman 1 dari 1" in text


def test_receipt_qr_code_opens_the_tracking_page(file_at, monkeypatch):
    application = file_at(Status.RECEIPTED)
    seen = []

    def spy(url):
        seen.append(url)
        return qr_data_uri(url)

    monkeypatch.setattr("permits.documents.receipt.qr_data_uri", spy)
    context = receipt_context(application)
    html = pdf_engine.render_html("pdf/receipt.html", context)

    assert seen == [links.tracking_url(application)]
    assert f"no={application.registration_number}" in seen[0]
    assert f"kode={application.tracking_code}" in seen[0]
    assert f'<img class="qr" src="{context["qr"]}"' in html


def test_no_receipt_before_the_file_is_complete(file_at):
    with pytest.raises(ReceiptNotIssued):
        render_receipt(file_at(Status.SUBMITTED))


def test_qr_data_uri_is_a_scalable_svg_of_the_url():
    url = "http://127.0.0.1:8000/lacak/?no=IUPI-2026-00001&kode=ABCD2345"
    uri = qr_data_uri(url)
    svg = unquote(uri.split(",", 1)[1])

    assert uri.startswith("data:image/svg+xml")
    assert "viewBox" in svg and "<path" in svg
    assert 'width="' not in svg and "width='" not in svg  # the stylesheet sizes it
    assert qr_data_uri(url) == uri
    assert qr_data_uri(url + "x") != uri


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="needs poppler-utils and zbar-tools to read the printed QR code",
)
def test_printed_qr_codes_decode_to_their_links(file_at, tmp_path):
    application = file_at(Status.NUMBERED)
    permit = application.permit
    cases = {
        "receipt": (render_receipt(application), links.tracking_url(application)),
        "permit": (render_final_permit(application, permit), links.verification_url(permit)),
    }
    for name, (pdf, url) in cases.items():
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", *sorted(str(p) for p in tmp_path.glob(f"{name}-*.png"))],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert decoded == [url], name


# --- the draft and the final permit ---------------------------------------------------


def test_draft_is_marked_on_every_page_and_is_not_signed(file_at):
    application = file_at(Status.PRINTED)

    pages = pages_text(render_draft(application))

    assert len(pages) >= 2
    assert all("DRAF" in page for page in pages)
    text = " ".join(pages)
    assert application.company_name in text
    assert "ditandatangani secara elektronik" not in text
    assert "Paraf Koordinasi" in text


def test_final_permit_is_a_decree_with_the_company_data_and_the_signature(file_at):
    application = file_at(Status.NUMBERED)
    permit = application.permit

    pages = pages_text(render_final_permit(application, permit))
    text = " ".join(pages)

    assert "KEPUTUSAN KEPALA DINAS" in text
    assert f"NOMOR: {permit.number}" in text
    assert "TENTANG IZIN USAHA PERLUASAN INDUSTRI" in text
    for word in ("Menimbang", "Mengingat", "MEMUTUSKAN", "Menetapkan"):
        assert word in text
    for clause in ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA"):
        assert clause in text
    first_basis = StandardItem.objects.filter(component="legal_basis").order_by("order").first()
    assert first_basis.text.split(" tentang ")[0] in text
    assert application.company_name in text
    assert application.nib in text
    assert format_npwp(application.applicant.npwp) in text
    assert application.kbli_code in text
    assert application.iui_number in text
    assert "berlaku selama perusahaan menjalankan kegiatan usahanya" in text
    assert f"pada tanggal : {long_date(permit.issued_on)}" in text
    assert "Kayuagung" in text
    assert HEAD_NAME in text
    assert f"NIP. {HEAD_NIP}" in text
    assert "ditandatangani secara elektronik" in text
    assert squeezed(links.verification_url(permit)) in squeezed(text)
    assert "Tembusan" in text
    assert "DRAF" not in text
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_permit_says_when_it_was_signed(file_at):
    application = file_at(Status.NUMBERED)
    permit = application.permit
    permit.signed_at = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)

    text = text_of(render_final_permit(application, permit))

    assert "ditandatangani secara elektronik pada 25 November 2026 pukul 14.30 WIB" in text


def test_issue_permit_document_stores_the_exact_bytes_once(file_at, monkeypatch):
    application = file_at(Status.NUMBERED)
    permit = Permit.objects.get(application=application)
    if not permit.pdf:  # the numbering step may already have issued it
        issue_permit_document(permit)

    permit = Permit.objects.get(pk=permit.pk)
    with permit.pdf.open("rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == permit.pdf_sha256
    assert len(stored) == permit.pdf_size
    assert permit.signed_at is not None
    assert permit.number in text_of(stored)
    signature = check_pdf_signature(stored)  # the stored bytes are the signed ones
    assert signature.is_valid
    assert abs(signature.signing_time - permit.signed_at) < timedelta(seconds=1)

    def must_not_render(*args, **kwargs):
        raise AssertionError("a signed document is never rendered again")

    monkeypatch.setattr("permits.documents.permit.render_final_permit", must_not_render)
    with pytest.raises(PermitDocumentError):
        issue_permit_document(permit)
    stale = Permit.objects.get(pk=permit.pk)
    stale.pdf = ""  # an in-memory copy that does not know: the database still refuses
    with pytest.raises(PermitDocumentError):
        issue_permit_document(stale)
    permit.refresh_from_db()
    with permit.pdf.open("rb") as handle:
        assert handle.read() == stored


# --- the control card and the rejection letter ---------------------------------------


def test_control_card_lists_every_step_with_its_officer(file_at):
    application = file_at(Status.NUMBERED)
    entries = list(ControlCardEntry.objects.filter(application=application))

    text = text_of(render_control_card(application))

    assert "KARTU KENDALI" in text
    assert application.registration_number in text
    assert len(entries) == 7
    for entry in entries:
        assert entry.actor_name in text
        if entry.transition != "register":
            assert TRANSITIONS[entry.transition].staff_label in text
    assert application.permit.number in text


def test_rejection_letter_carries_the_reasons(file_at, staff):
    application = file_at(Status.RECEIPTED)
    services.perform_transition(
        application_id=application.pk,
        name="reject",
        actor=staff[Role.BACK_OFFICE],
        data=services.StepInput(
            note="1. Izin lingkungan sudah tidak berlaku.\n2. Lokasi pabrik berbeda dengan IUI."
        ),
    )
    application.refresh_from_db()

    text = text_of(render_rejection_letter(application))

    assert "Penolakan Permohonan Izin Usaha Perluasan Industri" in text
    assert application.registration_number in text
    assert application.applicant.name in text
    assert "Izin lingkungan sudah tidak berlaku." in text
    assert "Lokasi pabrik berbeda dengan IUI." in text
    assert HEAD_NAME in text


def test_no_rejection_letter_for_a_file_that_was_not_rejected(file_at):
    with pytest.raises(NotRejected):
        render_rejection_letter(file_at(Status.PROCESSED))


# --- fonts, letterhead, dates ---------------------------------------------------------


def _font_files(pdf: bytes) -> list[tuple[str, bool]]:
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            fonts.append((str(font["/BaseFont"]), "/FontFile2" in descriptor.get_object()))
    return fonts


def test_every_document_embeds_its_own_fonts(file_at):
    numbered = file_at(Status.NUMBERED)
    rejected = file_at(Status.REJECTED)
    documents = {
        "receipt": render_receipt(numbered),
        "draft": render_draft(numbered),
        "permit": render_final_permit(numbered, numbered.permit),
        "control_card": render_control_card(numbered),
        "rejection": render_rejection_letter(rejected),
    }
    for name, pdf in documents.items():
        fonts = _font_files(pdf)
        assert fonts, name
        for base_font, embedded in fonts:
            assert embedded, f"{name}: {base_font} is not embedded"
            assert "Kendali-Serif" in base_font, f"{name}: {base_font} is a system font"


def test_letterhead_names_the_office(file_at, office):
    text = text_of(render_receipt(file_at(Status.RECEIPTED)))

    assert "PEMERINTAH KABUPATEN OGAN KOMERING ILIR" in text
    assert "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU" in text
    assert office.phone in text


def test_logo_is_embedded_or_a_neutral_placeholder(office):
    assert ctx.logo_data_uri(office) == ctx.PLACEHOLDER_LOGO

    buffer = io.BytesIO()
    Image.new("RGB", (20, 24), "navy").save(buffer, format="PNG")
    office.logo.save("logo.png", ContentFile(buffer.getvalue()), save=True)

    assert ctx.logo_data_uri(OfficeProfile.current()).startswith("data:image/png;base64,")


def test_dates_are_written_in_indonesian_whatever_the_active_language():
    with translation.override("en"):
        assert ctx.tanggal(date(2026, 11, 25)) == "25 November 2026"
        assert ctx.tanggal(date(2026, 2, 3)) == "3 Februari 2026"
        assert ctx.hari_tanggal(date(2026, 11, 25)) == "Rabu, 25 November 2026"
        moment = datetime(2026, 8, 16, 23, 5, tzinfo=UTC)  # 17 Agustus, 06.05 in Kayuagung
        assert ctx.tanggal_jam(moment) == "17 Agustus 2026 pukul 06.05 WIB"


@pytest.mark.parametrize(
    ("number", "words"),
    [(3, "tiga"), (11, "sebelas"), (12, "dua belas"), (14, "empat belas"), (20, "dua puluh"),
     (45, "empat puluh lima"), (100, "seratus"), (250, "dua ratus lima puluh")],
)  # fmt: skip
def test_terbilang(number, words):
    assert ctx.terbilang(number) == words


# --- the rendering set-up ---------------------------------------------------------------


def test_font_configuration_and_stylesheet_are_shared_across_renders(file_at):
    application = file_at(Status.RECEIPTED)
    render_receipt(application)
    engine = pdf_engine._engine()
    render_control_card(application)

    assert pdf_engine._engine() is engine
    assert pdf_engine._engine().font_config is engine.font_config


def test_fetcher_refuses_the_network_and_files_outside_the_project():
    fetcher = pdf_engine._make_fetcher(pdf_engine.project_root())

    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    font = pdf_engine.fonts_dir() / "LiberationSerif-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read(4) == font.read_bytes()[:4]
    assert fetcher.fetch("data:text/plain,halo").read() == b"halo"
