"""The identifiers on an IUPI file, free text and uploaded scans are checked with messages in
Indonesian."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from permits import validators
from permits.sample import SAMPLE_NIKS, SAMPLE_NPWP, SAMPLE_PDF
from tests.images import jpeg_claiming, png_bomb, small_jpeg, small_png

PNG = small_png()
JPEG = small_jpeg()


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


def test_a_sixteen_digit_npwp_that_is_not_a_valid_nik_says_the_birth_date_is_impossible():
    # Since 2024 a 16-digit NPWP that does not start with 0 is the holder's NIK.
    code, message = message_of(validators.normalize_npwp, "1602013208850001")  # day 32
    assert code == "npwp_nik_birth_date"
    assert message == (
        "NPWP 16 digit yang tidak diawali 0 adalah NIK pemiliknya, tetapi nomor ini bukan NIK "
        "yang valid: tanggal lahir pada digit ke-7 sampai ke-12 tidak mungkin."
    )


def test_a_sixteen_digit_npwp_that_is_not_a_valid_nik_says_the_region_is_unknown():
    code, message = message_of(validators.normalize_npwp, "9902011708850001")  # province 99
    assert code == "npwp_nik_region"
    assert message == (
        "NPWP 16 digit yang tidak diawali 0 adalah NIK pemiliknya, tetapi nomor ini bukan NIK "
        "yang valid: kode wilayah pada 4 digit pertama tidak dikenal."
    )


def test_a_sixteen_digit_npwp_that_is_a_valid_nik_is_accepted():
    assert validators.normalize_npwp("1602 0117 0885 0001") == "1602011708850001"


def test_an_npwp_with_letters_says_only_digits_are_allowed():
    code, message = message_of(validators.normalize_npwp, "01.312.166.0-091.00A")
    assert code == "npwp_format"
    assert message == (
        "NPWP hanya boleh berisi angka; titik, tanda hubung dan spasi boleh diketik."
    )


# --- Passport ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("A1234567", "A1234567"),
        ("a1234567", "A1234567"),
        (" a 123 4567 ", "A1234567"),
        ("x-1234567", "X1234567"),
        ("e1234567a", "E1234567A"),
        ("123456789", "123456789"),
    ],
)
def test_a_passport_number_is_stored_without_spaces_in_capitals(typed, stored):
    assert validators.normalize_passport(typed) == stored


def test_the_same_passport_typed_two_ways_is_one_number():
    assert validators.normalize_passport("a1234567") == validators.normalize_passport("A1234567")


@pytest.mark.parametrize("passport", ["A1234", "A12345678901234"])
def test_a_passport_number_of_the_wrong_length_is_refused(passport):
    code, message = message_of(validators.normalize_passport, passport)
    assert code == "passport_length"
    assert message == "Nomor paspor terdiri dari 6 sampai 12 huruf dan angka."


@pytest.mark.parametrize(
    "passport",
    [
        "A123/4567",
        "A1234567.",
        "Ａ1234567",  # a full-width letter
        "ı1234567",  # dotless i: "ı".upper() is "I", it must not pass as one
        "A١٢٣٤٥٦٧",  # Arabic-Indic digits
        "É1234567",
    ],
)
def test_a_passport_number_with_other_characters_is_refused(passport):
    code, message = message_of(validators.normalize_passport, passport)
    assert code == "passport_format"
    assert message == (
        "Nomor paspor hanya boleh berisi huruf A-Z dan angka 0-9 "
        "(spasi dan tanda hubung boleh diketik)."
    )


def test_normalising_a_passport_number_twice_changes_nothing():
    once = validators.normalize_passport(" p 123 456 7 ")
    assert validators.normalize_passport(once) == once


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


# --- Hidden characters in free text -------------------------------------------------

HIDDEN = [
    pytest.param("\u202e", id="U+202E right-to-left override"),
    pytest.param("\u202a", id="U+202A left-to-right embedding"),
    pytest.param("\u202b", id="U+202B right-to-left embedding"),
    pytest.param("\u202c", id="U+202C pop directional formatting"),
    pytest.param("\u202d", id="U+202D left-to-right override"),
    pytest.param("\u2066", id="U+2066 left-to-right isolate"),
    pytest.param("\u2067", id="U+2067 right-to-left isolate"),
    pytest.param("\u2068", id="U+2068 first strong isolate"),
    pytest.param("\u2069", id="U+2069 pop directional isolate"),
    pytest.param("\u200e", id="U+200E left-to-right mark"),
    pytest.param("\u200f", id="U+200F right-to-left mark"),
    pytest.param("\u061c", id="U+061C arabic letter mark"),
    pytest.param("\u200b", id="U+200B zero width space"),
    pytest.param("\u200c", id="U+200C zero width non-joiner"),
    pytest.param("\u200d", id="U+200D zero width joiner"),
    pytest.param("\u2060", id="U+2060 word joiner"),
    pytest.param("\u2063", id="U+2063 invisible separator"),
    pytest.param("\u00ad", id="U+00AD soft hyphen"),
    pytest.param("\ufeff", id="U+FEFF byte order mark"),
    pytest.param("\U000e0041", id="U+E0041 tag latin capital a"),
    pytest.param("\x1b", id="U+001B escape"),
    pytest.param("\x85", id="U+0085 next line"),
    pytest.param("\u2028", id="U+2028 line separator"),
    pytest.param("\u2029", id="U+2029 paragraph separator"),
]


@pytest.mark.parametrize("character", HIDDEN)
def test_text_with_an_invisible_or_direction_character_is_refused_and_the_character_named(
    character,
):
    code, message = message_of(validators.validate_visible_text, f"PT Sawit{character} Lestari")
    assert code == "hidden_characters"
    assert message == (
        f"Teks ini berisi karakter tersembunyi yang tidak diizinkan (U+{ord(character):04X}), "
        "misalnya pembalik arah tulisan atau spasi tanpa lebar. Ketik ulang teksnya tanpa "
        "menyalin dari dokumen lain."
    )


def test_a_spoofed_name_names_each_hidden_character_once_in_order():
    # "Ahmad Fauzi" shown, "izuaF dahmA" stored: the override reverses what follows it.
    _, message = message_of(validators.validate_visible_text, "\u202ePT \u200bA\u202eB\u200b")
    assert "(U+200B, U+202E)" in message


@pytest.mark.parametrize(
    "text",
    [
        "Jl. Letnan Muchtar Saleh No. 12, RT 003/RW 001, Kayuagung 30611",
        "Baris satu\nBaris dua\r\n\tBaris tiga",
        "Muḥammad ʿAlī bin Ḥasan",
        "Nguyễn Thị Hồng Ánh",
        "株式会社 山田製作所",
        "محمد عبد الله",  # right-to-left letters are fine; only the invisible controls are not
        "Café — 100% « kualitas »",
        "",
    ],
)
def test_ordinary_text_in_any_script_is_accepted(text):
    validators.validate_visible_text(text)


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


# --- Uploads: images by their pixel count --------------------------------------------


def test_the_pixel_limit_is_fifty_megapixels():
    assert settings.UPLOAD_MAX_PIXELS == 50_000_000


def test_a_png_decompression_bomb_is_refused_by_its_header_without_decoding_it():
    bomb = png_bomb(20_000, 20_000)  # 400 megapixels in about 50 KB
    assert len(bomb) < 200 * 1024

    code, message = message_of(validators.validate_upload, SimpleUploadedFile("ktp.png", bomb))

    assert code == "upload_too_many_pixels"
    assert message == (
        "Gambar terlalu besar: paling banyak 50 megapiksel (misalnya 8.000 × 6.000 piksel). "
        "Perkecil resolusi pindaian atau foto, lalu unggah kembali."
    )


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        (8_000, 8_000, "8.000 × 8.000 piksel (64 megapiksel)"),  # Pillow itself would not warn
        (10_000, 10_000, "10.000 × 10.000 piksel (100 megapiksel)"),  # Pillow only warns
    ],
)
def test_a_png_over_the_pixel_limit_is_refused_with_its_size(width, height, size):
    code, message = message_of(
        validators.validate_upload, SimpleUploadedFile("scan.png", png_bomb(width, height))
    )
    assert code == "upload_too_many_pixels"
    assert message == (
        f"Gambar terlalu besar: {size}, paling banyak 50 megapiksel (misalnya 8.000 × 6.000 "
        "piksel). Perkecil resolusi pindaian atau foto, lalu unggah kembali."
    )


def test_a_jpeg_whose_header_claims_too_many_pixels_is_refused():
    code, _ = message_of(
        validators.validate_upload, SimpleUploadedFile("foto.jpg", jpeg_claiming(9_000, 8_000))
    )
    assert code == "upload_too_many_pixels"


def test_an_a4_scan_at_600_dpi_is_within_the_limit():
    # 210 x 297 mm at 600 dpi: 4961 x 7016 pixels, about 35 megapixels.
    assert validators.validate_upload(SimpleUploadedFile("a4.png", png_bomb(4961, 7016))) == "png"


@override_settings(UPLOAD_MAX_PIXELS=100)
@pytest.mark.parametrize(
    ("content", "accepted"),
    [
        pytest.param(png_bomb(10, 10), True, id="png-100-pixels"),
        pytest.param(png_bomb(10, 11), False, id="png-110-pixels"),
        pytest.param(jpeg_claiming(10, 10), True, id="jpeg-100-pixels"),
        pytest.param(jpeg_claiming(11, 10), False, id="jpeg-110-pixels"),
    ],
)
def test_the_pixel_limit_is_read_from_the_settings_and_includes_its_bound(content, accepted):
    upload = SimpleUploadedFile("gambar", content)
    if accepted:
        validators.validate_upload(upload)
    else:
        assert message_of(validators.validate_upload, upload)[0] == "upload_too_many_pixels"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64, id="png-signature-only"
        ),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, id="jpeg-signature-only"),
        pytest.param(png_bomb(64, 48)[:30], id="png-cut-in-its-header"),
    ],
)
def test_an_image_whose_header_cannot_be_read_is_refused(content):
    code, message = message_of(validators.validate_upload, SimpleUploadedFile("x.png", content))
    assert code == "upload_broken_image"
    assert message == (
        "Gambar tidak dapat dibaca: berkas rusak atau tidak lengkap. Simpan ulang gambarnya "
        "sebagai PNG atau JPEG, lalu unggah kembali."
    )


def test_an_image_upload_is_left_at_its_start_for_storing():
    upload = SimpleUploadedFile("ktp.png", PNG)
    validators.validate_upload(upload)
    assert upload.read() == PNG
