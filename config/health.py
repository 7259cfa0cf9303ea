"""`/healthz`: is this app server able to serve? For the load balancer, systemd and monitoring.

Checks the database (one trivial query) and the file storage (write, read back and delete a
small probe), and reports whether a background worker beat in the last minute ("worker").
Anonymous, never cached, and it never touches the session. A failure says which check failed
and nothing more; the cause goes to the log.
"""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from office.worker import is_running

logger = logging.getLogger(__name__)

PROBE_DIR = "healthz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def check_storage() -> None:
    storage = storages["default"]
    payload = uuid.uuid4().hex.encode()
    # A name of our own: two workers probing at once never read each other's file.
    name = storage.save(f"{PROBE_DIR}/{uuid.uuid4().hex}.txt", ContentFile(payload))
    try:
        with storage.open(name, "rb") as probe:
            if probe.read() != payload:
                raise RuntimeError("the probe file read back differently")
    finally:
        storage.delete(name)


CHECKS = {"database": check_database, "storage": check_storage}


def worker_state() -> str:
    """ "ok" when a background worker beat within the last minute, else "stale"."""
    return "ok" if is_running() else "stale"


@login_not_required
@require_safe
@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("health check %s failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    # This server serves without a worker (notices wait in the queue): "degraded", not 503,
    # so that a proxy keeps sending it requests while monitoring sees the worker is gone.
    worker = worker_state() if results["database"] == "ok" else "unknown"
    status = "error" if not healthy else ("ok" if worker == "ok" else "degraded")
    body = {"status": status, **results, "worker": worker}
    return JsonResponse(body, status=200 if healthy else 503)
