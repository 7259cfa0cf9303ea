"""Issue 15 in Chromium: the Kepala Dinas signs five files in one go, Bagian Umum numbers them
in one batch while watching its progress (the worker runs beside the server), and the e-mail
and WhatsApp notices of the journey show in the file's delivery log, WhatsApp against a fake
Graph API on loopback."""

import re
import threading

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from notices.models import Channel, Delivery, DeliveryStatus
from office.roles import Role
from permits.models import Applicant, Application, Permit
from tests.conftest import PASSWORD
from tests.notices.test_whatsapp import NUMBER_ID, TOKEN, FakeGraph
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FILES = 5


@pytest.fixture
def graph(settings):
    fake = FakeGraph()
    settings.WHATSAPP_API_URL = fake.url
    settings.WHATSAPP_PHONE_NUMBER_ID = NUMBER_ID
    settings.WHATSAPP_ACCESS_TOKEN = TOKEN
    settings.WHATSAPP_TIMEOUT = 2
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def waiting(file_at):
    """Five drafts initialed by Kabid, their applicants agreeing to WhatsApp."""
    files = [file_at(Status.INITIALED) for _ in range(FILES)]
    for index, application in enumerate(files):
        Applicant.objects.filter(pk=application.applicant_id).update(
            whatsapp_number=f"+62813111122{index:02d}",
            whatsapp_consent_at=application.created_at,
        )
    return files


def work_one_task(page) -> None:
    """One task of the queue by `manage.py run_worker`, as the worker of `make run` would,
    then a moment for the page's script to poll.

    The task runs in a thread of its own (pyHanko's asyncio.run cannot share this thread with
    Playwright's loop) while this one waits: the test database of an SQLite run is shared in
    memory, where a write beside the live server's reads meets "table is locked". The page's
    status requests are routed through Playwright, so they wait while this thread does.
    """
    run_worker("--max-tasks", "1")
    page.wait_for_timeout(2500)


def run_worker(*args: str) -> None:
    thread = threading.Thread(
        target=call_command, args=("run_worker", "--batch", "--interval", "0", *args)
    )
    thread.start()
    thread.join(timeout=120)


def test_five_files_signed_in_one_go_and_numbered_in_one_batch(
    staff, waiting, graph, desk, authenticator, settings, shot
):
    head = staff[Role.KEPALA_DINAS]
    page = desk(head)
    page.get_by_role("link", name="Tandatangani izin beberapa berkas sekaligus").click()
    page.wait_for_url(re.compile(r"/berkas/sekaligus/sign/$"))
    expect(page.get_by_text(f"{FILES} berkas menunggu")).to_be_visible()
    page.get_by_label("Pilih semua berkas di daftar ini").check()
    expect(page.locator('input[name="files"]:checked')).to_have_count(FILES)
    page.fill('[name="password"]', PASSWORD)
    page.fill('[name="token"]', authenticator.code(head))
    shot(page, "bulk-01-tanda-tangan-sekaligus")
    page.get_by_role("button", name="Tandatangani izin yang dicentang").click()
    page.wait_for_url(re.compile(r"/berkas/sekaligus/sign/hasil/$"))
    expect(page.locator("h1 + .lede")).to_have_text(f"{FILES} berkas berhasil.")
    assert {a.status for a in Application.objects.filter(pk__in=[f.pk for f in waiting])} == {
        Status.SIGNED
    }

    # From here tasks go to the database queue, as with `make run`; no worker runs yet.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    umum = desk(staff[Role.BAGIAN_UMUM])
    umum.get_by_role("link", name="Beri nomor beberapa izin sekaligus").click()
    umum.wait_for_url(re.compile(r"/berkas/penomoran/$"))
    umum.get_by_role("link", name="Menurut nomor registrasi").click()
    umum.get_by_label("Pilih semua berkas di daftar ini").check()
    umum.get_by_label(re.compile("Saya mengerti")).check()
    umum.get_by_role("button", name="Beri nomor izin yang dicentang").click()
    umum.wait_for_url(re.compile(r"/berkas/penomoran/\d+/$"))
    expect(umum.locator('[data-count="left"]')).to_have_text(str(FILES))
    expect(umum.locator("[data-worker-stale]")).to_be_visible()
    shot(umum, "bulk-02-penomoran-menunggu-pekerja")

    umum.route(re.compile(r"/status/$"), lambda route: route.continue_())
    work_one_task(umum)
    # The page follows the worker by itself: counts move, then the final word.
    expect(umum.locator('[data-count="done"]')).to_have_text("1")
    expect(umum.locator('[data-count="left"]')).to_have_text(str(FILES - 1))
    expect(umum.locator("[data-worker-stale]")).to_be_hidden()
    shot(umum, "bulk-03-penomoran-berjalan")
    for _ in range(4 * FILES):
        if umum.get_by_text("Penomoran selesai.").is_visible():
            break
        work_one_task(umum)
    expect(umum.get_by_text("Penomoran selesai.")).to_be_visible()
    expect(umum.locator('[data-count="done"]')).to_have_text(str(FILES))
    shot(umum, "bulk-04-penomoran-selesai")

    ordered = sorted(waiting, key=lambda a: a.registration_number)
    sequences = [Permit.objects.get(application=a).sequence for a in ordered]
    assert sequences == list(range(1, FILES + 1))
    first = ordered[0]
    # The notices the numbering queued, sent by the worker: e-mail and WhatsApp.
    run_worker()
    sent = Delivery.objects.filter(application=first, kind="ready")
    assert {(d.channel, d.status) for d in sent} == {
        (Channel.EMAIL, DeliveryStatus.SENT),
        (Channel.WHATSAPP, DeliveryStatus.SENT),
    }
    templates = [body["template"]["name"] for _, _, body in graph.requests]
    assert templates.count("kendali_izin_terbit") == FILES

    umum.goto(f"/berkas/{first.pk}/")
    log = umum.locator("section", has=umum.locator("#pemberitahuan"))
    expect(log.locator("tr", has_text="WhatsApp").filter(has_text="Izin terbit")).to_contain_text(
        "Terkirim"
    )
    expect(log.locator("tr", has_text="E-mail").filter(has_text="Izin terbit")).to_contain_text(
        "Terkirim"
    )
    shot(umum, "bulk-05-log-pemberitahuan")

    umum.set_viewport_size({"width": 390, "height": 844})
    umum.goto("/berkas/penomoran/")
    expect(umum.get_by_text("Penomoran terakhir")).to_be_visible()
    shot(umum, "bulk-06-penomoran-ponsel")
