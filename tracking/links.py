"""Absolute public links to the applicant's pages, for e-mails and printed QR codes."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def public_base_url() -> str:
    return getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def tracking_url(application) -> str:
    """The tracking page with the number and code filled in (what the receipt's QR code opens)."""
    query = urlencode({"no": application.registration_number, "kode": application.tracking_code})
    return f"{public_base_url()}{reverse('tracking:track')}?{query}"


def verification_url(permit) -> str:
    return public_base_url() + reverse("tracking:verify", args=[permit.verification_code])
