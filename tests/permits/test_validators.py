"""The identifiers on an IUPI file and uploaded scans are checked with messages in Indonesian."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from permits import validators
from permits.sample import SAMPLE_NIKS, SAMPLE_NPWP, SAMPLE_PDF

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def message_of(call, value) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        call(value)
    return caught.value.code, caught.value.messages[0]


# --- NIK -----------------------------------------------------------------------


@pytest.mark.parametrize("nik", SAMPLE_NIKS)
def test_a_valid_nik_is_returned_unchanged(nik):
    assert validators.normalize_nik(nik) == nik


def test_a_nik_typed_with_spaces_is_stored_in_compact_form():
    assert validators.normalize_nik("1602 0117 0885 0001") == "1602011708850001"


def test_a_nik_of_fifteen_digits_is_refused_for_its_length():
    code, message = message_of(validators.normalize_nik, "160201170885000")
    assert code == "nik_length"
    assert message == "NIK harus terdiri dari 16 digit."


def test_a_nik_with_letters_is_refused_for_its_format():
    code, message = message_of(validators.normalize_nik, "16020117088500AB")
    assert code == "nik_format"
    assert "hanya boleh berisi angka" in message


@pytest.mark.parametrize(
    "nik",
    [
        "1602013208850001",  # day 32
        "1602011713850001",  # month 13
        "0002011708850001",  # no province 00
    ],
)
def test_a_nik_with_an_impossible_birth_date_or_region_is_refused(nik):
    code, message = message_of(validators.normalize_nik, nik)
    assert code == "nik_invalid"
    assert "kode wilayah atau tanggal lahir" in message


# --- NPWP ----------------------------------------------------------------------


def test_a_fifteen_digit_npwp_is_accepted():
    assert validators.normalize_npwp(SAMPLE_NPWP) == "013121660091000"


def test_a_formatted_npwp_is_stored_in_compact_form():
    assert validators.normalize_npwp("01.312.166.0-091.000") == "013121660091000"


def test_a_sixteen_digit_npwp_is_accepted():
    assert validators.normalize_npwp("0013121660091000") == "0013121660091000"


@pytest.mark.parametrize("npwp", ["013121661091000", "0013121650091000"])
def test_an_npwp_with_a_wrong_check_digit_is_refused(npwp):
    code, message = message_of(validators.normalize_npwp, npwp)
    assert code == "npwp_checksum"
    assert "digit pemeriksa tidak cocok" in message


def test_an_npwp_of_fourteen_digits_is_refused_for_its_length():
    code, message = message_of(validators.normalize_npwp, "01312166009100")
    assert code == "npwp_length"
    assert "15 digit" in message


# --- NIB -----------------------------------------------------------------------


def test_a_thirteen_digit_nib_is_accepted_with_separators_removed():
    assert validators.normalize_nib("9120-0000-00001") == "9120000000001"


@pytest.mark.parametrize("nib", ["912000000000", "91200000000012", "912000000000A", ""])
def test_a_nib_that_is_not_thirteen_digits_is_refused(nib):
    code, message = message_of(validators.normalize_nib, nib)
    assert code == "nib_invalid"
    assert message == "NIB harus terdiri dari 13 digit angka."


# --- KBLI ----------------------------------------------------------------------


@pytest.mark.parametrize("kbli", ["10431", "22121", "33120", "10.431"])
def test_a_manufacturing_kbli_code_is_accepted(kbli):
    assert validators.normalize_kbli(kbli) == kbli.replace(".", "")


@pytest.mark.parametrize("kbli", ["01111", "47111", "09100", "35101"])
def test_a_kbli_code_outside_divisions_10_to_33_is_refused(kbli):
    code, message = message_of(validators.normalize_kbli, kbli)
    assert code == "kbli_not_manufacturing"
    assert "Industri Pengolahan" in message


@pytest.mark.parametrize("kbli", ["1043", "104311", "1043A"])
def test_a_kbli_code_that_is_not_five_digits_is_refused(kbli):
    code, message = message_of(validators.normalize_kbli, kbli)
    assert code == "kbli_length"
    assert message == "Kode KBLI harus terdiri dari 5 digit angka."


# --- Uploads -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("ktp.pdf", SAMPLE_PDF), ("ktp.png", PNG), ("ktp.jpg", JPEG), ("tanpa-akhiran", SAMPLE_PDF)],
)
def test_a_pdf_png_or_jpeg_upload_is_accepted_by_its_content(name, content):
    validators.validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("palsu.pdf", b"ini hanya teks biasa, bukan PDF"),
        ("skrip.png", b"<script>alert(1)</script>"),
        ("arsip.pdf", b"PK\x03\x04" + b"\x00" * 64),  # a ZIP named .pdf
    ],
)
def test_an_upload_whose_content_is_not_pdf_png_or_jpeg_is_refused(name, content):
    code, message = message_of(validators.validate_upload, SimpleUploadedFile(name, content))
    assert code == "upload_type"
    assert "PDF, JPEG atau PNG" in message


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_upload_over_the_size_limit_is_refused_even_if_it_is_a_pdf():
    oversize = SimpleUploadedFile("besar.pdf", SAMPLE_PDF + b"0" * 2048)
    code, message = message_of(validators.validate_upload, oversize)
    assert code == "upload_too_large"
    assert "Ukuran berkas melebihi batas" in message


@override_settings(UPLOAD_MAX_BYTES=len(SAMPLE_PDF))
def test_an_upload_exactly_at_the_size_limit_is_accepted():
    validators.validate_upload(SimpleUploadedFile("pas.pdf", SAMPLE_PDF))


def test_the_default_size_limit_is_ten_megabytes():
    from django.conf import settings

    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
