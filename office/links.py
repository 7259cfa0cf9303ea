"""Absolute links printed on documents (under QR codes) and sent by e-mail. Kept in one place.

`PUBLIC_BASE_URL` is the address at which the applicant's browser or phone reaches the office.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def public_base_url() -> str:
    return settings.PUBLIC_BASE_URL


def absolute(path: str) -> str:
    return f"{public_base_url()}{path}"


def tracking_url(application) -> str:
    """The tracking page with the number and code filled in (what the receipt's QR code opens)."""
    query = urlencode({"no": application.registration_number, "kode": application.tracking_code})
    return absolute(f"{reverse('public:track')}?{query}")


def survey_url(application) -> str:
    """The satisfaction survey of the file, its number and code filled in."""
    query = urlencode({"no": application.registration_number, "kode": application.tracking_code})
    return absolute(f"{reverse('complaints:survey')}?{query}")


def verification_url(permit) -> str:
    """The public verification page of an issued permit (its QR code)."""
    return absolute(reverse("public:verify", args=[permit.verification_code]))


def letter_verification_url(letter) -> str:
    """The public verification page of a numbered letter (its QR code)."""
    return absolute(reverse("public:verify_letter", args=[letter.verification_code]))


def staff_file_url(application) -> str:
    """The file's page on the staff desk (QR code of the printed control card)."""
    return absolute(reverse("application_detail", args=[application.pk]))
