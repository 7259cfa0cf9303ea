"""A session that ends after 30 idle minutes, written at most once a minute (issue 18).

Django's SESSION_SAVE_EVERY_REQUEST moves the session's expiry by writing its row on every
request: three statements (BEGIN, UPDATE, COMMIT) on every page. The expiry only needs moving
when it has aged: this middleware marks the session modified, so SessionMiddleware writes it
with a fresh expiry (now + SESSION_COOKIE_AGE), when the last write is REFRESH_AFTER seconds
old or more. An idle session therefore ends between SESSION_COOKIE_AGE - REFRESH_AFTER and
SESSION_COOKIE_AGE after the last request (29 to 30 minutes): never later than the rule says.
Any other change to the session is written at once, as before.

Listed after SessionMiddleware, so that its answer is looked at before the session is saved.
"""

import time

REFRESH_AFTER = 60  # seconds
WRITTEN_AT = "_kendali_written_at"


class IdleExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        now = int(time.time())
        if session.modified or now - session.get(WRITTEN_AT, 0) >= REFRESH_AFTER:
            session[WRITTEN_AT] = now
        return response
