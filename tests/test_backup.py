"""Backup and restore (permits/backup.py): files built through the real services, backed up,
then restored into a freshly migrated database and an empty storage.

Transactional: the restore has to commit, and "a new database" is made the way Django makes
one between transactional tests: flush, then load what `migrate` left (the serialized test
database). Runs on SQLite and PostgreSQL alike.
"""

import hashlib
import io
import json
import tarfile
from contextlib import contextmanager
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from sequences.models import Sequence

from complaints import selectors
from complaints.models import SurveyResponse
from office.files import stored_names as stored_files
from office.roles import Role
from permits.models import Application, Permit
from tracking.models import ControlCardEntry
from workflow.table import Status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def storage_in(folder):
    """The default storage (and so every FileField) in its own folder."""
    folder.mkdir(parents=True, exist_ok=True)
    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder), "base_url": None},
    }
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield


def new_database():
    """What `migrate` leaves in a new database: the seeded standard and groups, nothing else."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def rewrite(archive, target, change):
    """A copy of the archive with change(name, bytes) applied to every entry."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


def card():
    return list(
        ControlCardEntry.objects.order_by("pk").values_list(
            "pk",
            "application__registration_number",
            "transition",
            "to_status",
            "actor_name",
            "created_at",
            "duration",
            "context",
        )
    )


def counters():
    return dict(Sequence.objects.values_list("name", "last"))


def test_restore_brings_back_every_permit_card_and_counter(tmp_path, file_at, staff, client):
    with storage_in(tmp_path / "media"):
        numbered = file_at(Status.NUMBERED)
        file_at(Status.HANDED_OVER)
        file_at(Status.RECEIPTED)
        permits = {
            p.number: (p.pdf.name, p.pdf_sha256, sha256(stored_bytes(p.pdf.name)))
            for p in Permit.objects.all()
        }
        before_card, before_counters = card(), counters()
        before_files = stored_files()

        call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())

        (archive,) = (tmp_path / "backups").glob("kendali-backup-*.tar.gz")
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
        # Restore refuses the office's own, working database and changes nothing.
        with pytest.raises(CommandError, match="Basis data tujuan tidak kosong"):
            call_command("restore", str(archive))
        assert card() == before_card

    assert len(permits) == 2
    for _, pdf_sha256, stored_sha256 in permits.values():
        assert stored_sha256 == pdf_sha256
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["kendali_version"]
    assert manifest["counts"]["permits.application"] == 3
    assert manifest["counts"]["tracking.controlcardentry"] == len(before_card)
    assert sorted(manifest["files"]) == before_files
    for name, pdf_sha256, _ in permits.values():
        assert manifest["files"][name]["sha256"] == pdf_sha256

    new_database()
    assert not Application.objects.exists()
    with storage_in(tmp_path / "restored"):
        # A permit PDF changed inside the archive: refused before anything is written.
        name = next(iter(permits.values()))[0]
        tampered = rewrite(
            archive,
            tmp_path / "tampered.tar.gz",
            lambda entry, data: data + b"%" if entry == f"files/{name}" else data,
        )
        with pytest.raises(CommandError, match=f"files/{name} tidak cocok dengan manifes"):
            call_command("restore", str(tampered))
        assert not Application.objects.exists()
        assert stored_files() == []

        # A backup from other migrations (another Kendali version) is refused too.
        def other_version(entry, data):
            if entry != "manifest.json":
                return data
            changed = json.loads(data)
            changed["migrations"].append("permits.9999_from_the_future")
            return json.dumps(changed).encode()

        with pytest.raises(CommandError, match="Migrasi basis data tujuan berbeda"):
            call_command("restore", str(rewrite(archive, tmp_path / "other.tar.gz", other_version)))

        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)

        assert "semua SHA-256 cocok" in out.getvalue()
        assert stored_files() == before_files
        for number, (name, pdf_sha256, stored_sha256) in permits.items():
            permit = Permit.objects.get(number=number)
            assert permit.pdf.name == name
            assert permit.pdf_sha256 == pdf_sha256
            assert sha256(stored_bytes(name)) == stored_sha256
        assert card() == before_card
        assert counters() == before_counters

        # Staff still open the restored permit, byte for byte.
        client.force_login(staff[Role.FO])
        response = client.get(reverse("pdf_permit", args=[numbered.pk]))
        assert response.status_code == 200
        assert sha256(b"".join(response.streaming_content)) == numbered.permit.pdf_sha256

        # The next file gets the next numbers: nothing repeated, nothing skipped.
        taken = {p.sequence for p in Permit.objects.all()}
        after = file_at(Status.NUMBERED)
        assert after.permit.sequence == max(taken) + 1
        assert after.permit.number not in permits
        grown = {k: counters()[k] - v for k, v in before_counters.items()}
        # One registration and one permit number; no letter is written on the way to numbering
        # (the handover record's series stays where the restore put it).
        assert {k: n for k, n in grown.items() if not k.startswith("letter/")} == {
            k: 1 for k in grown if not k.startswith("letter/")
        }
        assert {n for k, n in grown.items() if k.startswith("letter/")} <= {0}

        # A second restore finds the database in use.
        with pytest.raises(CommandError, match="tidak kosong"):
            call_command("restore", str(archive))


def test_check_reads_the_archive_without_writing(tmp_path, file_at):
    with storage_in(tmp_path / "media"):
        file_at(Status.NUMBERED)
        call_command("backup", output=str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
        before = card()

        out = io.StringIO()
        call_command("restore", str(tmp_path / "b.tar.gz"), check=True, stdout=out)

        assert "Arsip utuh" in out.getvalue()
        assert card() == before
        # A cut-off archive (a copy that did not finish) is reported, not half-restored.
        data = (tmp_path / "b.tar.gz").read_bytes()
        (tmp_path / "cut.tar.gz").write_bytes(data[: len(data) // 2])
        with pytest.raises(CommandError, match="rusak atau terpotong"):
            call_command("restore", str(tmp_path / "cut.tar.gz"), check=True)


def test_a_restored_survey_counts_each_answer_once(tmp_path):
    zone = timezone.get_current_timezone()
    for i, day in enumerate((date(2025, 3, 4), date(2026, 1, 9), date(2026, 11, 30))):
        SurveyResponse.objects.create(
            respondent_key=f"restored-{i}",
            submitted_at=datetime.combine(day, time(9), tzinfo=zone),
            gender="P",
            age_band="31-40",
            education="s1",
            occupation="wirausaha",
            **{f"u{n}": 1 + i for n in range(1, 10)},
        )
    before = selectors.ikm_summary(date(2025, 1, 1), date(2026, 12, 31))
    with storage_in(tmp_path / "media"):
        call_command("backup", output=str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
        new_database()
        call_command("restore", str(tmp_path / "b.tar.gz"), stdout=io.StringIO())

    # The figures came with the backup; the restored answers were not counted again.
    after = selectors.ikm_summary(date(2025, 1, 1), date(2026, 12, 31))
    assert after.respondents == before.respondents == 3
    assert after.result.ikm == before.result.ikm
