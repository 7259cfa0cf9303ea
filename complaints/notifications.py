"""Notices to the complainant: an e-mail per kind, three templates each. No address, no mail.

`queue_notice` runs inside the change's transaction (complaints.services): the delivery is
recorded with the change and sent by the background worker after the commit (notices/);
a failing mail server is retried and shown in the complaint's delivery log, and never
breaks or rolls back the change.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from notices import outbox
from notices.models import Channel
from office.links import public_base_url
from office.models import OfficeProfile

TITLES = {
    "received": "Pengaduan diterima",
    "answered": "Jawaban pengaduan",
    "declined": "Pengaduan tidak dapat ditindaklanjuti",
}


def status_url(ticket: str) -> str:
    """The public status page with the ticket filled in."""
    return f"{public_base_url()}{reverse('complaints:status')}?{urlencode({'tiket': ticket})}"


def queue_notice(complaint, kind: str, event) -> None:
    """Record the e-mail of this kind for the change `event` (once), if there is an address."""
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
    outbox.queue(
        channel=Channel.EMAIL,
        kind=f"complaint_{kind}",
        title=f"{TITLES[kind]} {complaint.ticket}",
        recipient=complaint.email,
        payload={
            "subject": " ".join(subject.split()),
            "text": text,
            "html": html,
            "reply_to": [office.email] if office.email else [],
        },
        dedupe_key=f"complaint-event:{event.pk}:email",
        complaint=complaint,
    )
