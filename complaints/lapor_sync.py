"""The SP4N-LAPOR! sync: complaints in, follow-ups out, one run at a time (docs/lapor.md).

`sync` is a periodic job of the worker (settings.PERIODIC_JOBS, every ~10 s on the beat). It
returns at once unless LAPOR! is configured and a run is due: LAPOR_SYNC_MINUTES after the
last good run, 1, 5, 15 and then 60 minutes after failed ones, or at once when someone asked
(`request_sync`: the desk's button, LAPOR!'s notification). It does not talk to LAPOR! itself
(a slow LAPOR! would stop the worker's heartbeat); it queues the `run_sync` task, once.

`run` is the run: under a lease on the one LaporSyncState row (taken in a short transaction
with select_for_update, which SQLite serialises by its immediate transactions), it reads what
LAPOR! forwarded since the last cursor, records each new complaint through
complaints.services.submit_complaint, skips those already in (by the LAPOR! id; the unique
constraint stops a racing run), sends the pending follow-ups, and records the run. Running it
twice creates nothing twice.
"""

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from complaints import lapor, services
from complaints.models import (
    Category,
    Complaint,
    FollowUpState,
    LaporFollowUp,
    LaporSyncRun,
    LaporSyncState,
)

logger = logging.getLogger("kendali.lapor")

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
)
# A run holds the lease this long at most (a killed worker's lease runs out by itself).
LEASE = timedelta(hours=1)
# A queued run not started within this time is taken for lost and queued again.
LOST_AFTER = timedelta(minutes=15)
PUSH_PER_RUN = 100
KEEP_RUNS = timedelta(days=90)

CREATED, DUPLICATE = "created", "duplicate"


# --- scheduling ------------------------------------------------------------------------


@task()
def run_sync() -> str:
    return describe(run())


def sync(*, now: datetime | None = None) -> bool:
    """The periodic job: queue a run when one is due and none is queued or running."""
    if not lapor.is_configured():
        return False
    now = now or timezone.now()
    state = _state()
    if _leased(state, now) or not _due(state, now):
        return False
    if not _claim_queue(now):
        return False
    _enqueue()
    return True


def request_sync() -> None:
    """Ask for a run now, whatever the schedule; the task is queued after the commit."""
    now = timezone.now()
    _state()
    LaporSyncState.objects.filter(pk=LaporSyncState.SINGLETON).update(requested_at=now)
    if _claim_queue(now):
        transaction.on_commit(_enqueue)


def _enqueue() -> None:
    try:
        run_sync.enqueue()
    except Exception:
        # The queue is unreachable: the next beat queues it again.
        logger.exception("Sinkronisasi SP4N-LAPOR! tidak dapat diantrekan.")
        LaporSyncState.objects.filter(pk=LaporSyncState.SINGLETON).update(queued_at=None)


def _claim_queue(now: datetime) -> bool:
    """One run in the queue at a time: the first UPDATE that finds none queued wins."""
    unqueued = Q(queued_at__isnull=True) | Q(queued_at__lt=now - LOST_AFTER)
    return bool(
        LaporSyncState.objects.filter(unqueued, pk=LaporSyncState.SINGLETON).update(queued_at=now)
    )


def _state() -> LaporSyncState:
    try:
        return LaporSyncState.current()
    except IntegrityError:  # another worker created it in the same instant
        return LaporSyncState.objects.get(pk=LaporSyncState.SINGLETON)


def _leased(state: LaporSyncState, now: datetime) -> bool:
    return state.lease_until is not None and state.lease_until > now


def last_finished() -> LaporSyncRun | None:
    return LaporSyncRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def _due(state: LaporSyncState, now: datetime) -> bool:
    if state.requested_at is not None:
        return True
    last = last_finished()
    return last is None or last.next_try_at is None or last.next_try_at <= now


def backoff(failures_in_row: int) -> timedelta:
    return BACKOFF[min(failures_in_row, len(BACKOFF)) - 1]


# --- the run ---------------------------------------------------------------------------


def run(*, force: bool = False, now: datetime | None = None) -> LaporSyncRun | None:
    """One run now if it is due (or `force`) and no other is running; None when not run."""
    if not lapor.is_configured():
        return None
    now = now or timezone.now()
    holder = uuid.uuid4().hex
    _state()
    with transaction.atomic():
        state = LaporSyncState.objects.select_for_update().get(pk=LaporSyncState.SINGLETON)
        state.queued_at = None  # the queued task is this one
        taken = not _leased(state, now) and (force or _due(state, now))
        if taken:
            state.lease_until, state.lease_holder, state.requested_at = now + LEASE, holder, None
        state.save(update_fields=["queued_at", "lease_until", "lease_holder", "requested_at"])
    if not taken:
        return None
    try:
        return _run(state.cursor, now)
    finally:
        LaporSyncState.objects.filter(pk=state.pk, lease_holder=holder).update(
            lease_until=None, lease_holder=""
        )


def _run(cursor: str, now: datetime) -> LaporSyncRun:
    record = LaporSyncRun.objects.create(started_at=now)
    errors: list[str] = []
    stopped: lapor.LaporError | None = None
    try:
        stopped = _take_in(record, cursor, errors)
        if stopped is None or not (stopped.unreachable or stopped.token_refused):
            stopped = _push(record, errors) or stopped
    except Exception as error:
        # A fault of ours: recorded like an outage, the beat goes on.
        logger.exception("Sinkronisasi SP4N-LAPOR! gagal karena galat di server.")
        errors.append(f"Galat di server Kendali ({type(error).__name__}); lihat log server.")
        stopped = lapor.LaporError("galat di server", retry=True)
    record.ok = stopped is None
    record.errors = errors
    record.finished_at = timezone.now()
    record.next_try_at = record.finished_at + (
        timedelta(minutes=settings.LAPOR_SYNC_MINUTES)
        if record.ok
        else backoff(_failures_before(record) + 1)
    )
    record.save()
    LaporSyncRun.objects.filter(started_at__lt=now - KEEP_RUNS).delete()
    logger.info(
        "SP4N-LAPOR! %s: %s read, %s new, %s already in, %s follow-ups sent, %s errors",
        "ok" if record.ok else "failed",
        record.fetched,
        record.created,
        record.skipped_duplicates,
        record.pushed,
        len(errors),
        extra={"event": "lapor.sync", "ok": record.ok, "errors": len(errors)},
    )
    return record


def _failures_before(record: LaporSyncRun) -> int:
    earlier = (
        LaporSyncRun.objects.filter(finished_at__isnull=False, started_at__lte=record.started_at)
        .exclude(pk=record.pk)
        .order_by("-started_at", "-pk")
        .values_list("ok", flat=True)[: len(BACKOFF)]
    )
    count = 0
    for ok in earlier:
        if ok:
            break
        count += 1
    return count


def _take_in(record: LaporSyncRun, cursor: str, errors: list[str]) -> lapor.LaporError | None:
    """Read what LAPOR! forwarded and record the new complaints; the error that stopped it."""
    try:
        fetched = lapor.fetch_forwarded(cursor)
    except lapor.LaporError as error:
        errors.append(error.message)
        return error
    record.fetched = len(fetched.reports) + len(fetched.rejected)
    errors.extend(fetched.rejected)
    faults = 0
    for report in fetched.reports:
        try:
            outcome = take_in_report(report)
        except Exception as error:
            logger.exception("Laporan SP4N-LAPOR! tidak dapat dicatat.")
            errors.append(
                f"Laporan {lapor.SERVICE} {report.lapor_id}: tidak dapat dicatat "
                f"({type(error).__name__}); dicoba lagi pada sinkronisasi berikutnya."
            )
            faults += 1
            continue
        if outcome == CREATED:
            record.created += 1
        else:
            record.skipped_duplicates += 1
    # A record that failed on our side is read again next time (the others are skipped then,
    # as duplicates); one LAPOR! sent unreadable is named in the errors and passed.
    if not faults:
        LaporSyncState.objects.filter(pk=LaporSyncState.SINGLETON).update(
            cursor=fetched.next_cursor
        )
    return None


def already_in(lapor_id: str) -> bool:
    return Complaint.objects.filter(lapor_id=lapor_id).exists()


def take_in_report(report: lapor.ForwardedReport) -> str:
    """Record one forwarded complaint, once: CREATED, or DUPLICATE when it is in already."""
    if already_in(report.lapor_id):
        return DUPLICATE
    category = report.category.lower()
    data = services.NewComplaint(
        category=category if category in Category.values else Category.OTHER,
        subject=report.subject,
        description=report.description,
        anonymous=report.anonymous,
        confidential=report.confidential,
        name=report.name,
        related_number=report.related_number,
        received_on=report.forwarded_on,
        lapor_id=report.lapor_id,
    )
    try:
        services.submit_complaint(data=data)
    except IntegrityError:
        # Another run recorded it between the look and the insert: the constraint said so.
        if already_in(report.lapor_id):
            return DUPLICATE
        raise
    return CREATED


def _push(record: LaporSyncRun, errors: list[str]) -> lapor.LaporError | None:
    """Send the pending follow-ups, oldest first; the error that stopped the sending."""
    pending = (
        LaporFollowUp.objects.filter(state=FollowUpState.PENDING)
        .select_related("complaint")
        .order_by("created_at", "pk")[:PUSH_PER_RUN]
    )
    for follow_up in pending:
        lapor_id = follow_up.complaint.lapor_id
        follow_up.attempts += 1
        try:
            reference = lapor.send_follow_up(
                lapor_id,
                follow_up.kind,
                follow_up.text,
                follow_up.status,
                key=f"kendali-follow-up-{follow_up.pk}",
            )
        except lapor.LaporError as error:
            follow_up.last_error = error.message
            errors.append(
                f"Tindak lanjut \u201c{follow_up.kind_label}\u201d laporan {lapor_id} "
                f"(tiket {follow_up.complaint.ticket}): {error.message}"
            )
            # LAPOR! silent, the token refused, or asked to slow down: the rest wait too.
            stop = error.unreachable or error.token_refused or error.status == 429
            if not (stop or error.retry):
                follow_up.state = FollowUpState.FAILED
            follow_up.save(update_fields=["attempts", "last_error", "state"])
            if stop:
                return error
            continue
        follow_up.state = FollowUpState.SENT
        follow_up.sent_at = timezone.now()
        follow_up.lapor_reference = reference
        follow_up.last_error = ""
        follow_up.save(
            update_fields=["attempts", "last_error", "state", "sent_at", "lapor_reference"]
        )
        record.pushed += 1
    return None


def describe(record: LaporSyncRun | None) -> str:
    """One line about a run, for the task log and the command."""
    if record is None:
        if not lapor.is_configured():
            return f"{lapor.SERVICE} belum dikonfigurasi; tidak ada sinkronisasi."
        return "Tidak dijalankan: belum waktunya atau sinkronisasi lain sedang berjalan."
    outcome = "berhasil" if record.ok else "gagal"
    line = (
        f"Sinkronisasi {lapor.SERVICE} {outcome}: {record.fetched} laporan dibaca, "
        f"{record.created} pengaduan baru, {record.skipped_duplicates} sudah ada, "
        f"{record.pushed} tindak lanjut terkirim."
    )
    if record.errors:
        line += " Galat: " + " | ".join(record.errors)
    return line
