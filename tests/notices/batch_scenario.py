"""A numbering batch on a database of its own, driven step by step from
tests/notices/test_batch_kill.py in separate processes (a worker must be killable):

    python -m tests.notices.batch_scenario setup N   # migrate, N signed files, start a batch
    python -m tests.notices.batch_scenario doomed    # a worker whose renders take 1.5 s
    python -m tests.notices.batch_scenario restart   # a minute on, a worker empties the queue
    python -m tests.notices.batch_scenario report    # JSON: items, permits, the progress page

with DJANGO_SETTINGS_MODULE=tests.notices.worker_settings and DATABASE_URL set.
"""

import json
import sys
import time
from datetime import timedelta

import django

DOOMED = "doomed-worker"


def setup(count: int) -> None:
    from django.core.management import call_command

    from office.roles import Role
    from permits import batches
    from permits.sample import walk_to
    from tests.conftest import PASSWORD, make_user

    call_command("migrate", verbosity=0)
    staff = {role: make_user(f"petugas_{role.value}", role) for role in Role}
    files = [walk_to("signed", staff=staff, password=PASSWORD, index=i) for i in range(count)]
    batches.start(application_ids=[f.pk for f in files], actor=staff[Role.BAGIAN_UMUM])


def doomed() -> None:
    from django.core.management import call_command

    from permits.documents import permit

    real = permit.render_pdf_with_layout

    def slow(*args, **kwargs):
        time.sleep(1.5)  # long enough for the test to kill the worker in the middle
        return real(*args, **kwargs)

    permit.render_pdf_with_layout = slow
    call_command("run_worker", "--interval", "0.1", "--worker-id", DOOMED)


def restart() -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from office.models import WorkerBeat
    from office.worker import STALE_AFTER

    # A minute later: the killed worker has stopped beating.
    WorkerBeat.objects.filter(worker_id=DOOMED).update(
        last_seen=timezone.now() - STALE_AFTER - timedelta(seconds=5)
    )
    call_command("run_worker", "--batch", "--interval", "0")


def report() -> None:
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from sequences import get_last_value

    from permits.models import Application, BatchItem, NumberingBatch, Permit

    batch = NumberingBatch.objects.get()
    umum = User.objects.get(username="petugas_bagian_umum")
    client = Client()
    client.force_login(umum)
    device = TOTPDevice.objects.filter(user=umum).first() or TOTPDevice.objects.create(
        user=umum, name="uji"
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get(f"/berkas/penomoran/{batch.pk}/").content.decode()
    permits = list(Permit.objects.order_by("sequence").values("sequence", "application_id", "pdf"))
    print(
        json.dumps(
            {
                "finished": batch.finished_at is not None,
                "items": list(
                    BatchItem.objects.order_by("position").values(
                        "position", "application_id", "state", "attempts", "permit_number"
                    )
                ),
                "permits": permits,
                "statuses": sorted(set(Application.objects.values_list("status", flat=True))),
                "counter": get_last_value(
                    f"permit/{Permit.objects.first().series}/{Permit.objects.first().year}"
                ),
                "page_says_interrupted": "Penomoran sempat terputus" in page,
                "page_says_finished": "Penomoran selesai" in page,
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "setup":
        setup(int(sys.argv[2]))
    elif command == "doomed":
        doomed()
    elif command == "restart":
        restart()
    elif command == "report":
        report()
    else:
        raise SystemExit(f"unknown command {command}")
