"""Putting notices in the outbox: a Delivery row in the caller's transaction, a task after it.

Callers (permits.notifications, complaints.notifications) decide what a notice says and to
whom; this module only records it once (`dedupe_key`) and hands it to the worker.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from notices.models import OPEN_STATUSES, Delivery, DeliveryStatus
from notices.tasks import enqueue


def queue(
    *,
    channel: str,
    kind: str,
    title: str,
    recipient: str,
    payload: dict,
    dedupe_key: str,
    application=None,
    complaint=None,
) -> Delivery:
    """The delivery of this notice, recorded once; its task is enqueued when the caller's
    transaction commits (a rolled-back step sends nothing)."""
    delivery, created = Delivery.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "channel": channel,
            "kind": kind,
            "title": title[:200],
            "recipient": recipient,
            "payload": payload,
            "application": application,
            "complaint": complaint,
            "created_at": timezone.now(),
        },
    )
    if created:
        transaction.on_commit(partial(enqueue, delivery.pk))
    return delivery


def cancel_open(*, channel: str, reason: str, applications=None, complaints=None) -> int:
    """Mark the open deliveries of this channel (of these files or complaints) as not sent."""
    open_ones = Delivery.objects.filter(channel=channel, status__in=OPEN_STATUSES)
    if applications is not None:
        open_ones = open_ones.filter(application__in=applications)
    if complaints is not None:
        open_ones = open_ones.filter(complaint__in=complaints)
    return open_ones.update(status=DeliveryStatus.FAILED, last_error=reason, next_attempt_at=None)
