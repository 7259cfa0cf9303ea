"""A small per-address counter in Django's cache, against guessing codes on the public pages.

A fixed window per address and scope: the first counted request opens the
window, and it closes `window` seconds later. The address is REMOTE_ADDR; behind
a reverse proxy, the proxy must set it to the client's address.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int
    window: int  # seconds

    def _key(self, request) -> str:
        address = request.META.get("REMOTE_ADDR", "") or "unknown"
        digest = hashlib.sha256(address.encode()).hexdigest()[:32]
        return f"kendali:throttle:{self.scope}:{digest}"

    def is_exhausted(self, request) -> bool:
        return (cache.get(self._key(request)) or 0) >= self.limit

    def hit(self, request) -> None:
        key = self._key(request)
        cache.add(key, 0, timeout=self.window)
        try:
            cache.incr(key)
        except ValueError:
            # The window closed between add() and incr(): start a new one.
            cache.set(key, 1, timeout=self.window)


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
    return FAILED_LOOKUPS.is_exhausted(request) or LOOKUPS.is_exhausted(request)


def count_lookup(request, *, matched: bool) -> None:
    LOOKUPS.hit(request)
    if not matched:
        FAILED_LOOKUPS.hit(request)
