"""Stored files that never outlive the rows that name them.

Three guarantees, for every storage (the local folder or an S3 bucket):

- `save_whole` writes a file completely or not at all: a full disk or a read-only storage
  raises `StorageFailure` (with a message for the officer) and leaves no partial file.
- `removed_unless_committed` takes away the files saved inside it when the block raises, so
  a step that rolls back (a failing commit included) leaves no file behind.
- `unreferenced` finds the files no row of any model refers to (what a process killed
  between writing a file and committing leaves); `manage.py remove_unreferenced_files`
  removes them after a grace period, and backups leave them out.
"""

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import timezone

logger = logging.getLogger(__name__)

# Files saved inside the innermost `removed_unless_committed` block: (storage, name).
_saved: ContextVar[list | None] = ContextVar("kendali_saved_files", default=None)


class StorageFailure(Exception):
    """A file could not be written whole; the message is for the officer (Indonesian)."""


def save_whole(field_file, name: str, data: bytes) -> str:
    """Save `data` as `field_file` (not saving its row); returns the stored name.

    On any failure nothing is left under the name, and StorageFailure says why.
    When a file already has the name (a new version of a stored document), the new one gets
    a name of its own, chosen before writing, so that a failure removes what was written
    under it and leaves the existing file (and `field_file`'s name) as they were.
    """
    storage = field_file.storage
    target = field_file.field.generate_filename(field_file.instance, name)
    existed = storage.exists(target)
    previous = field_file.name
    if existed:
        target = storage.get_available_name(target, max_length=field_file.field.max_length)
    try:
        if existed:
            stored = storage.save(target, ContentFile(data), max_length=field_file.field.max_length)
            field_file.name = stored
            setattr(field_file.instance, field_file.field.attname, stored)
            field_file._committed = True
        else:
            field_file.save(name, ContentFile(data), save=False)
            stored = field_file.name
        if storage.size(stored) != len(data):
            raise OSError(f"{stored}: {storage.size(stored)} byte tertulis dari {len(data)}")
    except OSError as err:
        logger.exception("Berkas %s tidak dapat disimpan utuh.", target)
        if existed:
            written = target
            field_file.name = previous
            setattr(field_file.instance, field_file.field.attname, previous)
        else:
            written = field_file.name or target
            field_file.name = None
        delete_quietly(storage, written)
        raise StorageFailure(_reason(err)) from err
    _remember(storage, stored)
    return stored


def _reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "Penyimpanan berkas tidak dapat ditulis (hanya baca atau tanpa izin tulis)."
    if getattr(err, "errno", None) == errno.ENOSPC:
        return "Penyimpanan berkas penuh."
    return "Penyimpanan berkas gagal menulis dokumen."


@contextmanager
def removed_unless_committed() -> Iterator[None]:
    """Delete the files `save_whole` saved inside this block if the block raises.

    Put it outside the transaction (`with removed_unless_committed(), transaction.atomic():`)
    so that a failing commit counts too.
    """
    saved: list = []
    token = _saved.set(saved)
    try:
        yield
    except BaseException:
        for storage, name in reversed(saved):
            delete_quietly(storage, name)
        raise
    finally:
        _saved.reset(token)


def _remember(storage, name: str) -> None:
    saved = _saved.get()
    if saved is not None:
        saved.append((storage, name))


def delete_quietly(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        # The unreferenced-files sweep removes it later.
        logger.exception("Berkas %s tidak dapat dihapus.", name)


# --- files that no row names -----------------------------------------------------------


def stored_names(storage=None, path: str = "") -> list[str]:
    """Every file name in the storage (the local folder or the bucket), sorted."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a local storage whose folder was never created
        return []
    found = [f"{path}/{name}" if path else name for name in files]
    for directory in dirs:
        found.extend(stored_names(storage, f"{path}/{directory}" if path else directory))
    return sorted(found)


def referenced_names(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Every file name held by a file field of any row, in every installed app."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in fields:
            values = model._base_manager.using(using).exclude(**{field: ""})
            names.update(values.values_list(field, flat=True).iterator(chunk_size=2000))
    names.discard(None)
    return names


@dataclass(frozen=True)
class Unreferenced:
    name: str
    modified: datetime | None


def unreferenced(
    *, storage=None, using: str = DEFAULT_DB_ALIAS, older_than: timedelta = timedelta(0)
) -> list[Unreferenced]:
    """Stored files no row names and last written more than `older_than` ago.

    The grace period spares a file written by a step whose transaction has not committed
    yet; a step never takes an hour.
    """
    storage = storage or default_storage
    named = referenced_names(using)
    cutoff = timezone.now() - older_than
    found = []
    for name in stored_names(storage):
        if name in named:
            continue
        modified = storage.get_modified_time(name)
        if modified <= cutoff:
            found.append(Unreferenced(name, modified))
    return found
