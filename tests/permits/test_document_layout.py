"""The printed documents with long real data: nothing leaves the page, the receipt stays on
one page, and the letterhead's contact line never starts or ends a line with a separator.

The data is written straight into the rows (bypassing the forms' limits), the way an import,
the admin or an older version of the forms could have left it.
"""

import io
import re

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader
from weasyprint import HTML

from office.models import OfficeProfile
from permits import sample
from permits.documents.control_card import render_control_card
from permits.documents.draft import render_draft
from permits.documents.permit import render_final_permit
from permits.documents.receipt import render_receipt
from permits.documents.rejection import render_rejection_letter
from permits.models import (
    Applicant,
    Application,
    Requirement,
    RequirementCheck,
    ServiceStandard,
)
from permits.services import StepInput
from tests.conftest import PASSWORD
from tests.pdf_boxes import glyphs_outside
from workflow.table import Status

# A printer does not reach the outer 5 mm of a sheet: no glyph may sit there.
PRINTABLE_INSET = 5 / 25.4 * 72
SEPARATOR = "|"


def long_word(tag: str, length: int = 200) -> str:
    """One word without a space or hyphen, as wide as capitals make it."""
    return (tag.upper() + "MWSAWITLESTARIKAYUAGUNGOGANKOMERINGILIR" * 10)[:length]


LONG_NOTE = f"Catatan {long_word('catatan', 250)} selesai."


@pytest.fixture
def long_staff(staff):
    """Officers whose names are one 150-letter word (written on the control card as typed)."""
    for role, user in staff.items():
        User.objects.filter(pk=user.pk).update(
            first_name=long_word(f"petugas{role.value}", 150), last_name="Bin Abdullah"
        )
        user.refresh_from_db()
    return staff


@pytest.fixture
def long_office(db):
    OfficeProfile.objects.filter(pk=OfficeProfile.current().pk).update(
        address=long_word("alamatkantor", 300),
        phone=long_word("telepon", 100),
        email=f"{long_word('surel', 60)}@{long_word('domain', 130)}.go.id",
        website=f"https://{long_word('laman', 180)}.go.id",
        city=long_word("kota", 100),
        head_name=long_word("kepaladinas"),
        head_nip=long_word("nip", 30),
        kabid_name=long_word("kabid"),
    )
    return OfficeProfile.current()


def make_long(application: Application) -> Application:
    """Every free-text field of the file and its applicant as one long word."""
    Applicant.objects.filter(pk=application.applicant_id).update(
        name=long_word("pemohon"),
        address=f"{long_word('alamatpemohon', 250)} Kayuagung",
        phone=long_word("hp", 30),
        email=f"{long_word('pos', 60)}@{long_word('contoh', 130)}.co.id",
    )
    Application.objects.filter(pk=application.pk).update(
        company_name=long_word("perusahaan"),
        company_address=f"{long_word('alamatperusahaan', 250)} Kayuagung",
        kbli_title=long_word("kbli", 300),
        commodity=long_word("komoditas"),
        capacity_unit=long_word("satuan", 30),
        factory_location=long_word("lokasipabrik", 250),
        iui_number=long_word("iui", 100),
    )
    RequirementCheck.objects.filter(application=application).update(
        note=long_word("keterangan", 300)
    )
    return Application.objects.select_related("applicant").get(pk=application.pk)


@pytest.fixture
def long_file(long_staff, long_office, monkeypatch):
    """Factory: a file at `status`, walked with long notes, then given long data."""
    monkeypatch.setattr(
        sample,
        "STEP_INPUT",
        StepInput(
            note=LONG_NOTE,
            recipient_name=long_word("penerima"),
            recipient_identity=long_word("identitas", 100),  # the longest the form takes
        ),
    )
    counter = iter(range(100))

    def build(status: str) -> Application:
        application = sample.walk_to(
            status, staff=long_staff, password=PASSWORD, index=next(counter)
        )
        return make_long(application)

    return build


def documents_of(long_file) -> dict[str, bytes]:
    handed_over = long_file(Status.HANDED_OVER)
    return {
        "receipt": render_receipt(handed_over),
        "draft": render_draft(handed_over),
        "permit": render_final_permit(handed_over, handed_over.permit),
        "control_card": render_control_card(handed_over),
        "rejection": render_rejection_letter(long_file(Status.REJECTED)),
    }


def test_long_words_stay_inside_the_page_of_every_document(long_file):
    for name, pdf in documents_of(long_file).items():
        outside = glyphs_outside(pdf, inset=PRINTABLE_INSET)
        assert not outside, f"{name}:\n" + "\n".join(outside[:10])


def test_the_glyph_walker_sees_text_that_leaves_the_page():
    """The check above can fail: a word pushed past the right edge is found, and only it."""
    html = "<p style='white-space: nowrap'>Halo {}</p><p>Halo</p>".format("W" * 120)

    outside = glyphs_outside(HTML(string=html).write_pdf())

    assert len(outside) == 1 and "HaloWWW" in outside[0].replace(" ", "").replace("'", "")
    assert not glyphs_outside(HTML(string="<p>Halo</p>").write_pdf())


# --- the receipt with long real data ----------------------------------------------------

REAL_ADDRESS = (
    "Jalan Lintas Timur Palembang-Kayuagung Kilometer 32 Nomor 18 RT 004 RW 002, "
    "Kelurahan Kedaton, Kecamatan Kayuagung, Kabupaten Ogan Komering Ilir, "
    "Provinsi Sumatera Selatan 30611, di belakang Kompleks Perkantoran Terpadu "
    "Pemerintah Kabupaten, seberang Masjid Agung"
)

MORE_REQUIREMENTS = [
    "Akta pendirian perusahaan beserta perubahannya yang telah disahkan oleh Kementerian "
    "Hukum dan Hak Asasi Manusia",
    "Izin Usaha Industri (IUI) yang masih berlaku beserta lampirannya",
    "Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang (PKKPR) untuk lokasi perluasan",
    "Persetujuan Lingkungan (AMDAL, UKL-UPL atau SPPL) untuk kegiatan perluasan",
    "Rencana perluasan: jenis mesin, kapasitas tambahan dan jadwal pelaksanaan",
    "Laporan Kegiatan Penanaman Modal (LKPM) triwulan terakhir",
    "Surat kuasa bermeterai bila pengurusan dikuasakan kepada pihak lain",
]


def test_the_receipt_stays_on_one_page_with_long_real_data(file_at, staff):
    application = file_at(Status.RECEIPTED)
    assert len(REAL_ADDRESS) >= 250
    Applicant.objects.filter(pk=application.applicant_id).update(
        name="Prof. Dr. Ir. H. Muhammad Abdurrahman Syamsuddin Al-Palembangi, S.T., M.T., IPU",
        address=REAL_ADDRESS,
        phone="0812-7788-9900 / (0712) 321456",
    )
    Application.objects.filter(pk=application.pk).update(
        company_name=(
            "PT Perkebunan dan Industri Pengolahan Kelapa Sawit Nusantara Sejahtera "
            "Lestari Ogan Komering Ilir Tbk (Persero) Unit Usaha Perluasan Kayuagung"
        ),
        company_address=REAL_ADDRESS,
    )
    standard = ServiceStandard.objects.current()
    for order, text in enumerate(MORE_REQUIREMENTS, start=10):
        requirement = Requirement.objects.create(standard=standard, order=order, text=text)
        RequirementCheck.objects.create(
            application=application, requirement=requirement, present=True
        )
    checks = RequirementCheck.objects.filter(application=application, present=True)
    assert checks.count() >= 10
    checks.update(note="Asli dan fotokopi dilegalisasi")
    application = Application.objects.select_related("applicant").get(pk=application.pk)

    pdf = render_receipt(application)

    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1, reader.pages[-1].extract_text()[:300]
    assert "Pengaduan, saran dan masukan" in text
    assert "Halaman 1 dari 1" in text


def test_a_receipt_too_long_for_one_page_moves_its_closing_block_whole(file_at):
    """Forty more requirements: the table breaks with its heading repeated, and the terms,
    the tracking code, the signatures and the complaint box go to the last page together."""
    application = file_at(Status.RECEIPTED)
    standard = ServiceStandard.objects.current()
    for order in range(10, 50):
        requirement = Requirement.objects.create(
            standard=standard, order=order, text=f"{MORE_REQUIREMENTS[order % 7]} ({order})"
        )
        RequirementCheck.objects.create(
            application=application, requirement=requirement, present=True, note="Asli"
        )

    reader = PdfReader(io.BytesIO(render_receipt(application)))

    texts = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    assert len(texts) >= 2
    assert texts[1].startswith("No. Persyaratan Keterangan")  # the table's heading, repeated
    *earlier, last = texts
    for block in ("C. Ketentuan Pelayanan", "D. Pelacakan Berkas", "Petugas Front Office"):
        assert block in last and not any(block in text for text in earlier)
    assert "Pengaduan, saran dan masukan" in last


# --- the letterhead's contact line -------------------------------------------------------

CONTACTS = {
    "short": ("(0712) 322869", "dpmptsp@okikab.go.id", "https://dpmptsp.okikab.go.id"),
    "long": (
        "(0712) 322869, 323000; Faksimile (0712) 322870",
        "pengaduan.dpmpstsp.kabupaten.ogankomeringilir@gmail.com",
        "https://dpmptsp.ogankomeringilirkab.go.id/layanan-perizinan",
    ),
    "two_fit": (
        "(0712) 322869, 323000",
        "pelayanan.dpmptsp.kabupaten.oki@gmail.com",
        "https://dpmptsp.okikab.go.id",
    ),
    "huge": (long_word("telepon", 100), "surel@" + long_word("domain", 120) + ".id", ""),
}


def letterhead_lines(pdf: bytes) -> list[str]:
    """The text lines above the letterhead's rule: from the page top to the document title."""
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\u2011", "-")
    lines = [line.strip() for line in text.splitlines()]
    return lines[: next(i for i, line in enumerate(lines) if "TANDA TERIMA" in line)]


@pytest.mark.parametrize("case", sorted(CONTACTS))
def test_the_letterhead_contact_line_has_separators_only_between_items(file_at, case):
    phone, email, website = CONTACTS[case]
    OfficeProfile.objects.filter(pk=OfficeProfile.current().pk).update(
        phone=phone, email=email, website=website
    )
    pdf = render_receipt(file_at(Status.RECEIPTED))

    lines = letterhead_lines(pdf)
    contact = [line for line in lines if SEPARATOR in line or "Pos-el" in line or "Laman" in line]
    assert contact, lines
    for line in lines:
        assert not line.startswith(SEPARATOR), lines
        assert not line.endswith(SEPARATOR), lines
    joined = re.sub(r"\s+", "", "".join(lines))
    for item in (phone, email, website):
        assert re.sub(r"\s+", "", item) in joined
    if case == "short":  # everything fits on one line: the items are separated there
        assert any(line.count(SEPARATOR) == 2 for line in lines), lines
    assert not glyphs_outside(pdf, inset=PRINTABLE_INSET)


def test_the_letterhead_contacts_fill_lines_before_starting_another(file_at):
    """Phone and e-mail share the first line when they fit; the website goes below."""
    phone, email, website = CONTACTS["two_fit"]
    OfficeProfile.objects.filter(pk=OfficeProfile.current().pk).update(
        phone=phone, email=email, website=website
    )
    pdf = render_receipt(file_at(Status.RECEIPTED))

    lines = letterhead_lines(pdf)
    assert any(phone in line and email in line and SEPARATOR in line for line in lines), lines
    assert any(line == f"Laman: {website}" for line in lines), lines
