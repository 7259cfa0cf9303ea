"""The call log: one row per call, answered or refused (client, resource, status, rows, time)."""

import ipaddress
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.utils import timezone

from api.models import ApiCall

PRUNED_PER_RUN = 5000


def _address(request) -> str | None:
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def prune(*, now=None) -> int:
    """Delete log rows older than settings.API_CALL_LOG_DAYS, a bounded batch per run (a
    periodic job of the worker: with nothing old, one indexed query)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.API_CALL_LOG_DAYS)
    old = list(ApiCall.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[:PRUNED_PER_RUN])
    if old:
        ApiCall.objects.filter(pk__in=old).delete()
    return len(old)


def rows_of(request) -> int:
    return getattr(request, "api_rows", 0)


def logged(resource: str):
    """A view decorator (ninja's decorate_view) that writes the call's row after it is answered."""

    def decorate(run):
        @wraps(run)
        def view(request, *args, **kwargs):
            started = time.monotonic()
            response = run(request, *args, **kwargs)
            ApiCall.objects.create(
                client=getattr(request, "api_client", None),
                resource=resource,
                status=response.status_code,
                rows=rows_of(request) if response.status_code == 200 else 0,
                error=getattr(request, "api_error", "")[:40],
                address=_address(request),
                duration_ms=int((time.monotonic() - started) * 1000),
            )
            return response

        return view

    return decorate
