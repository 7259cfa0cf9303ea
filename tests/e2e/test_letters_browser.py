"""Issue 16 in Chromium: a numbered letter from the FO's step to the applicant's phone.

The FO returns an incomplete file; the letter is numbered with the step and written after it
(the immediate task backend of the tests writes it in the live server's thread). The
applicant finds it on the tracking page, downloads it, and its QR address shows the register's
record with a valid signature. Bagian Umum sees it in the register and takes a number for a
letter written elsewhere.
"""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from office.roles import Role
from permits.models import Letter, LetterKind
from tests.e2e.steps import take_step
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(file_at):
    return file_at(Status.SUBMITTED)


def test_an_incomplete_file_gets_a_numbered_letter_the_applicant_downloads(
    submitted, staff, desk, new_context, live_server, shot, tmp_path
):
    fo = desk(staff[Role.FO])
    take_step(fo, submitted, "Kembalikan: berkas belum lengkap", note="Scan KTP pemohon buram")
    expect(fo.get_by_text("Surat bernomor")).to_be_visible()
    letter = Letter.objects.get(application=submitted, kind=LetterKind.INCOMPLETE)
    assert letter.pdf, letter.last_error
    expect(fo.get_by_text(letter.number)).to_be_visible()
    shot(fo, "letters-file-page")

    applicant = new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    ).new_page()
    applicant.goto(f"/lacak/?no={submitted.registration_number}&kode={submitted.tracking_code}")
    expect(applicant.get_by_role("heading", name="Surat untuk Anda")).to_be_visible()
    expect(applicant.get_by_text(letter.number)).to_be_visible()
    shot(applicant, "letters-tracking-phone")
    with applicant.expect_download() as download:
        applicant.get_by_role("button", name="Unduh surat (PDF)").click()
    saved = Path(tmp_path / "surat.pdf")
    download.value.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == letter.pdf_sha256

    applicant.goto(f"/verifikasi/surat/{letter.verification_code}/")
    expect(applicant.get_by_text(letter.number).first).to_be_visible()
    expect(applicant.get_by_text(letter.subject).first).to_be_visible()
    shot(applicant, "letters-verify-phone")
    applicant.set_input_files('[name="document"]', str(saved))
    applicant.get_by_role("button", name="Periksa berkas").click()
    expect(applicant.get_by_text("Berkas SAMA dengan surat yang dikeluarkan.")).to_be_visible()


def test_bagian_umum_keeps_the_register(staff, desk, shot):
    page = desk(staff[Role.BAGIAN_UMUM])
    page.get_by_role("link", name="Surat keluar").click()
    page.wait_for_url(re.compile(r"/surat-keluar/$"))
    expect(page.get_by_text("Register masih kosong")).to_be_visible()
    page.get_by_role("link", name="Catat surat keluar").click()
    page.fill('[name="subject"]', "Undangan rapat koordinasi")
    page.fill('[name="addressee"]', "Kepala Dinas Perindustrian")
    page.get_by_role("button", name="Ambil nomor surat").click()
    # Without the confirmation no number is taken, and what was typed stays.
    expect(page.locator("#id_understood_error")).to_be_visible()
    expect(page.locator('[name="subject"]')).to_have_value("Undangan rapat koordinasi")
    assert not Letter.objects.exists()
    page.get_by_label(re.compile("Saya mengerti")).check()
    page.get_by_role("button", name="Ambil nomor surat").click()
    page.wait_for_url(re.compile(r"/surat-keluar/$"))
    letter = Letter.objects.get()
    expect(page.get_by_text(f"Surat dicatat dengan nomor {letter.number}")).to_be_visible()
    expect(page.locator("td", has_text=letter.number)).to_be_visible()
    shot(page, "letters-register")
