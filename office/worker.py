"""The background worker's life: its heartbeat, the tasks a dead worker left behind, periodic jobs.

The tasks themselves are Django's Tasks API (django-tasks on 5.2) stored by django-tasks-db;
its worker claims a task by marking it RUNNING and never looks at it again. A worker that is
killed mid-task would leave that task RUNNING for ever, so `manage.py run_worker` beats every
few seconds (WorkerBeat) and, when it starts and on every beat, puts back in the queue the
RUNNING tasks of workers that stopped beating. Every task must therefore be safe to run twice
(docs/adr/0011-background-work.md).

Periodic jobs (settings.PERIODIC_JOBS, dotted paths, e.g. the notices' sweep) run on the beat
as well, in the worker, so an install needs no extra timer for them.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from office.models import WorkerBeat

logger = logging.getLogger("kendali.worker")

BEAT_EVERY = timedelta(seconds=10)
# A worker not seen for this long is taken for dead: its running tasks go back to the queue.
STALE_AFTER = timedelta(seconds=60)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def beat(worker_id: str, *, started_at: datetime, now: datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": now,
        },
    )


def last_seen() -> datetime | None:
    """When any worker last beat (None: never)."""
    return WorkerBeat.objects.aggregate(last=Max("last_seen"))["last"]


def is_running(now: datetime | None = None) -> bool:
    """Some worker beat within the last minute."""
    seen = last_seen()
    return seen is not None and (now or timezone.now()) - seen <= STALE_AFTER


def live_workers(now: datetime | None = None) -> set[str]:
    since = (now or timezone.now()) - STALE_AFTER
    return set(WorkerBeat.objects.filter(last_seen__gte=since).values_list("worker_id", flat=True))


def recover_abandoned(*, now: datetime | None = None) -> int:
    """Put back in the queue the tasks left RUNNING by workers that stopped beating."""
    alive = live_workers(now)
    with transaction.atomic():
        running = list(DBTaskResult.objects.running().select_for_update(skip_locked=True))
        abandoned = [r for r in running if not r.worker_ids or r.worker_ids[-1] not in alive]
        for result in abandoned:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
    for result in abandoned:
        logger.warning(
            "Tugas %s (%s) dari pekerja %s yang berhenti diantrekan lagi.",
            result.id,
            result.task_path,
            result.worker_ids[-1] if result.worker_ids else "?",
        )
    return len(abandoned)


def run_periodic_jobs() -> None:
    for path in getattr(settings, "PERIODIC_JOBS", ()):
        try:
            import_string(path)()
        except Exception:
            logger.exception("Tugas berkala %s gagal.", path)


class Heartbeat(threading.Thread):
    """Beats, recovers and runs the periodic jobs beside the worker's own loop."""

    def __init__(self, worker_id: str, *, every: timedelta = BEAT_EVERY):
        super().__init__(name="kendali-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def tick(self) -> None:
        close_old_connections()
        beat(self.worker_id, started_at=self.started_at)
        recover_abandoned()
        run_periodic_jobs()

    def run(self) -> None:
        # The command beats once before starting the thread: the next beat is one period on.
        while not self.stopped.wait(self.every.total_seconds()):
            try:
                self.tick()
            except Exception:
                # A locked SQLite file or a database restart: try again on the next beat.
                logger.exception("Detak pekerja %s gagal.", self.worker_id)

    def stop(self) -> None:
        self.stopped.set()
