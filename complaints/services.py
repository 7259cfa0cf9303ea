"""The one way complaints and survey answers are written.

`submit_complaint` records a new complaint (from the public form or by a
complaint officer); `perform_action` moves it along its lifecycle. Both check
the role before touching the database, lock the row, write the append-only
history in the same transaction, and send e-mail only after the commit (a
failing mail server is logged and never undoes a step). `submit_survey` keeps
one answer per application, also when two submits race.
"""

import logging
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_fsm import ConcurrentTransition

from complaints import deadlines, lapor_outbox, notifications
from complaints import events as webhook_events
from complaints.access_policy import (
    OUTCOME_OF_STATUS,
    eligible_assignees,
    may_record,
    may_take,
    may_view,
    survey_open,
)
from complaints.models import (
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintTier,
    SurveyResponse,
)
from complaints.models.complaint import new_ticket, normalize_ticket
from complaints.skm import ELEMENT_CODES
from complaints.workflow import ACTIONS, DUPLICATE_REPLY, Action
from office.roles import Role, has_role
from permits.models import Application

logger = logging.getLogger(__name__)

# Which e-mail an action sends to the complainant.
MAIL_OF_ACTION = {
    "answer": "answered",
    "decline_not_ours": "declined",
    "mark_duplicate": "declined",
}


SURVEY_NOT_YET = (
    "Survei dapat diisi setelah berkas Anda selesai ditangani: izin terbit, permohonan ditolak "
    "atau dicabut, atau berkas dikembalikan kepada Anda."
)


class ComplaintError(Exception):
    """A step that cannot be taken now; the message is shown to the officer as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyAnswered(Exception):
    """This application has answered the survey already."""


@dataclass(frozen=True)
class NewComplaint:
    category: str
    subject: str
    description: str
    anonymous: bool = False
    confidential: bool = False
    name: str = ""
    email: str = ""
    phone: str = ""
    related_number: str = ""
    service_id: int | None = None
    attachment: UploadedFile | None = None
    # Only for complaints recorded by staff; the public form is always "web", today.
    channel: str = Channel.WEB
    received_on: date | None = None
    # Only for complaints the SP4N-LAPOR! sync brings in (actor None; received_on: the day
    # LAPOR! forwarded it).
    lapor_id: str = ""


@dataclass(frozen=True)
class ActionInput:
    """What an officer gives with an action (which fields count depends on the action)."""

    note: str = ""
    reply: str = ""
    tier_id: int | None = None
    assignee_id: int | None = None
    duplicate_ticket: str = ""


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


# --- complaints ---------------------------------------------------------------------


def match_application(number: str) -> Application | None:
    number = (number or "").strip()
    if not number:
        return None
    return (
        Application.objects.select_related("standard")
        .filter(registration_number__iexact=number)
        .first()
    )


def submit_complaint(*, data: NewComplaint, actor=None) -> Complaint:
    """Record a complaint. `actor` None: the public web form (or, with `data.lapor_id`, the
    SP4N-LAPOR! sync); else a complaint officer."""
    today = deadlines.today()
    if data.lapor_id:
        if actor is not None:
            raise PermissionDenied("Pengaduan SP4N-LAPOR! masuk lewat sinkronisasinya.")
        channel, received_on = Channel.LAPOR, min(data.received_on or today, today)
    elif actor is None:
        channel, received_on = Channel.WEB, today
    else:
        if not may_record(actor):
            raise PermissionDenied("Hanya petugas pengaduan yang dapat mencatat pengaduan.")
        channel, received_on = data.channel, data.received_on or today
        if channel in (Channel.WEB, Channel.LAPOR):
            raise ComplaintError("Pilih kanal tempat pengaduan diterima.", field="channel")
        if received_on > today:
            raise ComplaintError(
                "Tanggal diterima tidak boleh melewati hari ini.", field="received_on"
            )
    related_number = (data.related_number or "").strip()[:40]
    related = match_application(related_number)
    complaint = Complaint(
        channel=channel,
        received_on=received_on,
        recorded_by=actor,
        anonymous=data.anonymous,
        confidential=data.confidential,
        name="" if data.anonymous else data.name.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        related_number=related_number,
        related_application=related,
        # The service named on the form, else the related file's own service.
        service_id=data.service_id or (related.standard.service_id if related else None),
        category=data.category,
        subject=data.subject.strip(),
        description=data.description.strip(),
        verify_due_on=deadlines.verification_due(received_on),
        lapor_id=data.lapor_id,
        lapor_due_on=deadlines.lapor_due(received_on) if data.lapor_id else None,
    )
    if data.attachment is not None:
        complaint.attachment = data.attachment
    event_context = {"channel": channel}
    if data.lapor_id:
        event_context["lapor_id"] = data.lapor_id
    try:
        with transaction.atomic():
            complaint.ticket = _unused_ticket()
            complaint.save()
            event = ComplaintEvent.objects.create(
                complaint=complaint,
                action="submit",
                to_status=complaint.status,
                actor=actor,
                actor_name=display_name(actor) if actor else "",
                context=event_context,
            )
            notifications.queue_notice(complaint, "received", event)
            transaction.on_commit(
                partial(_log_action, complaint, "submit", "", complaint.status, actor)
            )
    except BaseException:
        _discard_attachment(complaint)
        raise
    return complaint


def perform_action(
    *,
    complaint_id: int,
    name: str,
    actor,
    data: ActionInput | None = None,
    expected_status: str | None = None,
) -> Complaint:
    """Take `name` on the complaint, or raise PermissionDenied / ComplaintError.

    `expected_status` is the status the officer saw: a second click finds the
    complaint moved already and is refused.
    """
    action = ACTIONS.get(name)
    if action is None:
        raise ComplaintError("Tindakan tidak dikenal.")
    if not (has_role(actor, Role.COMPLAINT_OFFICER) or (action.assignee_may and may_view(actor))):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
    data = data or ActionInput()
    _check_input(action, data)

    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if not may_take(actor, action, complaint):
            raise PermissionDenied("Pengaduan ini tidak didisposisikan kepada Anda.")
        from_status = complaint.status
        if expected_status is not None and from_status != expected_status:
            raise ComplaintError(
                "Pengaduan ini sudah diproses oleh petugas lain atau oleh klik sebelumnya. "
                f"Status sekarang: {complaint.get_status_display()}."
            )
        if from_status not in action.sources:
            raise ComplaintError(
                f"Tindakan \u201c{action.label}\u201d tidak dapat dilakukan pada pengaduan "
                f"berstatus \u201c{complaint.get_status_display()}\u201d."
            )
        context = _do_action_work(complaint, action, data)
        getattr(complaint, action.name)()
        complaint.status_changed_at = timezone.now()
        try:
            complaint.save()
        except ConcurrentTransition:
            raise ComplaintError(
                "Pengaduan ini sudah diproses oleh petugas lain. Muat ulang halamannya."
            ) from None
        event = ComplaintEvent.objects.create(
            complaint=complaint,
            action=action.name,
            from_status=from_status,
            to_status=complaint.status,
            actor=actor,
            actor_name=display_name(actor),
            note=data.note.strip(),
            context=context,
            created_at=complaint.status_changed_at,
        )
        kind = MAIL_OF_ACTION.get(action.name)
        if kind:
            notifications.queue_notice(complaint, kind, event)
        webhook_events.publish_action(complaint, event)  # complaint.closed, when final
        lapor_outbox.queue(complaint, action.name, event)  # LAPOR! complaints only
        transaction.on_commit(
            partial(_log_action, complaint, action.name, from_status, complaint.status, actor)
        )
    return complaint


def _log_action(complaint: Complaint, action: str, from_status: str, to_status: str, actor):
    """One structured log line per committed action (the request id and user come with it).

    By id only: the ticket opens the public status page, so it stays out of the logs.
    """
    actor_name = actor.get_username() if actor is not None else "-"
    logger.info(
        "%s complaint %s: %s -> %s by %s",
        action,
        complaint.pk,
        from_status or "-",
        to_status,
        actor_name,
        extra={
            "event": "complaint.transition",
            "transition": action,
            "complaint_id": complaint.pk,
            "from_status": from_status,
            "to_status": to_status,
            "actor": actor_name,
        },
    )


def _check_input(action: Action, data: ActionInput) -> None:
    if action.needs_tier and not data.tier_id:
        raise ComplaintError("Pilih klasifikasi pengaduan.", field="tier")
    if action.needs_assignee and not data.assignee_id:
        raise ComplaintError("Pilih petugas yang menindaklanjuti.", field="assignee")
    if action.needs_duplicate_of and not normalize_ticket(data.duplicate_ticket):
        raise ComplaintError("Nomor tiket pengaduan asal wajib diisi.", field="duplicate_ticket")
    if action.needs_reply and action.reply_required and not data.reply.strip():
        raise ComplaintError(f"{action.reply_label} wajib diisi.", field="reply")


def _do_action_work(complaint: Complaint, action: Action, data: ActionInput) -> dict:
    """The action's own fields, set on the locked complaint; returns the event's context."""
    now = timezone.now()
    if action.name == "verify":
        tier = ComplaintTier.objects.filter(pk=data.tier_id, active=True).first()
        if tier is None:
            raise ComplaintError("Klasifikasi tidak dikenal.", field="tier")
        complaint.tier = tier
        complaint.verified_on = deadlines.today()
        complaint.due_on = deadlines.resolution_due(complaint.verified_on, tier.days)
        return {"tier": tier.name, "days": tier.days, "due_on": complaint.due_on.isoformat()}
    if action.name == "assign":
        assignee = eligible_assignees().filter(pk=data.assignee_id).first()
        if assignee is None:
            raise ComplaintError("Petugas tidak dapat dipilih.", field="assignee")
        if assignee.pk == complaint.assigned_to_id:
            raise ComplaintError(
                "Pengaduan ini sudah didisposisikan kepada petugas tersebut.", field="assignee"
            )
        complaint.assigned_to = assignee
        return {"assignee": display_name(assignee)}
    if action.name == "mark_duplicate":
        original = (
            Complaint.objects.filter(ticket=normalize_ticket(data.duplicate_ticket))
            .exclude(pk=complaint.pk)
            .first()
        )
        if original is None:
            raise ComplaintError(
                "Tidak ada pengaduan lain dengan nomor tiket itu.", field="duplicate_ticket"
            )
        complaint.duplicate_of = original
        complaint.reply = data.reply.strip() or DUPLICATE_REPLY
        complaint.replied_at = now
        return {"duplicate_of": original.ticket}
    if action.needs_reply:
        complaint.reply = data.reply.strip()
        complaint.replied_at = now
        return {}
    if action.name == "close":
        complaint.closed_at = now
    return {}


def _unused_ticket() -> str:
    # 2^50 codes: a clash is near impossible; the unique index catches the rest.
    while True:
        ticket = new_ticket()
        if not Complaint.objects.filter(ticket=ticket).exists():
            return ticket


def _discard_attachment(complaint: Complaint) -> None:
    """A complaint that was not saved leaves no file behind."""
    stored = complaint.attachment
    if stored and getattr(stored, "_committed", False) and stored.name:
        stored.storage.delete(stored.name)


# --- the satisfaction survey ----------------------------------------------------------


def respondent_key(application: Application) -> str:
    """A keyed hash of the file: one answer per file, without naming the file in the table."""
    return salted_hmac(
        "kendali.complaints.survey", application.registration_number, algorithm="sha256"
    ).hexdigest()


def has_answered(application: Application) -> bool:
    return SurveyResponse.objects.filter(respondent_key=respondent_key(application)).exists()


def submit_survey(*, application: Application, profile: dict, scores: dict, suggestion: str = ""):
    """Save one applicant's answers, all or nothing; AlreadyAnswered for a second answer."""
    if not survey_open(application):
        raise ComplaintError(SURVEY_NOT_YET)
    missing = [code for code in ELEMENT_CODES if scores.get(code) not in (1, 2, 3, 4)]
    if missing:
        raise ComplaintError("Semua unsur survei wajib dijawab.", field=missing[0])
    response = SurveyResponse(
        respondent_key=respondent_key(application),
        gender=profile["gender"],
        age_band=profile["age_band"],
        education=profile["education"],
        occupation=profile["occupation"],
        suggestion=(suggestion or "").strip(),
        outcome=OUTCOME_OF_STATUS[application.status],
        service_id=application.standard.service_id,
        **{code: scores[code] for code in ELEMENT_CODES},
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        if has_answered(application):
            raise AlreadyAnswered(application.registration_number) from None
        raise
    return response
