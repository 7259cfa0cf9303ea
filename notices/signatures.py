"""Signed HTTP messages between Kendali and the systems around it (webhooks, either way).

A message is signed with HMAC-SHA256 over "<timestamp>.<delivery id>.<body>" with a secret the two
sides share, and carries the time it was signed and an id of its own:

    X-Kendali-Timestamp: 1764770400
    X-Kendali-Delivery: 6f1c...          (unique per message; a receiver refuses one seen before)
    X-Kendali-Signature: v1=<hex digest>

Signing the timestamp and the id with the body means an old message cannot be sent again with a
new time or under a new id; the tolerance (five minutes by default) bounds how long one captured
message stays usable, and the id, which the receiver remembers, refuses it within that window
too. The comparison is constant-time.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

TIMESTAMP_HEADER = "X-Kendali-Timestamp"
SIGNATURE_HEADER = "X-Kendali-Signature"
DELIVERY_HEADER = "X-Kendali-Delivery"
EVENT_HEADER = "X-Kendali-Event"
SCHEME = "v1"
TOLERANCE = 300  # seconds either side of the receiver's clock


def signature(secret: str, timestamp: int, body: bytes, delivery_id: str) -> str:
    message = f"{timestamp}.{delivery_id}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, delivery_id: str, now: float | None = None) -> dict:
    """The headers that sign `body` now."""
    timestamp = int(now if now is not None else time.time())
    return {
        TIMESTAMP_HEADER: str(timestamp),
        DELIVERY_HEADER: delivery_id,
        SIGNATURE_HEADER: f"{SCHEME}={signature(secret, timestamp, body, delivery_id)}",
    }


@dataclass(frozen=True)
class Refusal:
    """Why a signed message is refused: an HTTP status, a code and an Indonesian message."""

    status: int
    code: str
    message: str


UNSIGNED = Refusal(401, "unsigned", "Pesan tidak bertanda tangan (header tanda tangan tidak ada).")
MALFORMED = Refusal(401, "bad_signature_format", "Format header tanda tangan atau waktu tidak sah.")
STALE = Refusal(401, "stale_timestamp", "Waktu pada pesan di luar batas lima menit.")
MISMATCH = Refusal(401, "bad_signature", "Tanda tangan pesan tidak cocok.")


def check(
    secret: str, headers, body: bytes, *, now: float | None = None, tolerance: int = TOLERANCE
) -> Refusal | None:
    """None when `body` was signed with `secret` within the tolerance; else why not.

    `headers` is any mapping with case-insensitive keys (Django's request.headers, or a dict
    with the header names above). Replays inside the tolerance are the receiver's to refuse,
    by the delivery id (which the signature covers, so it cannot be changed).
    """
    raw_time, raw_signature = headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER)
    if not raw_time or not raw_signature:
        return UNSIGNED
    scheme, _, digest = raw_signature.partition("=")
    try:
        timestamp = int(raw_time)
    except ValueError:
        return MALFORMED
    if scheme != SCHEME or not digest:
        return MALFORMED
    now = now if now is not None else time.time()
    if abs(now - timestamp) > tolerance:
        return STALE
    expected = signature(secret, timestamp, body, headers.get(DELIVERY_HEADER) or "")
    if not hmac.compare_digest(digest, expected):
        return MISMATCH
    return None
