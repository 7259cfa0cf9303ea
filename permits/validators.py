"""Validators for what is typed or uploaded at the desks, with messages in Indonesian.

NIK and NPWP are checked by python-stdnum; NIB and KBLI follow their published
shapes (13 digits; a 5-digit KBLI code in manufacturing, divisions 10-33); a
passport number is 6 to 12 letters A-Z and digits (see `normalize_passport`).
Free text refuses characters that are not seen but change what is shown
(`validate_visible_text`); uploads are judged by content, size and pixel count
(`validate_upload`, from office.uploads).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

# Uploads are checked on the ground floor, where the office logo is checked too.
# Re-exported for the callers that know them from here.
from office.uploads import ALLOWED_UPLOADS as ALLOWED_UPLOADS
from office.uploads import PILLOW_FORMATS as PILLOW_FORMATS
from office.uploads import validate_upload as validate_upload

KBLI_MANUFACTURING_DIVISIONS = range(10, 34)


def normalize_nik(value: str) -> str:
    try:
        return stdnum_nik.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError("NIK harus terdiri dari 16 digit.", code="nik_length") from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError("NIK hanya boleh berisi angka.", code="nik_format") from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            "NIK tidak valid: kode wilayah atau tanggal lahir tidak sesuai.", code="nik_invalid"
        ) from None


_NPWP_AS_NIK = (
    "NPWP 16 digit yang tidak diawali 0 adalah NIK pemiliknya, tetapi nomor ini bukan NIK "
)


def normalize_npwp(value: str) -> str:
    """The 15-digit NPWP, the same with a leading 0, or (since 2024) the holder's NIK.

    A refusal says which rule failed. python-stdnum reports a 16-digit number that is no
    valid NIK as one "invalid component"; its public `nik.get_birth_date` tells whether the
    birth date or the region code is the part at fault.
    """
    try:
        return stdnum_npwp.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            "NPWP harus terdiri dari 15 digit (format lama) atau 16 digit.", code="npwp_length"
        ) from None
    except stdnum_errors.InvalidFormat:  # after InvalidLength, its subclass
        raise ValidationError(
            "NPWP hanya boleh berisi angka; titik, tanda hubung dan spasi boleh diketik.",
            code="npwp_format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            "NPWP tidak valid: digit pemeriksa tidak cocok. Periksa kembali nomornya.",
            code="npwp_checksum",
        ) from None
    except stdnum_errors.InvalidComponent:
        compact = stdnum_npwp.compact(value)
        if len(compact) == 16 and not compact.startswith("0"):
            raise _npwp_as_nik_error(compact) from None
        raise ValidationError("NPWP tidak valid.", code="npwp_invalid") from None
    except stdnum_errors.ValidationError:
        raise ValidationError("NPWP tidak valid.", code="npwp_invalid") from None


def _npwp_as_nik_error(compact: str) -> ValidationError:
    try:
        stdnum_nik.get_birth_date(compact)
    except stdnum_errors.ValidationError:
        return ValidationError(
            _NPWP_AS_NIK + "yang valid: tanggal lahir pada digit ke-7 sampai ke-12 tidak mungkin.",
            code="npwp_nik_birth_date",
        )
    return ValidationError(
        _NPWP_AS_NIK + "yang valid: kode wilayah pada 4 digit pertama tidak dikenal.",
        code="npwp_nik_region",
    )


def format_npwp(value: str) -> str:
    """The old 15-digit NPWP in its dotted form; a 16-digit NPWP is shown as it is."""
    if len(value or "") == 15:
        return stdnum_npwp.format(value)
    return value or ""


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def _ascii_digits(value: str, length: int) -> bool:
    # str.isdigit() also accepts "١" or "²", which int() then rejects or the registry never issues.
    return re.fullmatch(rf"[0-9]{{{length}}}", value) is not None


def normalize_nib(value: str) -> str:
    compact = _digits(value)
    if not _ascii_digits(compact, 13):
        raise ValidationError("NIB harus terdiri dari 13 digit angka.", code="nib_invalid")
    return compact


def normalize_kbli(value: str) -> str:
    compact = _digits(value)
    if not _ascii_digits(compact, 5):
        raise ValidationError("Kode KBLI harus terdiri dari 5 digit angka.", code="kbli_length")
    if int(compact[:2]) not in KBLI_MANUFACTURING_DIVISIONS:
        raise ValidationError(
            "Kode KBLI harus termasuk kategori C Industri Pengolahan (golongan pokok 10-33).",
            code="kbli_not_manufacturing",
        )
    return compact


# A passport number as ICAO 9303 prints it: capital letters A-Z and digits. Most are 7 to 9
# characters (the MRZ field holds 9; Indonesia: a letter and 7 digits); 6 to 12 leaves room
# for older and longer ones. Spaces and hyphens typed between are dropped and letters are
# stored in capitals, so "a 123-4567" and "A1234567" are one number.
PASSPORT_LENGTH = (6, 12)
_PASSPORT_SEPARATORS = re.compile(r"[\s\-]")
_PASSPORT_CHARACTERS = re.compile(r"[A-Za-z0-9]*")


def normalize_passport(value: str) -> str:
    compact = _PASSPORT_SEPARATORS.sub("", value or "")
    # Checked before upper(): "ı".upper() is "I" and "ß".upper() is "SS".
    if not _PASSPORT_CHARACTERS.fullmatch(compact):
        raise ValidationError(
            "Nomor paspor hanya boleh berisi huruf A-Z dan angka 0-9 "
            "(spasi dan tanda hubung boleh diketik).",
            code="passport_format",
        )
    shortest, longest = PASSPORT_LENGTH
    if not shortest <= len(compact) <= longest:
        raise ValidationError(
            f"Nomor paspor terdiri dari {shortest} sampai {longest} huruf dan angka.",
            code="passport_length",
        )
    return compact.upper()


def validate_passport(value: str) -> None:
    """The stored form: what `normalize_passport` returns, unchanged."""
    if normalize_passport(value) != value:
        raise ValidationError(
            "Nomor paspor disimpan tanpa spasi dan dengan huruf kapital.", code="passport_form"
        )


def validate_nik(value: str) -> None:
    normalize_nik(value)


def validate_npwp(value: str) -> None:
    normalize_npwp(value)


def validate_nib(value: str) -> None:
    normalize_nib(value)


def validate_kbli(value: str) -> None:
    normalize_kbli(value)


# --- free text -----------------------------------------------------------------------

# Characters a reader does not see but that change what is shown: format characters
# (Unicode category Cf: direction overrides, embeddings and isolates U+202A-U+202E and
# U+2066-U+2069, the marks U+200E/U+200F/U+061C, zero-width space, joiners, word joiner,
# soft hyphen, BOM, tag characters), control characters other than tab and line breaks
# (Cc), and the line and paragraph separators U+2028/U+2029 (Zl, Zp). A name with U+202E
# is stored as typed and printed reversed on the signed permit. NUL is left to Django's
# own validator, which every form CharField already has.
HIDDEN_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})
ALLOWED_CONTROLS = frozenset("\t\n\r\x00")


def hidden_characters(value: str) -> list[str]:
    """The hidden characters in `value`, each once, in code point order."""
    found = {
        character
        for character in value or ""
        if (category := unicodedata.category(character)) in HIDDEN_CATEGORIES
        or (category == "Cc" and character not in ALLOWED_CONTROLS)
    }
    return sorted(found)


def validate_visible_text(value: str) -> None:
    hidden = hidden_characters(value)
    if hidden:
        names = ", ".join(f"U+{ord(character):04X}" for character in hidden[:5])
        raise ValidationError(
            f"Teks ini berisi karakter tersembunyi yang tidak diizinkan ({names}), misalnya "
            "pembalik arah tulisan atau spasi tanpa lebar. Ketik ulang teksnya tanpa menyalin "
            "dari dokumen lain.",
            code="hidden_characters",
        )
