"""The applicant's WhatsApp number: an Indonesian mobile number, stored in E.164."""

import phonenumbers
from django.core.exceptions import ValidationError

NOT_A_NUMBER = "Nomor WhatsApp harus nomor ponsel Indonesia, misalnya 0812-3456-7890."
NOT_MOBILE = "{number} adalah nomor telepon rumah/kantor, bukan nomor ponsel."
MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def mobile_e164(text: str) -> str:
    """ "0812-3456-7890", "+62 812 3456 7890" or "62812..." as "+6281234567890"."""
    typed = (text or "").strip()
    digits = typed.lstrip("+")
    if digits.startswith("62") and not typed.startswith("+"):
        typed = "+" + digits  # "62812..." typed without the plus
    try:
        number = phonenumbers.parse(typed, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(NOT_A_NUMBER) from None
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise ValidationError(NOT_A_NUMBER)
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(NOT_MOBILE.format(number=display_of(number)))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    return display_of(phonenumbers.parse(e164, "ID"))


def display_of(number) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
