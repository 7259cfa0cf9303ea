"""The archive package of a period's permits: each PDF with its JSON record (issue 16)."""

import hashlib
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from permits import archive, letters
from permits.models import Permit
from workflow.table import Status

pytestmark = pytest.mark.django_db


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_the_package_holds_each_permit_byte_for_byte_with_its_record(file_at, tmp_path):
    application = file_at(Status.HANDED_OVER)
    for letter in application.letters.all():  # the worker's part (no worker in tests)
        letters.write_document(letter.pk)
    permit = application.permit
    standard = application.standard
    today = timezone.localdate()

    call_command("export_archive", "--year", str(today.year), "--output", str(tmp_path / "a.zip"))
    files = members(tmp_path / "a.zip")
    folder = f"izin/{permit.year}/{archive._safe(permit.number)}"

    with permit.pdf.open("rb") as handle:
        assert files[f"{folder}/izin.pdf"] == handle.read()
    record = json.loads(files[f"{folder}/izin.json"])
    assert record["nomor_izin"] == permit.number
    assert record["layanan"]["kode"] == standard.service.code
    assert record["pemohon"]["nama"] == application.applicant.name
    assert record["nomor_registrasi"] == application.registration_number
    assert record["tanggal_terbit"] == permit.issued_on.isoformat()
    assert record["tanggal"]["diserahkan"] is not None
    assert record["berkas"]["sha256"] == permit.pdf_sha256
    assert record["tanda_tangan"]["verdict"] == "intact" and record["tanda_tangan"]["trusted"]
    assert record["klasifikasi_arsip"] == standard.archive_code
    assert record["retensi"]["aktif_tahun"] == standard.retention_active_years
    assert record["retensi"]["keterangan"] == standard.retention_disposition
    # The handover record travels with the permit.
    assert any(item["perihal"].startswith("Berita Acara") for item in record["surat_terkait"])
    manifest = json.loads(files["manifest.json"])
    assert manifest["jumlah_izin"] == 1
    for entry in manifest["berkas"]:
        assert hashlib.sha256(files[entry["path"]]).hexdigest() == entry["sha256"]


def test_only_the_permits_of_the_period_go_in(file_at, tmp_path):
    inside = file_at(Status.NUMBERED).permit
    outside = file_at(Status.NUMBERED).permit
    Permit.objects.filter(pk=outside.pk).update(issued_on=inside.issued_on - timedelta(days=400))

    package = archive.write_package(
        inside.issued_on - timedelta(days=1), inside.issued_on, tmp_path / "b.zip"
    )
    names = members(tmp_path / "b.zip")

    assert package.permits == 1
    assert any(archive._safe(inside.number) in name for name in names)
    assert not any(archive._safe(outside.number) in name for name in names)


def test_a_failure_leaves_no_half_written_package(file_at, tmp_path, monkeypatch):
    file_at(Status.NUMBERED)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "permit_record", broken)
    today = timezone.localdate()
    with pytest.raises(OSError):
        archive.write_package(date(today.year, 1, 1), today, tmp_path / "c.zip")
    assert list(tmp_path.iterdir()) == []


def test_the_command_explains_a_wrong_period(db):
    with pytest.raises(CommandError, match="Sebutkan periode"):
        call_command("export_archive")
    with pytest.raises(CommandError, match="tidak boleh sebelum"):
        call_command("export_archive", "--from", "2026-05-01", "--to", "2026-01-01")
    with pytest.raises(CommandError, match="tidak dikenali"):
        call_command("export_archive", "--from", "kemarin", "--to", "2026-01-01")


def test_the_admin_action_downloads_the_package_of_the_selection(admin_client, file_at):
    chosen = file_at(Status.NUMBERED).permit
    other = file_at(Status.NUMBERED).permit
    response = admin_client.post(
        reverse("admin:permits_permit_changelist"),
        {"action": "export_archive", "_selected_action": [chosen.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        names = package.namelist()
    assert any(archive._safe(chosen.number) in name for name in names)
    assert not any(archive._safe(other.number) in name for name in names)
