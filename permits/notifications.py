"""The notices of a step to the applicant: an e-mail, and a WhatsApp message where agreed.

`queue_step_notices` runs inside the step's transaction (permits.services): the deliveries are
recorded with the step, and the background worker sends them after the commit (notices/). A
failing channel is retried and logged in the file's delivery log; it never blocks or undoes a
step. The e-mail is rendered now, from three templates per kind; the WhatsApp message is one
of the office's approved templates with its parameters (docs/whatsapp.md).
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from notices import outbox, whatsapp
from notices.models import Channel, Delivery
from notices.tasks import enqueue
from office.indonesian import tanggal
from office.links import survey_url, tracking_url
from office.models import OfficeProfile
from permits.models import Application
from tracking.deadlines import due_date
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Notice

logger = logging.getLogger("kendali.mail")

TITLES = {
    Notice.RECEIPT: "Tanda terima berkas",
    Notice.INCOMPLETE: "Berkas belum lengkap",
    Notice.RETURNED: "Berkas dikembalikan untuk perbaikan",
    Notice.REJECTED: "Permohonan ditolak",
    Notice.READY: "Izin terbit",
    Notice.SURVEY: "Undangan survei kepuasan",
}
# The approved WhatsApp template of each notice (names as registered for the office's account).
WHATSAPP_TEMPLATES = {
    Notice.RECEIPT: "kendali_tanda_terima",
    Notice.INCOMPLETE: "kendali_berkas_belum_lengkap",
    Notice.RETURNED: "kendali_berkas_dikembalikan",
    Notice.REJECTED: "kendali_permohonan_ditolak",
    Notice.READY: "kendali_izin_terbit",
    Notice.SURVEY: "kendali_undangan_survei",
}


def queue_step_notices(application: Application, entry: ControlCardEntry) -> list[Delivery]:
    """Record the notices the step of `entry` calls for (none for most steps)."""
    spec = TRANSITIONS.get(entry.transition)
    kind = spec.notice if spec else Notice.NONE
    if kind == Notice.NONE:
        return []
    applicant = application.applicant
    context = _context(kind, application, entry)
    title = f"{TITLES[kind]} {application.registration_number}"
    deliveries = []
    if applicant.email:
        deliveries.append(
            outbox.queue(
                channel=Channel.EMAIL,
                kind=str(kind),
                title=title,
                recipient=applicant.email,
                payload=_email(kind, context),
                dedupe_key=f"entry:{entry.pk}:email",
                application=application,
            )
        )
    if applicant.whatsapp_recipient and whatsapp.is_configured():
        deliveries.append(
            outbox.queue(
                channel=Channel.WHATSAPP,
                kind=str(kind),
                title=title,
                recipient=applicant.whatsapp_recipient,
                payload={
                    "template": WHATSAPP_TEMPLATES[kind],
                    "parameters": _whatsapp_parameters(kind, context),
                },
                dedupe_key=f"entry:{entry.pk}:whatsapp",
                application=application,
            )
        )
    return deliveries


def notify_transition(application_id: int, transition_name: str) -> None:
    """Queue (once) and send now the notices of the file's last step `transition_name`.

    For a step recorded before its notices were queued, and for the tests; never raises.
    """
    try:
        application = Application.objects.select_related("applicant", "standard__service").get(
            pk=application_id
        )
        entry = (
            ControlCardEntry.objects.filter(application=application, transition=transition_name)
            .order_by("created_at", "pk")
            .last()
        )
        if entry is None:
            return
        for delivery in queue_step_notices(application, entry):
            if delivery.is_open:
                enqueue(delivery.pk)
    except Exception:
        logger.exception(
            "Pemberitahuan %s untuk berkas id=%s gagal diantrekan.", transition_name, application_id
        )


def _email(kind: str, context: dict) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{kind}_subject.txt", context)
        text = render_to_string(f"emails/{kind}.txt", context)
        html = render_to_string(f"emails/{kind}.html", context)
    office = context["office"]
    return {
        "subject": " ".join(subject.split()),
        "text": text,
        "html": html,
        "reply_to": [office.email] if office.email else [],
    }


def _whatsapp_parameters(kind: str, context: dict) -> list[str]:
    """The template's body parameters: who, which file of which service, what now, the link."""
    application = context["application"]
    what = {
        Notice.RECEIPT: (
            f"perkiraan selesai {tanggal(context['due_on'])}" if context.get("due_on") else "-"
        ),
        Notice.INCOMPLETE: "; ".join(context["missing"]) or "lihat halaman lacak",
        Notice.RETURNED: context["note"] or "lihat halaman lacak",
        Notice.REJECTED: context["note"] or "lihat halaman lacak",
        Notice.READY: "izin dapat diunduh atau diambil di loket",
        Notice.SURVEY: "mohon isi Survei Kepuasan Masyarakat (sekitar 3 menit)",
    }[kind]
    return [
        context["applicant"].name,
        context["service_name"],
        application.registration_number,
        " ".join(what.split())[:900],  # one line, as the Cloud API requires
        context["survey_url"] if kind == Notice.SURVEY else context["tracking_url"],
    ]


def _context(kind: str, application: Application, entry: ControlCardEntry) -> dict:
    context = {
        "application": application,
        # The service of the file's own version, as the mail names it.
        "service_name": application.standard.service.name,
        "applicant": application.applicant,
        "office": OfficeProfile.current(),
        "tracking_url": tracking_url(application),
        "survey_url": survey_url(application),
        "note": entry.comment,
        "missing": (entry.context or {}).get("missing", []),
        "step_at": entry.created_at,
    }
    if kind == Notice.RECEIPT:
        context["due_on"] = due_date(entry.created_at, application.standard.service_days)
    if kind == Notice.READY:
        context["permit"] = getattr(application, "permit", None)
    return context
