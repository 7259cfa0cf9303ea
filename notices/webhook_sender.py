"""Delivering webhook events: one signed POST per delivery, retried with backoff, logged on the row.

`deliver_webhook` (a django-tasks task) is safe to run twice. It claims the delivery in a short
locked transaction (one attempt more, and the row is not due again until the claim lapses), posts
outside any transaction (a slow receiver never holds a database lock, which on SQLite would stall
every step of the office), then records the outcome in a second short transaction, if the claim
is still its own. A worker killed during the POST leaves the delivery open; the sweep queues it
again once the claim has lapsed, and the receiver sees the same X-Kendali-Delivery id again.

The answer decides: 2xx sent; 408, 429, 5xx, a time-out, a refused connection or an answer that
is not HTTP are tried again after 1 minute, 5 minutes, 30 minutes, 2 hours and 12 hours (longer
when the receiver says Retry-After), then failed; any other 3xx or 4xx fails at once (the
receiver refuses the message; redirects are not followed). Errors are written in Indonesian and
never contain the endpoint's secret or its URL (which may carry a token of the receiver's).

`sweep` (settings.PERIODIC_JOBS) re-queues open deliveries whose task was lost.
"""

import http.client
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from notices import signatures, tasks
from notices.models import OPEN_STATUSES, DeliveryStatus, WebhookDelivery

logger = logging.getLogger("kendali.webhooks")

USER_AGENT = "Kendali"
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# An open delivery queued longer ago than this without an outcome is queued again.
LOST_AFTER = timedelta(minutes=2)
# A receiver's Retry-After is honoured up to this.
LONGEST_WAIT = timedelta(hours=24)
RETRY_STATUSES = frozenset({408, 429})
# How much of a refusal's answer goes in the log (one line).
SNIPPET = 200


class WebhookError(Exception):
    def __init__(
        self,
        message: str,
        *,
        retry: bool,
        status_code: int | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.status_code = status_code
        self.retry_after = retry_after


@task()
def deliver_webhook(delivery_id: int) -> str:
    return attempt(delivery_id)


def timeout() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT", 10))


def claim_lasts() -> timedelta:
    """How long a claimed delivery is left to its worker before another may try it."""
    return timedelta(seconds=3 * timeout()) + LOST_AFTER


def enqueue(delivery_id: int, *, run_after: datetime | None = None) -> None:
    tasks.queue_task(
        deliver_webhook,
        WebhookDelivery.objects,
        delivery_id,
        run_after=run_after,
        what="Pengiriman webhook",
    )


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    wait = BACKOFF[min(attempts, len(BACKOFF)) - 1]
    if retry_after:
        wait = max(wait, min(timedelta(seconds=retry_after), LONGEST_WAIT))
    return wait


def attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """Post the delivery once, if it is open and due. Returns what happened (for the task log)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or not delivery.is_open:
            return "sudah selesai"
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "belum waktunya"
        endpoint = delivery.endpoint
        if not endpoint.active:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = "Titik webhook tidak aktif; pengiriman dihentikan."
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            return delivery.get_status_display()
        delivery.attempts += 1
        delivery.next_attempt_at = now + claim_lasts()
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    claimed = delivery.attempts

    try:
        status_code = post(
            endpoint.url,
            secret=endpoint.secret,
            body=delivery.body.encode(),
            delivery_id=str(delivery.delivery_id),
            event=delivery.event,
            now=now.timestamp(),
        )
        error = None
    except WebhookError as refused:
        status_code, error = refused.status_code, refused

    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or not delivery.is_open or delivery.attempts != claimed:
            return "sudah selesai"
        delivery.last_status_code = status_code
        if error is None:
            delivery.status = DeliveryStatus.SENT
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
        else:
            _failed(delivery, error, now)
        delivery.save()
        if delivery.status == DeliveryStatus.RETRYING:
            run_after = delivery.next_attempt_at
            transaction.on_commit(lambda: enqueue(delivery_id, run_after=run_after))
    return delivery.get_status_display()


def _failed(delivery: WebhookDelivery, error: WebhookError, now: datetime) -> None:
    tasks.record_failure(
        delivery,
        error,
        now,
        max_attempts=MAX_ATTEMPTS,
        wait=backoff,
        what="Webhook",
        about=delivery.event,
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other: the POST is not sent on to another address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(
    url: str, *, secret: str, body: bytes, delivery_id: str, event: str, now: float | None = None
) -> int:
    """POST the body, signed at `now` (this moment, by default); the receiver's HTTP status,
    or WebhookError."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signatures.EVENT_HEADER: event,
        **signatures.sign(secret, body, delivery_id=delivery_id, now=now),
    }
    wait = timeout()
    seconds = f"{wait:g}"
    try:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with _opener.open(request, timeout=wait) as response:
            response.read(65536)
            return response.status
    except urllib.error.HTTPError as answer:
        raise _refusal(answer, secret) from None
    except TimeoutError:
        raise WebhookError(
            f"Penerima tidak menjawab dalam {seconds} detik; dicoba lagi.", retry=True
        ) from None
    except urllib.error.URLError as failure:
        reason = failure.reason
        if isinstance(reason, TimeoutError):
            raise WebhookError(
                f"Penerima tidak menjawab dalam {seconds} detik; dicoba lagi.", retry=True
            ) from None
        if isinstance(reason, OSError):
            raise WebhookError(
                f"Penerima tidak dapat dihubungi ({type(reason).__name__}); dicoba lagi.",
                retry=True,
            ) from None
        raise WebhookError("Alamat URL titik webhook tidak dapat dipakai.", retry=False) from None
    except http.client.RemoteDisconnected:
        raise WebhookError(
            "Penerima menutup sambungan tanpa menjawab; dicoba lagi.", retry=True
        ) from None
    except http.client.HTTPException as failure:
        raise WebhookError(
            f"Jawaban penerima bukan HTTP yang sah ({type(failure).__name__}); dicoba lagi.",
            retry=True,
        ) from None
    except OSError as failure:
        raise WebhookError(
            f"Penerima tidak dapat dihubungi ({type(failure).__name__}); dicoba lagi.", retry=True
        ) from None
    except ValueError:
        raise WebhookError("Alamat URL titik webhook tidak sah.", retry=False) from None


def _refusal(answer: urllib.error.HTTPError, secret: str) -> WebhookError:
    code = answer.code
    if code >= 500 or code in RETRY_STATUSES:
        return WebhookError(
            f"Penerima menjawab HTTP {code}; dicoba lagi.",
            retry=True,
            status_code=code,
            retry_after=_seconds(answer.headers.get("Retry-After")),
        )
    if 300 <= code < 400:
        return WebhookError(
            f"Penerima mengalihkan ke alamat lain (HTTP {code}); pengalihan tidak diikuti. "
            "Perbarui alamat URL titik webhook.",
            retry=False,
            status_code=code,
        )
    said = _snippet(answer, secret)
    return WebhookError(
        f"Penerima menolak pesan (HTTP {code}){': ' + said if said else ''}; tidak dicoba lagi.",
        retry=False,
        status_code=code,
    )


def _snippet(answer: urllib.error.HTTPError, secret: str) -> str:
    """The start of the receiver's answer, on one line, without the secret if it echoes it."""
    try:
        raw = answer.read(4096)
    except (OSError, http.client.HTTPException):
        return ""
    text = " ".join(raw.decode("utf-8", "replace").split())
    if secret:
        text = text.replace(secret, "[rahasia]")
    return text[:SNIPPET]


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def sweep(*, now: datetime | None = None) -> int:
    """Queue again the open deliveries that are due and whose task seems lost."""
    now = now or timezone.now()
    lost = (
        WebhookDelivery.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - LOST_AFTER))
        .values_list("pk", flat=True)[:500]
    )
    ids = list(lost)
    for pk in ids:
        enqueue(pk)
    return len(ids)


def send_again(delivery: WebhookDelivery) -> bool:
    """An administrator's "kirim ulang" of a failed delivery: open again, attempts afresh; the
    same body and delivery id, signed with the endpoint's secret of now."""
    reopened = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
    if reopened:
        transaction.on_commit(lambda: enqueue(delivery.pk))
    return bool(reopened)
