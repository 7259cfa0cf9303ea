"""Validators for the identifiers on an IUPI file, with messages in Indonesian.

NIK and NPWP are checked by python-stdnum; NIB and KBLI follow their published
shapes (13 digits; a 5-digit KBLI code in manufacturing, divisions 10-33).
"""

import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

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


def normalize_npwp(value: str) -> str:
    try:
        return stdnum_npwp.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            "NPWP harus terdiri dari 15 digit (format lama) atau 16 digit.", code="npwp_length"
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            "NPWP tidak valid: digit pemeriksa tidak cocok. Periksa kembali nomornya.",
            code="npwp_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError("NPWP tidak valid.", code="npwp_invalid") from None


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


def validate_nik(value: str) -> None:
    normalize_nik(value)


def validate_npwp(value: str) -> None:
    normalize_npwp(value)


def validate_nib(value: str) -> None:
    normalize_nib(value)


def validate_kbli(value: str) -> None:
    normalize_kbli(value)


ALLOWED_UPLOADS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def validate_upload(uploaded) -> str:
    """Accept PDF, JPEG or PNG judged by content, within the size limit; return its extension."""
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            f"Ukuran berkas melebihi batas {limit / (1024 * 1024):g} MB.", code="upload_too_large"
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_UPLOADS:
        raise ValidationError(
            "Berkas harus berupa PDF, JPEG atau PNG (isi berkas diperiksa, bukan nama berkasnya).",
            code="upload_type",
        )
    return ALLOWED_UPLOADS[kind.mime]
