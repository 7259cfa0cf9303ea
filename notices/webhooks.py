"""Publishing events to the registered webhook endpoints: rows in the caller's transaction.

The emitting layers (permits.events, complaints.events) decide what an event says, split into
`public` data (for every endpoint) and `personal` data (only for an endpoint allowed to receive
personal data); this module writes one WebhookDelivery per active endpoint subscribed to the
event, with the exact JSON body it will send, and hands each to the worker once the caller's
transaction has committed (a rolled-back step publishes nothing). notices/webhook_sender.py
posts, signs and retries them.

Publishing never undoes a step: `never_failing` wraps a publication in a savepoint and logs
what went wrong instead of raising.
"""

import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from notices.models import WebhookDelivery, WebhookEndpoint
from notices.webhook_sender import enqueue

logger = logging.getLogger("kendali.webhooks")


def subscribers(event: str) -> list[WebhookEndpoint]:
    """The active endpoints that asked for `event` (few rows: filtered here, not in SQL, since
    SQLite cannot look inside a JSON list)."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True).order_by("pk")
        if endpoint.subscribes(event)
    ]


def subscribed(events: Iterable[str]) -> list[str]:
    """Those of `events` that some active endpoint asked for: a caller builds no payload for an
    event nobody hears (one query)."""
    asked = {
        code
        for codes in WebhookEndpoint.objects.filter(active=True).values_list("events", flat=True)
        for code in (codes or [])
    }
    return [event for event in events if event in asked]


@contextmanager
def never_failing(what: str) -> Iterator[None]:
    """Run a publication in a savepoint; an error is logged and rolled back to it, and the
    caller's step goes on (its webhooks are then missing, which the log says)."""
    try:
        with transaction.atomic():
            yield
    except Exception:
        logger.exception("Peristiwa webhook untuk %s tidak dapat dicatat.", what)


def body_of(event: str, event_id: uuid.UUID, occurred_at: str, data: dict) -> str:
    """The JSON sent, as text (ASCII only, so the bytes signed are the text itself)."""
    return json.dumps(
        {"event": event, "event_id": str(event_id), "occurred_at": occurred_at, "data": data},
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )


def publish(
    event: str,
    *,
    public: dict,
    personal: dict,
    dedupe_key: str,
    occurred_at: datetime | None = None,
) -> list[WebhookDelivery]:
    """Record `event` once for each subscribed endpoint; call inside the caller's transaction.

    `dedupe_key` names this occurrence of the event (e.g. the control-card entry): publishing
    it again queues nothing for an endpoint that has it already, and a new endpoint gets it
    with the same event id. Only endpoints with `personal` get `personal` merged into the data.
    """
    endpoints = subscribers(event)
    if not endpoints:
        return []
    key = f"{event}:{dedupe_key}"[:200]
    earlier = list(WebhookDelivery.objects.filter(dedupe_key=key))
    done = {delivery.endpoint_id for delivery in earlier}
    if earlier:
        event_id = earlier[0].event_id
        stamp = json.loads(earlier[0].body)["occurred_at"]
    else:
        event_id = uuid.uuid4()
        stamp = DjangoJSONEncoder().default(occurred_at or timezone.now())
    bodies = {
        False: body_of(event, event_id, stamp, dict(public)),
        True: body_of(event, event_id, stamp, {**public, **personal}),
    }
    created = []
    for endpoint in endpoints:
        if endpoint.pk in done:
            continue
        delivery = WebhookDelivery(
            endpoint=endpoint,
            event=event,
            event_id=event_id,
            dedupe_key=key,
            body=bodies[endpoint.personal],
            created_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                delivery.save()
        except IntegrityError:
            continue  # recorded meanwhile by another publication of the same event
        transaction.on_commit(partial(enqueue, delivery.pk))
        created.append(delivery)
    return created
