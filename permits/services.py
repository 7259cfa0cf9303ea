"""The one way an application changes state.

`perform_transition` locks the row, checks the role, runs the django-fsm
transition, saves, writes the control card and does the step's own work
(permits/step_work.py: numbering, recording the recipient) in one transaction.
Views, the admin, commands and tests all come here; nothing sets `status` by hand.
What each step does is read from its row in workflow/table.py, never from its name.
"""

import logging
import secrets
import uuid
from collections.abc import Sequence
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from notices import outbox as notices_outbox
from notices.models import Channel
from office.files import removed_unless_committed
from office.roles import APPLICANT_ROLE, Role, has_role
from permits import events as webhook_events
from permits import letters, notifications, numbering, readiness, step_work
from permits.models import (
    Applicant,
    Application,
    CommitmentCheck,
    CommitmentType,
    DeclaredFile,
    Handover,
    KeptUpload,
    RequirementCheck,
    ServiceStandard,
)
from permits.step_work import StepInput, StepWorkError
from tracking.cards import record_entry
from workflow.table import REGISTER, STEP_OF_STATUS, TRANSITIONS, Status, Transition

logger = logging.getLogger(__name__)


class AlreadyRegistered(Exception):
    """The intake form was submitted twice (double click, reload): the file exists already."""

    def __init__(self, application: Application):
        super().__init__(application.registration_number)
        self.application = application


class TransitionError(Exception):
    """A step that cannot be taken now; the message is shown to the officer as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def may_perform(user, spec: Transition) -> bool:
    return has_role(user, spec.role)


def perform_transition(
    *,
    application_id: int,
    name: str,
    actor,
    data: StepInput | None = None,
    expected_status: str | None = None,
) -> Application:
    """Take step `name` on the application, or raise PermissionDenied / TransitionError.

    `expected_status` is the status the officer saw when clicking: a second
    click on the same button finds the file already moved and is refused.
    """
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise TransitionError("Tindakan tidak dikenal.")
    if not may_perform(actor, spec):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
    data = data or StepInput()
    _check_input(spec, data, actor)

    # A file the step wrote (the signed permit) goes again if the step does not commit.
    with removed_unless_committed(), transaction.atomic():
        application = _locked(application_id)
        from_status = application.status
        if expected_status is not None and from_status != expected_status:
            raise TransitionError(
                "Berkas ini sudah diproses oleh petugas lain atau oleh klik sebelumnya. "
                f"Status sekarang: {application.get_status_display()}."
            )
        method = getattr(application, spec.name)
        if from_status not in spec.sources:
            raise TransitionError(
                f"Tindakan \u201c{spec.staff_label}\u201d tidak dapat dilakukan pada berkas "
                f"berstatus \u201c{application.get_status_display()}\u201d."
            )
        if not can_proceed(method):
            raise TransitionError(readiness.refusal(application, spec))

        try:
            context = step_work.do(application, spec, data, actor)
        except StepWorkError as err:
            raise TransitionError(str(err)) from err
        _commit_step(
            application, spec, actor=actor, actor_role=spec.role, comment=data.note, context=context
        )
    return application


def _locked(application_id: int) -> Application:
    """The file, locked for the step, with its version of the standard (not locked: the
    file's steps must not wait on each other's standard)."""
    return (
        Application.objects.select_related("standard")
        .select_for_update(of=("self",))
        .get(pk=application_id)
    )


def record_electronic_handover(*, application_id: int, address: str | None = None) -> bool:
    """Step 8 by the applicant's first download of the numbered permit.

    Returns False (and writes nothing) when the counter has already handed it over. The
    handover record (a numbered letter) quotes the moment and the address of that download.
    """
    spec = TRANSITIONS["hand_over"]
    with transaction.atomic():
        application = _locked(application_id)
        if application.status != Status.NUMBERED:
            return False
        Handover.objects.create(application=application, recipient=Handover.Recipient.DOWNLOAD)
        _commit_step(
            application,
            spec,
            actor=None,
            actor_role=APPLICANT_ROLE,
            comment="",
            context={"channel": "download"},
            letter_facts={"download": {"at": timezone.now().isoformat(), "address": address or ""}},
        )
    return True


def _commit_step(
    application: Application,
    spec: Transition,
    *,
    actor,
    actor_role: str,
    comment: str,
    context,
    letter_facts: dict | None = None,
) -> None:
    """Run the django-fsm transition, save, write the control card and number the step's
    letter (inside a transaction)."""
    from_status = application.status
    since = application.status_changed_at
    getattr(application, spec.name)()
    application.status_changed_at = timezone.now()
    try:
        application.save()
    except ConcurrentTransition:
        # Only reachable without row locks (SQLite): another officer moved the file first.
        raise TransitionError(
            "Berkas ini sudah diproses oleh petugas lain. Muat ulang halaman berkas."
        ) from None
    entry = record_entry(
        application=application,
        transition=spec.name,
        from_status=from_status,
        to_status=application.status,
        actor=actor,
        actor_role=actor_role,
        since=since,
        # The file's own version; the ledger asks only when a step starts a clock.
        service_days=lambda: application.standard.service_days,
        service_id=application.standard.service_id,
        comment=comment.strip(),
        context=context,
    )
    # Numbered with the step (no gap if it rolls back); its PDF is written after the commit.
    try:
        letters.register_for_step(application, spec.letter, entry, actor, facts=letter_facts)
    except letters.LetterError as err:
        raise TransitionError(str(err)) from err
    # Recorded with the step, sent by the worker after the commit; a failing channel is
    # retried and logged, and never undoes the step.
    notifications.queue_step_notices(application, entry)
    webhook_events.publish_step(application, spec, entry)
    transaction.on_commit(
        partial(
            _log_transition,
            application,
            spec.name,
            from_status,
            application.status,
            actor,
            actor_role,
        )
    )


def _log_transition(
    application, transition: str, from_status: str, to_status: str, actor, role: str
) -> None:
    """One structured log line per committed step (the request id and user come with it)."""
    actor_name = actor.get_username() if actor is not None else "-"
    logger.info(
        "%s %s: %s -> %s by %s",
        transition,
        application.registration_number,
        from_status or "-",
        to_status,
        actor_name,
        extra={
            "event": "application.transition",
            "transition": transition,
            "application_id": application.pk,
            "registration_number": application.registration_number,
            "from_status": from_status,
            "to_status": to_status,
            "actor": actor_name,
            "role": str(role),
            "step": STEP_OF_STATUS.get(to_status) or STEP_OF_STATUS.get(from_status),
        },
    )


def _password_given(data: StepInput, actor) -> bool:
    if data.confirmation is not None and data.confirmation.covers(actor):
        return True
    return actor.check_password(data.password)


def _check_input(spec: Transition, data: StepInput, actor) -> None:
    if spec.needs_note and not data.note.strip():
        raise TransitionError(f"{spec.note_label} wajib diisi.", field="note")
    if spec.needs_password and not _password_given(data, actor):
        raise TransitionError(
            "Kata sandi salah. Masukkan kembali kata sandi Anda untuk menandatangani.",
            field="password",
        )
    if spec.needs_recipient:
        if not data.recipient_name.strip():
            raise TransitionError("Nama penerima wajib diisi.", field="recipient_name")
        if not data.recipient_identity.strip():
            raise TransitionError(
                "Nomor identitas penerima wajib diisi.", field="recipient_identity"
            )
        for field, label in (
            ("recipient_name", "Nama penerima"),
            ("recipient_identity", "Nomor identitas penerima"),
        ):
            limit = Handover._meta.get_field(field).max_length
            if len(getattr(data, field).strip()) > limit:
                raise TransitionError(f"{label} paling banyak {limit} karakter.", field=field)
        if data.recipient == Handover.Recipient.PROXY and data.power_of_attorney is None:
            raise TransitionError(
                "Penerima kuasa wajib menyerahkan surat kuasa: unggah pindaiannya.",
                field="power_of_attorney",
            )


def register_application(
    *,
    actor,
    applicant: Applicant,
    application: Application,
    requirement_checks: list[RequirementCheck],
    intake_token: uuid.UUID | None = None,
    kept_uploads: Sequence[KeptUpload] = (),
    standard: ServiceStandard | None = None,
    declared_files: Sequence[DeclaredFile] = (),
) -> Application:
    """Step 1: record a file brought to the FO counter, with its requirement checklist.

    `intake_token` identifies the form the clerk filled in; submitting it twice
    raises AlreadyRegistered instead of creating a second file. `kept_uploads` are the
    scans kept for this form while it came back with errors (permits/models/kept_upload.py):
    the checks carry copies of them, so their rows go in the same transaction and their
    files once it has committed. `standard` is the version the file keeps (the one in
    force for the intake's service when not given); `declared_files` are the uploads of
    its declared fields of type "file".
    """
    if not has_role(actor, Role.FO):
        raise PermissionDenied("Hanya petugas Front Office yang dapat mendaftarkan berkas.")
    standard = standard or ServiceStandard.objects.current()
    if not standard.accepts(applicant.kind):
        # The form offers only the kinds served; this guards every other caller.
        kind = applicant.get_kind_display()
        raise ValidationError({"kind": f"{standard.service.name} tidak melayani pemohon {kind}."})
    now = timezone.now()
    with transaction.atomic():
        if intake_token is not None:
            # Serialise submits of one form: the second waits here, then finds the first.
            existing = Application.objects.filter(intake_token=intake_token).first()
            if existing is not None:
                raise AlreadyRegistered(existing)
            application.intake_token = intake_token
        applicant.save()
        application.applicant = applicant
        application.standard = standard
        if not standard.asks_company:
            # A service for individuals: the applicant holds the permit, and every list,
            # mail and document names the holder from these two columns.
            application.company_name = applicant.name
            application.company_address = applicant.address
        application.created_by = actor
        application.registration_number = numbering.next_registration_number(
            standard=standard, year=timezone.localdate().year
        )
        application.tracking_code = _new_tracking_code()
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            existing = Application.objects.filter(intake_token=intake_token).first()
            if intake_token is None or existing is None:
                raise
            raise AlreadyRegistered(existing) from None
        for declared in declared_files:
            declared.application = application
            declared.save()
        for check in requirement_checks:
            check.application = application
            check.checked_by = actor
            check.checked_at = now
            check.save()
        kept_files = [kept.file for kept in kept_uploads]
        KeptUpload.objects.filter(pk__in=[kept.pk for kept in kept_uploads]).delete()
        transaction.on_commit(partial(_delete_kept_files, kept_files))
        CommitmentCheck.objects.bulk_create(
            CommitmentCheck(application=application, commitment=commitment)
            for commitment in CommitmentType.objects.filter(standard=standard, active=True)
        )
        record_entry(
            application=application,
            transition=REGISTER.name,
            from_status="",
            to_status=REGISTER.target,
            actor=actor,
            actor_role=REGISTER.role,
            since=application.created_at,
            service_days=lambda: standard.service_days,
            service_id=standard.service_id,
        )
        webhook_events.publish_registered(application)
        transaction.on_commit(
            partial(
                _log_transition,
                application,
                REGISTER.name,
                "",
                REGISTER.target,
                actor,
                REGISTER.role,
            )
        )
    return application


def _delete_kept_files(files) -> None:
    for stored in files:
        try:
            stored.storage.delete(stored.name)
        except OSError:
            # The row is gone: the unreferenced-files sweep removes it later.
            logger.exception("Pindaian sementara %s tidak dapat dihapus.", stored.name)


def _new_tracking_code() -> str:
    # No 0/O or 1/I: the applicant types this from a printed receipt.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def opt_out_of_whatsapp(*, application_id: int) -> None:
    """The applicant of this file stops WhatsApp notices: none is queued from now on, and
    those still waiting are not sent."""
    with transaction.atomic():
        application = Application.objects.select_related("applicant").get(pk=application_id)
        applicant = application.applicant
        if applicant.whatsapp_opted_out_at is None:
            applicant.whatsapp_opted_out_at = timezone.now()
            applicant.save(update_fields=["whatsapp_opted_out_at"])
        notices_outbox.cancel_open(
            channel=Channel.WHATSAPP,
            applications=applicant.applications.all(),
            reason="Pemohon berhenti menerima WhatsApp.",
        )
