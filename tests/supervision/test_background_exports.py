"""Long exports built by the worker: the threshold, the same bytes as the direct download, the
"Unduhan saya" page, who may download, failures, and a task that runs twice.

The test transaction never commits, so the task queued on commit runs only inside
`django_capture_on_commit_callbacks(execute=True)` (the immediate backend of the test settings).
"""

import errno
import io
from datetime import date

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from office import files as office_files
from office.roles import Role
from supervision import exports, tasks
from supervision.models import Export, ExportKind, ExportStatus
from tests.clock_fixtures import at
from tests.complaints.test_report import MARCH, answer, pdf_text
from tests.conftest import make_user

NOW = at(2026, 11, 30, 10)
PERIOD = {"dari": "2026-11-16", "sampai": "2026-11-27"}
MINE = "/unduhan/"


def files_url(fmt: str) -> str:
    return reverse("supervision_export", args=["berkas", fmt])


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def cells(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def stored_files(export: Export) -> list[str]:
    return office_files.stored_names(default_storage, f"exports/{export.created_at:%Y}/{export.pk}")


@pytest.fixture(autouse=True)
def _own_storage(settings, tmp_path):
    """The private storage in a folder of this test's own: rolled-back ids come back."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


@pytest.fixture
def kabid(client, staff):
    client.force_login(staff[Role.KABID])
    return staff[Role.KABID]


@pytest.fixture
def in_background(settings):
    settings.EXPORT_IN_BACKGROUND_ABOVE = 1


def ask(client, url, params, capture, *, execute=True):
    """Ask for an export and run what is queued on commit (the task, with the immediate backend)."""
    with capture(execute=execute):
        return client.get(url, params)


# --- below and above the threshold --------------------------------------------------------


def test_the_threshold_defaults_to_5000_rows(settings):
    assert settings.EXPORT_IN_BACKGROUND_ABOVE == 5000


def test_below_the_threshold_the_file_list_still_answers_directly(client, kabid, november, travel):
    with travel(NOW):
        response = client.get(files_url("csv"), PERIOD)
    assert response.status_code == 200
    assert response.streaming
    assert not Export.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_above_the_threshold_the_export_is_built_in_the_background_with_the_same_content(
    client, kabid, november, travel, settings, django_capture_on_commit_callbacks, fmt
):
    with travel(NOW):
        direct = client.get(files_url(fmt), PERIOD)
        direct_bytes = body(direct)
        settings.EXPORT_IN_BACKGROUND_ABOVE = 1
        response = ask(client, files_url(fmt), PERIOD, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("my_exports") == MINE
    export = Export.objects.get()
    assert (export.kind, export.format, export.requested_by) == (ExportKind.FILES, fmt, kabid)
    assert export.status == ExportStatus.READY
    assert export.title == f"Berkas 16 Nov 2026 – 27 Nov 2026 ({fmt.upper()})"
    assert export.parameters == {"start": "2026-11-16", "end": "2026-11-27", "service": None}
    assert export.row_count == 5
    assert export.finished_at is not None

    download = client.get(reverse("my_export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert download["Content-Type"] == direct["Content-Type"]
    assert download["Cache-Control"] == "private, no-store"
    if fmt == "csv":
        assert body(download) == direct_bytes
    else:  # the zip inside records when it was written
        assert cells(body(download)) == cells(direct_bytes)


def test_the_figures_always_answer_directly(client, kabid, november, travel, in_background):
    # Read from the pre-counted tallies, like the dashboard itself: never long.
    with travel(NOW):
        response = client.get(reverse("supervision_export", args=["angka", "xlsx"]), PERIOD)
    assert response.status_code == 200
    assert not Export.objects.exists()


def test_the_ikm_pdf_of_a_period_with_many_answers_is_built_in_the_background(
    client, staff, travel, settings, django_capture_on_commit_callbacks
):
    answer(date(2026, 3, 2), "a", 4, u3=2, suggestion="Percepat pemeriksaan lapangan.")
    answer(date(2026, 3, 31), "b", 3)
    officer = staff[Role.COMPLAINT_OFFICER]
    client.force_login(officer)
    url = reverse("ikm_pdf_export")
    with travel(NOW):
        direct = client.get(url, MARCH)
        assert not Export.objects.exists()
        settings.EXPORT_IN_BACKGROUND_ABOVE = 1
        response = ask(client, url, MARCH, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    export = Export.objects.get()
    assert (export.kind, export.requested_by, export.status) == ("ikm", officer, "siap")
    assert export.title == "Laporan IKM 1 Mar 2026 – 31 Mar 2026 (PDF)"
    assert export.row_count == 2
    download = client.get(reverse("my_export_download", args=[export.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert 'filename="ikm-20260301-20260331.pdf"' in download["Content-Disposition"]
    text = pdf_text(body(download))
    assert text == pdf_text(direct.content)
    assert "84,72" in text


def test_the_ikm_report_links_its_pdf_through_the_threshold_and_to_my_downloads(client, staff):
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    page = client.get(reverse("complaints:ikm_report"), MARCH).content.decode()
    assert f'href="{reverse("ikm_pdf_export")}?start=2026-03-01&amp;end=2026-03-31"' in page
    assert f'href="{MINE}"' in page


def test_the_dashboard_links_my_downloads_beside_the_exports(client, kabid):
    page = client.get(reverse("supervision")).content.decode()
    exports_section = page.split('id="ekspor"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{MINE}">Unduhan saya</a>' in exports_section
    assert "5.000 berkas" in exports_section


# --- the page and the download ------------------------------------------------------------


def test_my_downloads_without_exports_shows_an_empty_state(client, kabid):
    response = client.get(MINE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Belum ada ekspor." in page
    assert 'http-equiv="refresh"' not in page


def test_a_pending_export_is_listed_and_the_page_reloads_itself_without_a_script(
    client, kabid, november, travel, in_background, django_capture_on_commit_callbacks
):
    with travel(NOW):
        ask(client, files_url("xlsx"), PERIOD, django_capture_on_commit_callbacks, execute=False)
    page = client.get(MINE).content.decode()
    assert Export.objects.get().status == ExportStatus.PENDING
    assert '<meta http-equiv="refresh" content="10">' in page
    assert "<noscript" not in page and "<script" not in page.split("</head>")[0]
    assert "Ekspor sedang disiapkan di latar belakang; tautan unduhan muncul di sini" in page
    assert "Berkas 16 Nov 2026 – 27 Nov 2026 (XLSX)" in page
    assert "Menunggu" in page
    assert reverse("my_export_download", args=[Export.objects.get().pk]) not in page


def test_a_ready_export_is_linked_and_the_page_stops_reloading(
    client, kabid, november, travel, in_background, django_capture_on_commit_callbacks
):
    with travel(NOW):
        ask(client, files_url("csv"), PERIOD, django_capture_on_commit_callbacks)
    page = client.get(MINE).content.decode()
    export = Export.objects.get()
    assert f'href="{reverse("my_export_download", args=[export.pk])}"' in page
    assert "Siap diunduh" in page
    assert 'http-equiv="refresh"' not in page


def test_the_list_is_the_users_own_newest_first_and_paginated(client, kabid, staff):
    other = staff[Role.SEKRETARIS]
    for user, number in [(other, 0), *((kabid, n) for n in range(1, 28))]:
        Export.objects.create(
            requested_by=user, kind="files", format="csv", title=f"Ekspor nomor {number:02}"
        )
    first = client.get(MINE)
    titles = [e.title for e in first.context["page"]]
    assert titles[:2] == ["Ekspor nomor 27", "Ekspor nomor 26"]
    assert len(titles) == 25
    second = [e.title for e in client.get(MINE, {"page": 2}).context["page"]]
    assert second == ["Ekspor nomor 02", "Ekspor nomor 01"]
    assert "Ekspor nomor 00" not in first.content.decode() + "".join(second)


def test_another_user_gets_404_on_the_download(
    client, kabid, staff, november, travel, in_background, django_capture_on_commit_callbacks
):
    with travel(NOW):
        ask(client, files_url("csv"), PERIOD, django_capture_on_commit_callbacks)
    url = reverse("my_export_download", args=[Export.objects.get().pk])
    assert client.get(url).status_code == 200
    for role in (Role.KEPALA_DINAS, Role.ADMIN):
        other = Client()
        other.force_login(staff[role])
        assert other.get(url).status_code == 404
        assert url not in other.get(MINE).content.decode()


def test_an_export_not_ready_yet_is_not_downloaded(client, kabid):
    export = Export.objects.create(requested_by=kabid, kind="files", format="csv", title="x")
    assert client.get(reverse("my_export_download", args=[export.pk])).status_code == 404


# Columns: anonymous, then the roles in the order of Role (as tests/test_role_matrix.py).
ROLE_STATUSES = {
    "my_exports": (302, 403, 403, 200, 200, 403, 200, 200, 200),
    "my_export_download": (302, 403, 403, 404, 404, 403, 404, 404, 404),
    "ikm_pdf_export": (302, 403, 403, 200, 200, 403, 200, 200, 200),
}


@pytest.mark.parametrize(("name", "want"), ROLE_STATUSES.items())
def test_the_pages_are_for_supervisors_and_the_complaint_desk(staff, name, want):
    url = reverse(name, args=[1] if name == "my_export_download" else [])
    clients = [Client()]
    for role in Role:
        clients.append(Client())
        clients[-1].force_login(staff[role])
    assert tuple(c.get(url).status_code for c in clients) == want
    # GET only, refused before the method for those without the role.
    assert tuple(c.post(url).status_code for c in clients) == tuple(
        {200: 405, 404: 405}.get(status, status) for status in want
    )


# --- failures and reruns ------------------------------------------------------------------


def test_a_failing_builder_marks_the_export_failed_with_its_error_and_no_file(
    client,
    kabid,
    november,
    travel,
    in_background,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(exports, "file_rows", broken)
    with travel(NOW):
        ask(client, files_url("xlsx"), PERIOD, django_capture_on_commit_callbacks)

    export = Export.objects.get()
    assert export.status == ExportStatus.FAILED
    assert export.error.startswith("Ekspor gagal disusun (RuntimeError).")
    assert not export.file
    assert stored_files(export) == []
    assert "gagal disusun" in caplog.text
    page = client.get(MINE).content.decode()
    assert "Gagal" in page
    assert "Ekspor gagal disusun (RuntimeError)." in page
    assert client.get(reverse("my_export_download", args=[export.pk])).status_code == 404


def test_a_storage_that_cannot_write_leaves_no_half_file(
    client, kabid, november, travel, in_background, django_capture_on_commit_callbacks, monkeypatch
):
    def full_disk(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    with travel(NOW):
        ask(client, files_url("csv"), PERIOD, django_capture_on_commit_callbacks)
    monkeypatch.undo()

    export = Export.objects.get()
    assert (export.status, export.error) == (ExportStatus.FAILED, "Penyimpanan berkas penuh.")
    assert not export.file
    assert stored_files(export) == []


def test_a_queue_that_cannot_be_reached_fails_the_export_at_once(
    client, kabid, november, travel, in_background, django_capture_on_commit_callbacks, monkeypatch
):
    class Unreachable:
        def enqueue(self, *args):
            raise ConnectionError("no queue")

    monkeypatch.setattr(tasks, "build_export", Unreachable())
    with travel(NOW):
        ask(client, files_url("csv"), PERIOD, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert (export.status, export.error) == (ExportStatus.FAILED, tasks.NOT_QUEUED)


def test_the_task_run_twice_makes_one_file(
    client, kabid, november, travel, in_background, django_capture_on_commit_callbacks
):
    with travel(NOW):
        ask(client, files_url("csv"), PERIOD, django_capture_on_commit_callbacks)
        export = Export.objects.get()
        name = export.file.name
        assert tasks.build_export.enqueue(export.pk).return_value == "tidak ada yang dikerjakan"

    export.refresh_from_db()
    assert export.file.name == name
    assert stored_files(export) == [name]


def test_a_rerun_after_a_kill_rebuilds_the_export(
    client, kabid, november, travel, in_background, django_capture_on_commit_callbacks
):
    with travel(NOW):
        ask(client, files_url("csv"), PERIOD, django_capture_on_commit_callbacks, execute=False)
        export = Export.objects.get()
        # The worker took it and was killed: the row says "diproses", there is no file.
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
        assert tasks.run(export.pk) == "siap"

    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert stored_files(export) == [export.file.name]


def test_an_export_that_no_longer_exists_is_nothing_to_do(db):
    assert tasks.run(987654) == "tidak ada yang dikerjakan"


# --- the admin ----------------------------------------------------------------------------


def test_the_admin_lists_the_exports_read_only(client, superuser, db):
    owner = make_user("pemohon_ekspor", Role.KABID)
    export = Export.objects.create(
        requested_by=owner,
        kind="files",
        format="csv",
        title="Berkas 1 Jan 2026 – 31 Des 2026 (CSV)",
        status=ExportStatus.FAILED,
        error="Penyimpanan berkas penuh.",
    )
    client.force_login(superuser)
    page = client.get(reverse("admin:supervision_export_changelist")).content.decode()
    assert "Berkas 1 Jan 2026 – 31 Des 2026 (CSV)" in page
    assert "Penyimpanan berkas penuh." in page
    assert "Daftar berkas" in page and "Gagal" in page
    assert client.get(reverse("admin:supervision_export_add")).status_code == 403
    change = client.get(reverse("admin:supervision_export_change", args=[export.pk]))
    assert change.status_code == 200
    assert 'name="title"' not in change.content.decode()
