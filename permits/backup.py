"""Backup and restore of the office: the database and the stored files in one archive.

A backup is one .tar.gz:

    data.json       every row, in Django's serialization format (what loaddata reads)
    files/<name>    every file of the default storage that a row names, under its storage name
    manifest.json   when, which Kendali, which database, the applied migrations, the rows
                    per model, and the SHA-256 and size of data.json and of every file

Rows go through Django's serializers rather than pg_dump: one format for SQLite and
PostgreSQL (a backup of one restores into the other), restore can check the counts, and
no client tool has to match the server's version. Datetimes keep their microseconds
(Django's JSON encoder cuts them to milliseconds), so the control card comes back exactly;
the numbering counters (django-sequences rows) come back as they were, so the next number
neither repeats nor skips. Files go through the storage API, so the same commands work
when the default storage is an S3 bucket.

Restore goes into a new, migrated database only, at the same migrations as the backup.
It checks every hash before it writes anything, replaces what `migrate` seeded with the
backup's rows (loaddata saves raw, past the append-only guard of the control card), writes
the files, reads each one back against the manifest, and commits only if all of that held.
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from office.files import stored_names
from permits.backup_rows import encode, rows_of
from permits.models import Permit

FORMAT = "kendali-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files/"

# Recreated by `migrate` (content types, permissions) or not worth keeping (sessions:
# everyone logs in again after a restore).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}

# Rows a freshly migrated database never has: any of them means the office already works
# in this database, and restore refuses to replace it.
RECORD_MODELS = (
    "permits.Application",
    "permits.Permit",
    "tracking.ControlCardEntry",
    "complaints.Complaint",
    "complaints.SurveyResponse",
    "sequences.Sequence",
)

CHUNK = 1024 * 1024


class BackupError(Exception):
    """Backup or restore cannot go on; the message is for the operator (Indonesian)."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    files: int
    bytes: int
    # Named by a row but already missing from the storage when the backup was made.
    missing_files: list[str] = field(default_factory=list)


def kendali_version() -> str:
    try:
        return metadata.version("kendali")
    except metadata.PackageNotFoundError:
        return "unknown"


def dumped_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in an order loaddata can follow."""
    app_list = []
    for app_config in apps.get_app_configs():
        chosen = [
            model
            for model in app_config.get_models()
            if model._meta.label_lower not in EXCLUDED_MODELS
            and model._meta.managed
            and not model._meta.proxy
        ]
        if chosen:
            app_list.append((app_config, chosen))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256_of(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _write_rows(stream, using: str) -> tuple[dict[str, int], set[str]]:
    """Write every row as one JSON array; return the rows per model and the files referenced."""
    counts: dict[str, int] = {}
    referenced: set[str] = set()
    stream.write("[")
    separator = "\n"
    for model in dumped_models():
        count = 0
        for row, files in rows_of(model, using):
            referenced.update(files)
            stream.write(separator + encode(row))
            separator = ",\n"
            count += 1
        counts[model._meta.label_lower] = count
    stream.write("\n]\n")
    return counts, referenced


class _HashingReader:
    """Passes a file through to tarfile while hashing what goes by."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _add_bytes(tar: tarfile.TarFile, name: str, handle, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, handle)


def _archive_path(output: Path, now: datetime.datetime) -> Path:
    if output.suffixes[-2:] == [".tar", ".gz"]:
        output.parent.mkdir(parents=True, exist_ok=True)
        return output
    output.mkdir(parents=True, exist_ok=True)
    return output / f"kendali-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def backup(output: Path | str, *, using: str = DEFAULT_DB_ALIAS, storage=None) -> BackupResult:
    """Write a backup archive to `output` (a folder, or a path ending in .tar.gz)."""
    storage = storage or default_storage
    connection = connections[using]
    now = timezone.localtime()
    path = _archive_path(Path(output), now)
    if path.exists():
        raise BackupError(f"{path} sudah ada; cadangan tidak menimpa berkas lain.")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a run that was killed

    with tempfile.TemporaryFile(dir=path.parent) as data:
        # One snapshot of every table: on PostgreSQL a repeatable-read transaction (when
        # this is the outermost one), on SQLite the read transaction itself.
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            text = io.TextIOWrapper(data, encoding="utf-8", newline="\n")
            counts, referenced = _write_rows(text, using)
            text.flush()
            text.detach()
            migrations = applied_migrations(using)
        data_size = data.tell()
        data.seek(0)
        data_sha256, _ = _sha256_of(data)
        data.seek(0)

        # The archive holds personal data (NIK, addresses): readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                # PDFs and scans are compressed already: a middle level is as small, and faster.
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                _add_bytes(tar, DATA, data, data_size)
                files = {}
                stored = stored_names(storage)
                # Only the files the rows name: what a killed step left behind is no record.
                left_out = sorted(set(stored) - referenced)
                for name in (name for name in stored if name in referenced):
                    size = storage.size(name)
                    with storage.open(name, "rb") as handle:
                        reader = _HashingReader(handle)
                        _add_bytes(tar, FILES + name, reader, size)
                    files[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}
                missing = sorted(referenced - files.keys())
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": now.isoformat(),
                    "kendali_version": kendali_version(),
                    "database": {"vendor": connection.vendor, "alias": using},
                    "storage": f"{storage.__class__.__module__}.{storage.__class__.__qualname__}",
                    "migrations": migrations,
                    "counts": counts,
                    "data": {"name": DATA, "sha256": data_sha256, "size": data_size},
                    "files": files,
                    # Named by a row but absent from the storage when the backup ran.
                    "missing_files": missing,
                    # In the storage but named by no row (manage.py remove_unreferenced_files).
                    "unreferenced_files_left_out": left_out,
                }
                encoded = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                _add_bytes(tar, MANIFEST, io.BytesIO(encoded), len(encoded))
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=path, manifest=manifest, missing_files=missing)


# --- Restore ---------------------------------------------------------------------------------


def _members(tar: tarfile.TarFile):
    """The archive's members, refusing anything a backup never writes."""
    for member in tar:
        name = member.name
        if not member.isfile():
            raise BackupError(f"Arsip berisi entri yang bukan berkas biasa: {name}.")
        if name not in (MANIFEST, DATA) and not name.startswith(FILES):
            raise BackupError(f"Arsip berisi entri yang tidak dikenal: {name}.")
        if name.startswith("/") or ".." in PurePosixPath(name).parts or "\\" in name:
            raise BackupError(f"Arsip berisi nama berkas yang tidak aman: {name}.")
        yield member


def _open_archive(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"Arsip cadangan {path} tidak ditemukan.")
    try:
        return tarfile.open(path, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise BackupError(f"Arsip {path} tidak dapat dibaca: {err}.") from None


def verify_archive(path: Path | str) -> dict:
    """Read the whole archive and check every hash against its manifest; return the manifest.

    Raises BackupError naming the first entry that does not match.
    """
    path = Path(path)
    seen: dict[str, tuple[str, int]] = {}
    manifest = None
    try:
        with _open_archive(path) as tar:
            for member in _members(tar):
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read().decode())
                else:
                    seen[member.name] = _sha256_of(handle)
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as err:
        raise BackupError(f"Arsip {path} rusak atau terpotong: {err}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} bukan arsip cadangan Kendali (manifest.json tidak ada).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Versi format cadangan {manifest.get('format_version')} tidak didukung "
            f"(yang didukung: {FORMAT_VERSION})."
        )
    required = ("created_at", "kendali_version", "migrations", "counts", "data", "files")
    if any(key not in manifest for key in required):
        raise BackupError(f"Manifes arsip {path} tidak lengkap.")
    manifest.setdefault("missing_files", [])

    expected = {DATA: manifest["data"]} | {FILES + n: e for n, e in manifest["files"].items()}
    for name, entry in expected.items():
        if name not in seen:
            raise BackupError(f"Arsip tidak lengkap: {name} tercatat di manifes tetapi tidak ada.")
        sha256, size = seen[name]
        if (sha256, size) != (entry["sha256"], entry["size"]):
            raise BackupError(
                f"Isi {name} tidak cocok dengan manifes (SHA-256 berbeda): "
                "arsip rusak atau telah diubah. Pemulihan dibatalkan."
            )
    extra = sorted(seen.keys() - expected.keys())
    if extra:
        raise BackupError(f"Arsip berisi berkas yang tidak tercatat di manifes: {extra[0]}.")
    return manifest


def _refuse_unless_fresh(manifest: dict, using: str, storage) -> None:
    """Refuse before anything is written: wrong schema, a working database, clashing files."""
    migrations = applied_migrations(using)
    if migrations != manifest["migrations"]:
        missing = sorted(set(manifest["migrations"]) - set(migrations))
        extra = sorted(set(migrations) - set(manifest["migrations"]))
        raise BackupError(
            "Migrasi basis data tujuan berbeda dengan basis data saat cadangan dibuat "
            f"(Kendali {manifest['kendali_version']}). Belum diterapkan: {missing or '-'}; "
            f"tidak ada di cadangan: {extra or '-'}. Pasang versi Kendali yang sama, jalankan "
            "`manage.py migrate`, pulihkan, lalu perbarui."
        )
    found = []
    for label in RECORD_MODELS:
        model = apps.get_model(label)
        count = model._base_manager.using(using).count()
        if count:
            found.append(f"{count} {model._meta.verbose_name_plural}")
    if found:
        raise BackupError(
            f"Basis data tujuan tidak kosong: sudah berisi {', '.join(found)}. Pemulihan hanya "
            "dilakukan ke basis data baru: buat basis data kosong, jalankan "
            "`manage.py migrate`, lalu ulangi. Tidak ada yang diubah."
        )
    for name, entry in manifest["files"].items():
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                if _sha256_of(handle)[0] != entry["sha256"]:
                    raise BackupError(
                        f"Penyimpanan berkas tujuan sudah berisi {name} dengan isi lain. "
                        "Pulihkan ke penyimpanan kosong. Tidak ada yang diubah."
                    )


def _load_rows(tar_path: Path, using: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "kendali-backup.json"
        with _open_archive(tar_path) as tar, fixture.open("wb") as out:
            for member in _members(tar):
                if member.name == DATA:
                    handle = tar.extractfile(member)
                    while chunk := handle.read(CHUNK):
                        out.write(chunk)
                    break
        # What migrate seeded (the standard, the groups, the allowances) gives way to the
        # backup's rows; post_migrate puts back the content types and permissions, to which
        # the rows refer by natural key.
        call_command("flush", interactive=False, database=using, verbosity=0)
        call_command("loaddata", str(fixture), database=using, verbosity=0)


def _check_rows(manifest: dict, using: str) -> dict[str, int]:
    counts = {}
    for label, expected in manifest["counts"].items():
        model = apps.get_model(label)
        counts[label] = model._base_manager.using(using).count()
        if counts[label] != expected:
            raise BackupError(
                f"Jumlah baris {label} setelah pemulihan {counts[label]}, "
                f"di cadangan {expected}. Pemulihan dibatalkan."
            )
    for number, name, sha256 in (
        Permit.objects.using(using).exclude(pdf="").values_list("number", "pdf", "pdf_sha256")
    ):
        entry = manifest["files"].get(name)
        if entry is None and name in manifest["missing_files"]:
            continue  # reported by the command; the rest of the office still comes back
        if entry is None:
            raise BackupError(f"Dokumen izin {number} ({name}) tidak ada di cadangan.")
        if sha256 and entry["sha256"] != sha256:
            raise BackupError(
                f"Dokumen izin {number} di cadangan tidak sama dengan SHA-256 yang tercatat "
                "saat izin ditandatangani. Pemulihan dibatalkan."
            )
    return counts


def _write_files(tar_path: Path, manifest: dict, storage, written: list[str]) -> int:
    """Save every file into the storage and read it back against the manifest."""
    total = 0
    with _open_archive(tar_path) as tar:
        for member in _members(tar):
            if not member.name.startswith(FILES):
                continue
            name = member.name.removeprefix(FILES)
            entry = manifest["files"][name]
            if not storage.exists(name):  # an identical copy is already there (checked)
                saved = storage.save(name, File(tar.extractfile(member), name=name))
                written.append(saved)
                if saved != name:
                    raise BackupError(f"Penyimpanan menyimpan {name} sebagai {saved}.")
            with storage.open(name, "rb") as handle:
                sha256, size = _sha256_of(handle)
            if sha256 != entry["sha256"]:
                raise BackupError(f"Berkas {name} yang tersimpan tidak cocok dengan manifes.")
            total += size
    return total


def restore(
    path: Path | str, *, using: str = DEFAULT_DB_ALIAS, storage=None, check_only: bool = False
) -> RestoreResult:
    """Restore an archive into a freshly migrated database and an empty storage."""
    path = Path(path)
    storage = storage or default_storage
    manifest = verify_archive(path)
    if check_only:
        return RestoreResult(manifest, dict(manifest["counts"]), len(manifest["files"]), 0)
    _refuse_unless_fresh(manifest, using, storage)
    written: list[str] = []
    try:
        with transaction.atomic(using=using):
            _load_rows(path, using)
            counts = _check_rows(manifest, using)
            total = _write_files(path, manifest, storage, written)
    except BaseException:
        # The rows are rolled back; take back the files this run wrote as well.
        for name in written:
            storage.delete(name)
        raise
    return RestoreResult(
        manifest, counts, len(manifest["files"]), total, list(manifest["missing_files"])
    )
