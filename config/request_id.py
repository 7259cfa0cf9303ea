"""One id per request, on the response and on every log line written while answering it.

nginx sends its `$request_id` as X-Request-ID, so the proxy's access log, gunicorn's and ours
share one id. An id that does not look like a short token (anything a client could use to
forge or break a log line) is replaced by a fresh one.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.utils.functional import SimpleLazyObject, empty

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

_request_id: ContextVar[str | None] = ContextVar("kendali_request_id", default=None)
_request: ContextVar[object | None] = ContextVar("kendali_request", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def accepted_or_new(incoming: str | None) -> str:
    if incoming and _VALID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted_or_new(request.headers.get(HEADER))
        request.request_id = request_id
        _request_id.set(request_id)
        _request.set(request)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget_request(**kwargs) -> None:
    # After the response is sent, not when the middleware returns: Django logs a 4xx/5xx
    # response after the middleware chain, and that line belongs to the request too.
    _request_id.set(None)
    _request.set(None)


request_finished.connect(_forget_request, dispatch_uid="kendali_forget_request_id")


def _username(request) -> str:
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    # Never load the user from the database inside logging: name them only once loaded.
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return "-"
    return user.get_username() or "-"


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user` ("-" outside a request) to every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or "-"
        if not hasattr(record, "user"):
            record.user = _username(request) if request is not None else "-"
        return True
