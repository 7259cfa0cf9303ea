"""The renewal of document timestamps, a periodic job of the worker (settings.PERIODIC_JOBS).

A B-LTA file (permits/signing/ltv.py) stays verifiable as long as its last document
timestamp can be validated, that is until the certificate of the TSA that made it expires.
Before then (KENDALI_TIMESTAMP_RENEWAL_DAYS, 90 days by default) every stored document whose
`timestamp_expires_at` falls within the margin gets fresh validation data for that timestamp
and a new document timestamp (`ltv.add_document_timestamp`), and is stored again whole.

The documents are rows of the models in `MODELS`, each with the same four fields: `pdf` (the
file), `pdf_sha256`, `pdf_size` and `timestamp_expires_at`. One line adds a model.

Per row, in one transaction, with the row locked (`select_for_update(skip_locked=True)`: a
second worker skips the rows the first one holds, and a row renewed meanwhile is no longer
due when it gets the lock):

1. the stored bytes are read and must match `pdf_sha256` (a file that does not is left
   alone, and logged);
2. the new bytes are written under a new name with `save_whole` (whole or not at all);
3. the row gets the new name, SHA-256, size and `timestamp_expires_at`; the old file is
   deleted only once that is committed.

Any failure (TSA or revocation service down, storage full) leaves the old file and the row as
they were, and the new file is removed (`removed_unless_committed`). A renewal that would not
move the expiry forward (the TSA still signs with the same certificate) writes nothing. So
running twice changes nothing the second time. `sweep` runs `renew_due` at most once every
RUN_EVERY, so the heartbeat (every few seconds) does not call the TSA each time.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from office.files import StorageFailure, delete_quietly, removed_unless_committed, save_whole
from permits.signing import ltv
from permits.signing.base import SigningError

logger = logging.getLogger("kendali.renewal")

# Models whose rows keep a long-term signed PDF: `pdf`, `pdf_sha256`, `pdf_size`,
# `timestamp_expires_at`.
MODELS = [
    "permits.Permit",
    "permits.Letter",
]
RUN_EVERY = timedelta(hours=1)
CACHE_KEY = "kendali:timestamp-renewal:last-run"


@dataclass
class RenewalRun:
    renewed: list[str] = field(default_factory=list)  # "app.Model:pk"
    failed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # nothing to gain, or the file mismatch


def margin() -> timedelta:
    return timedelta(days=settings.KENDALI_TIMESTAMP_RENEWAL_DAYS)


def due(model, *, now: datetime | None = None):
    """The rows of `model` whose last timestamp expires within the margin."""
    limit = (now or timezone.now()) + margin()
    return model._default_manager.filter(
        timestamp_expires_at__isnull=False, timestamp_expires_at__lte=limit
    ).exclude(pdf="")


def sweep() -> RenewalRun | None:
    """The periodic job: `renew_due()`, at most once every RUN_EVERY (for all workers)."""
    if not settings.KENDALI_TSA_URL:
        return None
    if not cache.add(CACHE_KEY, timezone.now().isoformat(), timeout=RUN_EVERY.total_seconds()):
        return None
    return renew_due()


def renew_due(*, now: datetime | None = None, models: list[str] | None = None) -> RenewalRun:
    """Renew every due row of every model in `models` (default MODELS)."""
    run = RenewalRun()
    now = now or timezone.now()
    for label in models or MODELS:
        model = apps.get_model(label)
        for pk in list(
            due(model, now=now).order_by("timestamp_expires_at").values_list("pk", flat=True)
        ):
            name = f"{label}:{pk}"
            try:
                outcome = renew(model, pk, now=now)
            except (SigningError, StorageFailure) as err:
                logger.warning(
                    "Cap waktu dokumen %s belum dapat diperbarui: %s",
                    name,
                    getattr(err, "message", err),
                )
                run.failed.append(name)
                continue
            except Exception:
                logger.exception("Cap waktu dokumen %s gagal diperbarui.", name)
                run.failed.append(name)
                continue
            (run.renewed if outcome else run.unchanged).append(name)
    if run.renewed or run.failed:
        logger.info(
            "Pembaruan cap waktu dokumen: %d diperbarui, %d gagal, %d tanpa perubahan.",
            len(run.renewed),
            len(run.failed),
            len(run.unchanged),
        )
    return run


def renew(model, pk, *, now: datetime | None = None) -> bool:
    """Renew one row if it is still due and nobody else holds it; True if it was renewed.

    Raises SigningError or StorageFailure when renewing fails (nothing is changed then).
    """
    with removed_unless_committed(), transaction.atomic():
        row = due(model, now=now).select_for_update(skip_locked=True).filter(pk=pk).first()
        if row is None:
            return False  # renewed meanwhile, or another worker holds it
        field_file = row.pdf
        with field_file.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != (row.pdf_sha256 or "").strip().lower():
            logger.error(
                "Berkas %s tidak cocok dengan SHA-256 yang tercatat; cap waktunya tidak "
                "diperbarui.",
                field_file.name,
            )
            return False
        result = ltv.add_document_timestamp(data)
        if result.timestamp_expires_at is None or (
            row.timestamp_expires_at is not None
            and result.timestamp_expires_at <= row.timestamp_expires_at
        ):
            logger.warning(
                "Sertifikat TSA belum diperbarui (berlaku s.d. %s): cap waktu dokumen %s tidak "
                "ditambahkan.",
                result.timestamp_expires_at,
                field_file.name,
            )
            return False
        old_name = field_file.name
        storage = field_file.storage
        save_whole(field_file, old_name.rsplit("/", 1)[-1], result.pdf)
        row.pdf_sha256 = hashlib.sha256(result.pdf).hexdigest()
        row.pdf_size = len(result.pdf)
        row.timestamp_expires_at = result.timestamp_expires_at
        row.save(update_fields=["pdf", "pdf_sha256", "pdf_size", "timestamp_expires_at"])
        transaction.on_commit(lambda: delete_quietly(storage, old_name))
    return True
