"""E-mails to the applicant, one small function per kind, three templates each.

`notify_transition` is scheduled with `transaction.on_commit` by permits.services:
a mail goes out only for a step that was really recorded, and a failing mail
server is logged and never breaks or rolls back the step.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from office.links import tracking_url
from office.models import OfficeProfile
from permits.models import Application
from tracking.deadlines import due_date
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Notice

logger = logging.getLogger("kendali.mail")

# The step whose control-card entry carries what the mail must say (the table's `notice`).
TRANSITION_OF_KIND = {spec.notice: spec.name for spec in TRANSITIONS.values() if spec.notice}


def send_receipt(application: Application) -> None:
    _send("receipt", application)


def send_incomplete(application: Application) -> None:
    _send("incomplete", application)


def send_returned(application: Application) -> None:
    _send("returned", application)


def send_rejected(application: Application) -> None:
    _send("rejected", application)


def send_ready(application: Application) -> None:
    _send("ready", application)


SENDERS = {
    Notice.RECEIPT: send_receipt,
    Notice.INCOMPLETE: send_incomplete,
    Notice.RETURNED: send_returned,
    Notice.REJECTED: send_rejected,
    Notice.READY: send_ready,
}


def notify_transition(application_id: int, transition_name: str) -> None:
    """Send the applicant the mail for this step, if it has one. Never raises."""
    spec = TRANSITIONS.get(transition_name)
    kind = spec.notice if spec else Notice.NONE
    if kind == Notice.NONE:
        return
    label = f"id={application_id}"
    try:
        application = Application.objects.select_related("applicant", "standard__service").get(
            pk=application_id
        )
        label = application.registration_number
        SENDERS[kind](application)
    except Exception:
        logger.exception("E-mail %s untuk berkas %s gagal dikirim.", kind, label)


def _send(kind: str, application: Application) -> None:
    recipient = application.applicant.email
    if not recipient:
        logger.warning(
            "E-mail %s untuk berkas %s tidak dikirim: pemohon tidak punya alamat e-mail.",
            kind,
            application.registration_number,
        )
        return
    context = _context(kind, application)
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{kind}_subject.txt", context)
        text = render_to_string(f"emails/{kind}.txt", context)
        html = render_to_string(f"emails/{kind}.html", context)
    office = context["office"]
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[recipient],
        reply_to=[office.email] if office.email else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _context(kind: str, application: Application) -> dict:
    entry = (
        ControlCardEntry.objects.filter(
            application_id=application.pk, transition=TRANSITION_OF_KIND[kind]
        )
        .only("comment", "context", "created_at")
        .last()
    )
    context = {
        "application": application,
        # The service of the file's own version, as the mail names it.
        "service_name": application.standard.service.name,
        "applicant": application.applicant,
        "office": OfficeProfile.current(),
        "tracking_url": tracking_url(application),
        "note": entry.comment if entry else "",
        "missing": (entry.context or {}).get("missing", []) if entry else [],
        "step_at": entry.created_at if entry else None,
    }
    if kind == "receipt" and entry:
        context["due_on"] = due_date(entry.created_at, application.standard.service_days)
    if kind == "ready":
        context["permit"] = getattr(application, "permit", None)
    return context
