"""E-mails to the complainant, one small function per kind, three templates each.

`notify` is scheduled with `transaction.on_commit` by complaints.services: a mail
goes out only for a change that was really recorded, and a failing mail server
is logged and never breaks or rolls back the step. No address, no mail.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from complaints.models import Complaint
from office.links import public_base_url
from office.models import OfficeProfile

logger = logging.getLogger("kendali.mail")


def status_url(ticket: str) -> str:
    """The public status page with the ticket filled in."""
    return f"{public_base_url()}{reverse('complaints:status')}?{urlencode({'tiket': ticket})}"


def send_received(complaint) -> None:
    _send("received", complaint)


def send_answered(complaint) -> None:
    _send("answered", complaint)


def send_declined(complaint) -> None:
    _send("declined", complaint)


SENDERS = {"received": send_received, "answered": send_answered, "declined": send_declined}


def notify(complaint_id: int, kind: str) -> None:
    """Send the complainant the mail of this kind, if they gave an address. Never raises."""
    try:
        complaint = Complaint.objects.get(pk=complaint_id)
        SENDERS[kind](complaint)
    except Exception:
        logger.exception("E-mail pengaduan %s (id=%s) gagal dikirim.", kind, complaint_id)


def _send(kind: str, complaint) -> None:
    if not complaint.email:
        return
    office = OfficeProfile.current()
    context = {
        "complaint": complaint,
        "office": office,
        "greeting": complaint.name or "Bapak/Ibu",
        "status_url": status_url(complaint.ticket),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/complaint_{kind}_subject.txt", context)
        text = render_to_string(f"emails/complaint_{kind}.txt", context)
        html = render_to_string(f"emails/complaint_{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[complaint.email],
        reply_to=[office.email] if office.email else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()
