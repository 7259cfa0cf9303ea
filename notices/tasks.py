"""Sending a delivery in the background, retrying with backoff, and the sweep that loses nothing.

`deliver` is safe to run twice: it locks the row and does nothing for a delivery already sent,
failed for good, or not yet due. A channel that fails is tried again after 1, 5, 30 and 120
minutes (or later, when the provider asks to wait), then the delivery is marked failed with
its error for the administrator. Nothing here ever touches the step that asked for the notice.

`sweep` (a periodic job of the worker, settings.PERIODIC_JOBS) re-queues open deliveries whose
task was lost: a worker killed before it wrote the result, a queue emptied, a retry that the
backend could not schedule (the immediate backend of the tests cannot defer).
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from notices import channels
from notices.models import Delivery, DeliveryStatus

logger = logging.getLogger("kendali.notices")

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
# An open delivery queued longer ago than this without an outcome is queued again.
LOST_AFTER = timedelta(minutes=2)


@task()
def deliver(delivery_id: int) -> str:
    return attempt(delivery_id)


def enqueue(delivery_id: int, *, run_after: datetime | None = None) -> None:
    queue_task(deliver, Delivery.objects, delivery_id, run_after=run_after, what="Pengiriman")


def queue_task(planned_task, rows, pk: int, *, run_after=None, what: str) -> None:
    """Queue `planned_task` for the row `pk` of `rows` (a delivery of some kind) and note when;
    a backend that cannot defer leaves a retry to the sweep."""
    rows.filter(pk=pk).update(queued_at=timezone.now())
    planned = planned_task
    if run_after is not None:
        if not planned_task.get_backend().supports_defer:
            return
        planned = planned_task.using(run_after=run_after)
    try:
        planned.enqueue(pk)
    except Exception:
        # The queue is unreachable: the row stays open and the sweep queues it later.
        logger.exception("%s %s tidak dapat diantrekan.", what, pk)


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    wait = BACKOFF[min(attempts, len(BACKOFF)) - 1]
    if retry_after:
        wait = max(wait, timedelta(seconds=retry_after))
    return wait


def attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """Try the delivery once, if it is open and due. Returns what happened (for the task log)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or not delivery.is_open:
            return "sudah selesai"
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "belum waktunya"
        delivery.attempts += 1
        try:
            delivery.provider_id = channels.send(delivery)[:200]
        except channels.DeliveryError as error:
            _failed(delivery, error, now)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
        delivery.save()
        if delivery.status == DeliveryStatus.RETRYING:
            transaction.on_commit(lambda: enqueue(delivery.pk, run_after=delivery.next_attempt_at))
    return delivery.get_status_display()


def _failed(delivery: Delivery, error, now: datetime) -> None:
    record_failure(
        delivery,
        error,
        now,
        max_attempts=MAX_ATTEMPTS,
        wait=backoff,
        what="Pengiriman",
        about=delivery.channel,
    )


def record_failure(delivery, error, now: datetime, *, max_attempts, wait, what, about) -> None:
    """A failed attempt of a delivery of any kind: tried again after `wait(attempts, asked)`
    while it may be retried and attempts are left, else failed for good; logged either way."""
    delivery.last_error = error.message[:2000]
    if error.retry and delivery.attempts < max_attempts:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + wait(delivery.attempts, error.retry_after)
        logger.warning(
            "%s %s (%s) gagal, dicoba lagi %s: %s",
            what,
            delivery.pk,
            about,
            delivery.next_attempt_at.isoformat(),
            error.message,
        )
    else:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        logger.error(
            "%s %s (%s) gagal setelah %s percobaan: %s",
            what,
            delivery.pk,
            about,
            delivery.attempts,
            error.message,
        )


def sweep(*, now: datetime | None = None) -> int:
    """Queue again the open deliveries that are due and whose task seems lost."""
    now = now or timezone.now()
    stale = now - LOST_AFTER
    lost = (
        Delivery.objects.filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        )
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
        .values_list("pk", flat=True)[:500]
    )
    ids = list(lost)
    for pk in ids:
        enqueue(pk)
    return len(ids)


def send_again(delivery: Delivery) -> None:
    """An administrator's "kirim ulang" of a failed delivery: open again, attempts afresh."""
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
    transaction.on_commit(lambda: enqueue(delivery.pk))
