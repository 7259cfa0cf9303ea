"""A numbering step that cannot store its permit: a reason, no number used, no file left.

Issue 13, item 5: a render error, a full disk or a read-only storage gave the officer a 500
page, a late failure left a complete signed PDF that no row named, and a full disk left a
truncated one. After it, no permit file exists that no `Permit` row refers to.
"""

import errno
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from sequences import get_last_value

from office.files import stored_names, unreferenced
from office.roles import Role
from permits import services
from permits.backup import backup
from permits.models import Permit
from tests.helpers import permit_sequence_name
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_storage(settings, tmp_path):
    """A storage folder of this test's own: files other tests left are not in it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def permit_files() -> list[str]:
    return [name for name in stored_names() if name.startswith("permits/")]


def take_number(client, staff, application):
    client.force_login(staff[Role.BAGIAN_UMUM])
    return client.post(
        reverse("transition", args=[application.pk, "number"]),
        {"expected_status": Status.SIGNED},
        follow=True,
    )


def assert_nothing_consumed(application, files_before):
    assert get_last_value(permit_sequence_name()) is None  # no number taken
    application.refresh_from_db()
    assert application.status == Status.SIGNED
    assert not Permit.objects.filter(application=application).exists()
    assert permit_files() == files_before


def test_a_render_error_gives_the_reason_and_uses_no_number(client, staff, file_at, monkeypatch):
    application, files_before = file_at(Status.SIGNED), permit_files()

    def broken(*args, **kwargs):
        raise ValueError("WeasyPrint: unsupported image")

    monkeypatch.setattr("permits.documents.permit.render_pdf_with_layout", broken)
    response = take_number(client, staff, application)

    assert response.status_code == 200
    page = response.content.decode()
    assert "dokumen izin tidak dapat dibuat" in page
    assert "nomor tidak terpakai" in page
    assert_nothing_consumed(application, files_before)


@pytest.mark.parametrize(
    "failure, reason",
    [
        (OSError(errno.ENOSPC, "No space left on device"), "Penyimpanan berkas penuh"),
        (PermissionError(errno.EROFS, "Read-only file system"), "tidak dapat ditulis"),
    ],
)
def test_a_storage_that_fails_mid_write_leaves_no_partial_file(
    client, staff, file_at, monkeypatch, failure, reason
):
    application, files_before = file_at(Status.SIGNED), permit_files()
    storage = storages["default"]

    def half_written(name, content):
        # Write the first bytes for real, then fail as a full disk does.
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content.read(1000))
        raise failure

    with monkeypatch.context() as patched:
        patched.setattr(storage, "_save", half_written)
        response = take_number(client, staff, application)

    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page
    assert "nomor tidak terpakai" in page
    assert_nothing_consumed(application, files_before)
    # The next attempt, with the storage back, takes the first number.
    take_number(client, staff, application)
    application.refresh_from_db()
    assert application.status == Status.NUMBERED
    assert application.permit.sequence == 1


def test_a_step_that_fails_after_the_pdf_is_written_takes_the_pdf_away(staff, file_at, monkeypatch):
    application, files_before = file_at(Status.SIGNED), permit_files()

    def card_down(**kwargs):
        raise RuntimeError("control card unavailable")

    monkeypatch.setattr(services, "record_entry", card_down)
    with pytest.raises(RuntimeError):
        services.perform_transition(
            application_id=application.pk, name="number", actor=staff[Role.BAGIAN_UMUM]
        )

    assert_nothing_consumed(application, files_before)


def test_a_killed_step_leaves_a_file_that_the_sweep_removes_after_its_grace(file_at, own_storage):
    numbered = file_at(Status.NUMBERED)
    # What a process killed between writing the PDF and committing leaves behind.
    orphan = default_storage.save("permits/2026/killed-before-commit.pdf", _pdf_bytes())

    assert [item.name for item in unreferenced()] == [orphan]
    # A file only just written may belong to a step still committing: spared.
    call_command("remove_unreferenced_files")
    assert default_storage.exists(orphan)

    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        call_command("remove_unreferenced_files", "--dry-run")
        assert default_storage.exists(orphan)
        call_command("remove_unreferenced_files")

    assert not default_storage.exists(orphan)
    assert default_storage.exists(numbered.permit.pdf.name)
    assert unreferenced() == []


def test_a_backup_leaves_out_files_no_row_names(file_at, own_storage, tmp_path):
    numbered = file_at(Status.NUMBERED)
    orphan = default_storage.save("permits/2026/killed-before-commit.pdf", _pdf_bytes())

    manifest = backup(tmp_path).manifest

    assert numbered.permit.pdf.name in manifest["files"]
    assert orphan not in manifest["files"]
    assert manifest["unreferenced_files_left_out"] == [orphan]


def _pdf_bytes():
    return ContentFile(b"%PDF-1.7\n% a complete, signed permit whose step never committed\n")
