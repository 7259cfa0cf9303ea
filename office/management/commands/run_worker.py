"""Run the background tasks: django-tasks-db's worker, with a heartbeat beside it.

    manage.py run_worker            # until stopped (SIGTERM or Ctrl+C: the task in hand finishes)
    manage.py run_worker --batch    # what is queued now, then exit (tests, one-off runs)

The heartbeat (office/worker.py) tells /healthz the worker lives, puts back in the queue the
tasks a killed worker left half-run, and runs settings.PERIODIC_JOBS.
"""

import logging
import threading

from django.core.management.base import BaseCommand
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from office.worker import Heartbeat, new_worker_id

logger = logging.getLogger("kendali.worker")


class Command(BaseCommand):
    help = "Jalankan tugas latar belakang (pengiriman pemberitahuan, penomoran massal, ekspor)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="detik menunggu antrean")
        parser.add_argument("--batch", action="store_true", help="kerjakan antrean, lalu keluar")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args, interval, batch, max_tasks, worker_id, **options):
        worker_id = worker_id or new_worker_id()
        heartbeat = Heartbeat(worker_id)
        heartbeat.tick()  # seen at once, and a dead predecessor's tasks back in the queue
        heartbeat.start()
        worker = Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.stdout.write(f"Pekerja {worker_id} berjalan.")
        if threading.current_thread() is threading.main_thread():
            # Python takes signal handlers in the main thread only (a worker in a thread of
            # a test or an embedding process is stopped by its owner instead).
            worker.configure_signals()
        try:
            worker.run()
        finally:
            heartbeat.stop()
