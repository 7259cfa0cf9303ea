"""A small per-address counter, against guessing codes and flooding forms on the public pages.

A fixed window per address and scope: the first counted request opens the window, and it
closes `window` seconds later. The address is REMOTE_ADDR (behind nginx, config/proxy.py sets
it from X-Real-IP).

Counters live in one table (tracking.models.RequestCount), shared by every worker and server.
Reading any number of counters is one SELECT; counting a request is one INSERT ... ON CONFLICT
statement (PostgreSQL and SQLite alike), so concurrent requests never lose a count. Django's
database cache did the same job in about four queries per operation.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from office.models import RequestCount


def _address_digest(request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def live_counts(keys: list[str]) -> dict[str, int]:
    """Counts of the windows among `keys` that are still open: one query."""
    rows = RequestCount.objects.filter(key__in=keys, window_ends__gt=timezone.now())
    return dict(rows.values_list("key", "count"))


_TABLE = RequestCount._meta.db_table


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int
    window: int  # seconds

    def key_for(self, request) -> str:
        return f"{self.scope}:{_address_digest(request)}"

    def is_exhausted(self, request) -> bool:
        key = self.key_for(request)
        return live_counts([key]).get(key, 0) >= self.limit

    def hit(self, request) -> None:
        """Count one request: open a new window if there is none or it has closed."""
        hit_key(self.key_for(request), self.window)


def hit_key(key: str, window: int) -> int:
    """Count one event under `key` in a `window`-second window; returns the count now in it.

    One statement: INSERT ... ON CONFLICT ... RETURNING (PostgreSQL, and SQLite since 3.35)."""
    now = timezone.now()
    q = connection.ops.quote_name
    table, key_column, count, ends = q(_TABLE), q("key"), q("count"), q("window_ends")
    closed = f"{table}.{ends} <= %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {count}, {ends}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET "
            f"{count} = CASE WHEN {closed} THEN 1 ELSE {table}.{count} + 1 END, "
            f"{ends} = CASE WHEN {closed} THEN excluded.{ends} ELSE {table}.{ends} END "
            f"RETURNING {count}",
            [key, now + timedelta(seconds=window), now, now],
        )
        return cursor.fetchone()[0]


def clear_closed_windows() -> int:
    """Delete the counters whose window has closed (a daily job); returns how many."""
    deleted, _ = RequestCount.objects.filter(window_ends__lte=timezone.now()).delete()
    return deleted


FIFTEEN_MINUTES = 15 * 60
HOUR = 60 * 60

# Wrong numbers, codes or verification codes: few, because they are how guessing looks.
FAILED_LOOKUPS = Throttle("lookup-failed", limit=10, window=FIFTEEN_MINUTES)
# Every look-up, right or wrong: generous, an applicant checks a file a few times a day.
LOOKUPS = Throttle("lookup", limit=60, window=FIFTEEN_MINUTES)
# Uploads to the verification page: each one is hashed, up to 10 MB.
VERIFY_UPLOADS = Throttle("verify-upload", limit=20, window=FIFTEEN_MINUTES)
# Submits of the public complaint form, valid or not: a person fixing a mistake needs a few,
# a flood needs many. (The status page and the survey count as look-ups, above.)
COMPLAINT_POSTS = Throttle("complaint-post", limit=10, window=HOUR)

TOO_MANY_ATTEMPTS = "Terlalu banyak percobaan. Silakan coba lagi beberapa saat lagi."


def lookup_blocked(request) -> bool:
    """Over either look-up limit; both counters read in one query."""
    failed, every = FAILED_LOOKUPS.key_for(request), LOOKUPS.key_for(request)
    counts = live_counts([failed, every])
    return counts.get(failed, 0) >= FAILED_LOOKUPS.limit or counts.get(every, 0) >= LOOKUPS.limit


def count_lookup(request, *, matched: bool) -> None:
    LOOKUPS.hit(request)
    if not matched:
        FAILED_LOOKUPS.hit(request)
