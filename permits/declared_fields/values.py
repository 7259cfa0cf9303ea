"""A declared field's value three ways: the Python value a form cleans, the JSON it is stored as
(exact: decimals and rupiah as strings, dates in ISO form), and the Indonesian text pages and
documents show."""

from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.core.files.uploadedfile import UploadedFile

from office.indonesian import number_id, tanggal
from permits.declared_fields.spec import FieldSpec
from permits.form_fields import format_rupiah

EMPTY = "—"
TEXT_TYPES = ("text", "long_text", "choice", "kbli", "nib", "phone")


def _is_empty(value) -> bool:
    return value is None or value == ""


def to_json(spec: FieldSpec, value):
    """The cleaned Python value as stored; an empty value is None (a yes/no is always a bool)."""
    if spec.type == "yes_no":
        return bool(value)
    if _is_empty(value):
        return None
    if spec.type == "integer":
        return int(value)
    if spec.type in ("decimal", "money"):
        # A string: exact, and an 18-digit rupiah amount is no safe number for JavaScript.
        return f"{Decimal(value):f}"
    if spec.type == "date":
        return value.isoformat()
    if spec.type == "file" and isinstance(value, UploadedFile):
        raise TypeError("an upload is stored as a file; keep a reference to it, not the file")
    return str(value)


def from_json(spec: FieldSpec, stored):
    """The stored JSON back as the Python value a form cleans; ValueError when it is no such."""
    if spec.type == "yes_no":
        if not isinstance(stored, bool | None):
            raise ValueError(f"{spec.name}: a yes/no is stored as true or false")
        return bool(stored)
    if _is_empty(stored):
        return None
    if isinstance(stored, bool):
        raise ValueError(f"{spec.name}: true/false is no {spec.type}")
    if spec.type == "integer":
        if isinstance(stored, str) and stored.strip().lstrip("-").isdecimal():
            return int(stored)
        if not isinstance(stored, int):
            raise ValueError(f"{spec.name}: not a whole number")
        return stored
    if spec.type in ("decimal", "money"):
        return _decimal(spec, stored)
    if spec.type == "date":
        if not isinstance(stored, str):
            raise ValueError(f"{spec.name}: a date is stored as an ISO string")
        return date.fromisoformat(stored)
    if not isinstance(stored, str):
        raise ValueError(f"{spec.name}: a {spec.type} is stored as a string")
    return stored


def _decimal(spec: FieldSpec, stored) -> Decimal:
    if not isinstance(stored, str | int | float):
        raise ValueError(f"{spec.name}: not a number")
    try:
        number = Decimal(str(stored))
    except InvalidOperation:
        raise ValueError(f"{spec.name}: not a number") from None
    if not number.is_finite():
        raise ValueError(f"{spec.name}: not a finite number")
    if spec.type == "money" and number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number


def display(spec: FieldSpec, stored) -> str:
    """The stored value as a page or document shows it; a value that no longer reads as its
    type (an edited export, an old version) is shown as stored rather than break the page."""
    try:
        value = from_json(spec, stored)
    except ValueError:
        return str(stored)
    if spec.type == "yes_no":
        return "Ya" if value else "Tidak"
    if _is_empty(value):
        return EMPTY
    if spec.type == "money":
        return f"Rp {format_rupiah(value)}"
    if spec.type in ("integer", "decimal"):
        try:
            text = number_id(value, spec.decimal_places or 0)
        except (InvalidOperation, ValueError):  # beyond any declared max_digits
            return str(stored)
        return f"{text} {spec.unit}" if spec.unit else text
    if spec.type == "date":
        return tanggal(value)
    if spec.type == "choice":
        return spec.choice_labels.get(value, value)
    if spec.type == "phone":
        return phone_text(value)
    if spec.type == "file":
        return "Terlampir"
    return value


def phone_text(value: str) -> str:
    """+6281234567890 → "+62 812-3456-7890"."""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
