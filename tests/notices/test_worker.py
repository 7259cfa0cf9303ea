"""The real worker (`manage.py run_worker`) on the database backend: it runs what the steps
queued, takes back what a killed worker left half-run, and tells /healthz it lives (issue 15)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notices import tasks
from notices.models import Delivery, DeliveryStatus
from office.models import WorkerBeat
from office.worker import STALE_AFTER
from workflow.table import Status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def run_worker() -> str:
    out = StringIO()
    call_command("run_worker", "--batch", "--interval", "0", stdout=out)
    return out.getvalue()


def test_the_worker_sends_the_notices_the_steps_queued(database_queue, file_at):
    mail.outbox.clear()
    application = file_at(Status.RECEIPTED)  # registered and receipted: one notice queued
    [queued] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert queued.task_path == "notices.tasks.deliver"
    assert mail.outbox == []

    run_worker()

    delivery = Delivery.objects.get(application=application)
    assert delivery.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=queued.pk).status == TaskResultStatus.SUCCESSFUL


def test_a_task_left_running_by_a_killed_worker_runs_again(database_queue, file_at):
    mail.outbox.clear()
    application = file_at(Status.RECEIPTED)
    [queued] = DBTaskResult.objects.all()
    # A worker claimed it and was killed before finishing: it stopped beating long ago.
    long_ago = timezone.now() - STALE_AFTER - timedelta(minutes=5)
    WorkerBeat.objects.create(
        worker_id="killed-1", started_at=long_ago, last_seen=long_ago, hostname="x"
    )
    queued.claim("killed-1")
    assert DBTaskResult.objects.get(pk=queued.pk).status == TaskResultStatus.RUNNING

    run_worker()

    assert DBTaskResult.objects.get(pk=queued.pk).status == TaskResultStatus.SUCCESSFUL
    assert Delivery.objects.get(application=application).status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_a_task_of_a_worker_still_beating_is_left_alone(database_queue, file_at):
    file_at(Status.RECEIPTED)
    [queued] = DBTaskResult.objects.all()
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="busy-1", started_at=now, last_seen=now, hostname="x")
    queued.claim("busy-1")

    run_worker()

    assert DBTaskResult.objects.get(pk=queued.pk).status == TaskResultStatus.RUNNING


def test_a_retry_is_scheduled_for_later_on_the_queue(database_queue, file_at, settings):
    application = file_at(Status.RECEIPTED)
    settings.EMAIL_BACKEND = "tests.notices.test_deliveries.FailingBackend"

    run_worker()

    delivery = Delivery.objects.get(application=application)
    assert delivery.status == DeliveryStatus.RETRYING
    later = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert later.run_after == delivery.next_attempt_at
    assert delivery.attempts < tasks.MAX_ATTEMPTS


def test_healthz_reports_a_worker_not_seen_for_a_while(client, database_queue):
    assert client.get("/healthz").json()["worker"] == "stale"
    assert client.get("/healthz").json()["status"] == "degraded"
    assert client.get("/healthz").status_code == 200

    run_worker()  # it beats as it starts

    body = client.get("/healthz").json()
    assert (body["status"], body["worker"]) == ("ok", "ok")
