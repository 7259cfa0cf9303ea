"""Bagian Umum numbers a batch of signed files in the background (issue 15).

`start` records the batch and its items in the order chosen and queues `number_next` once
committed. Each run of `number_next` takes the first waiting item: it first records the
attempt (committed, so a worker killed in the middle is seen by the next run), then takes
the file's "number" step through `permits.services.perform_transition` (number, render,
PAdES signature, control card, notices) together with the item's outcome in one transaction,
and queues the next run. So an item is numbered and done, or still waiting with nothing
written: a file that fails consumes no number and the others go on; numbers follow the
order chosen because one item runs at a time.

Safe to run twice: a second run on the same item finds the file numbered and the item done.
A run lost with a killed worker is put back in the queue by the worker's recovery
(office/worker.py) or by `sweep`, a periodic job (settings.PERIODIC_JOBS).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from permits import services
from permits.models import Application, BatchItem, NumberingBatch
from permits.selectors import BULK_LIMIT, in_running_batch
from workflow.table import TRANSITIONS, Bulk

logger = logging.getLogger("kendali.batches")

# The step a batch takes: numbering, which renders and signs each permit.
STEP = next(spec for spec in TRANSITIONS.values() if spec.bulk == Bulk.BATCH)
# A batch with no run queued for this long (and not finished) is queued again.
LOST_AFTER = timedelta(minutes=2)
# A file whose numbering was cut off this many times (the worker died on it each time) is
# set aside as failed, so one bad file cannot hold the batch for ever.
MAX_ATTEMPTS = 3
INTERRUPTED_TOO_OFTEN = (
    "Penomoran berkas ini terputus {n} kali (pekerja latar belakang berhenti). Berkas "
    "dilewati tanpa memakai nomor; periksa log server, lalu beri nomor dari halaman berkas."
)
UNEXPECTED = (
    "Terjadi kesalahan sistem saat memberi nomor; tidak ada nomor yang terpakai. Periksa "
    "log server, lalu ulangi."
)


@dataclass(frozen=True)
class Started:
    batch: NumberingBatch
    # (registration number, why) of the files ticked that could not join the batch.
    skipped: list[tuple[str, str]]


def start(*, application_ids: list[int], actor) -> Started:
    """A new batch of the signed files among `application_ids`, numbered in that order."""
    if not services.may_perform(actor, STEP):
        raise PermissionDenied("Peran Anda tidak berwenang memberi nomor izin.")
    ids = list(dict.fromkeys(application_ids))[:BULK_LIMIT]
    with transaction.atomic():
        files = {
            a.pk: a
            for a in Application.objects.filter(pk__in=ids).only("status", "registration_number")
        }
        queued = set(
            in_running_batch()
            .filter(application_id__in=ids)
            .values_list("application_id", flat=True)
        )
        chosen, skipped = [], []
        for pk in ids:
            application = files.get(pk)
            if application is None:
                skipped.append(("—", "Berkas tidak ditemukan."))
            elif application.status != STEP.sources[0]:
                skipped.append(
                    (
                        application.registration_number,
                        f"Berstatus \u201c{application.get_status_display()}\u201d, "
                        "bukan menunggu nomor.",
                    )
                )
            elif pk in queued:
                skipped.append(
                    (application.registration_number, "Sudah ada di penomoran lain yang berjalan.")
                )
            else:
                chosen.append(pk)
        if not chosen:
            raise services.TransitionError(
                "Tidak ada berkas terpilih yang dapat diberi nomor."
                if ids
                else "Pilih minimal satu berkas."
            )
        batch = NumberingBatch.objects.create(started_by=actor)
        BatchItem.objects.bulk_create(
            BatchItem(batch=batch, application_id=pk, position=position)
            for position, pk in enumerate(chosen, start=1)
        )
        transaction.on_commit(lambda: queue(batch.pk))
    logger.info("Penomoran #%s dimulai: %s berkas", batch.pk, len(chosen))
    return Started(batch, skipped)


def retry_failed(batch: NumberingBatch, *, actor) -> Started:
    """A new batch of the batch's failed files that still wait for their number."""
    failed = list(
        batch.items.filter(
            state=BatchItem.State.FAILED, application__status=STEP.sources[0]
        ).values_list("application_id", flat=True)
    )
    return start(application_ids=failed, actor=actor)


@task()
def number_next(batch_id: int) -> str:
    if not number_next.get_backend().supports_defer:
        # A backend that runs tasks inline (the tests' immediate one): the whole batch in
        # this call, not a chain of nested calls.
        while run_one(batch_id):
            pass
        return "selesai"
    if run_one(batch_id):
        queue(batch_id)
        return "lanjut"
    return "selesai"


def queue(batch_id: int) -> None:
    NumberingBatch.objects.filter(pk=batch_id).update(queued_at=timezone.now())
    try:
        number_next.enqueue(batch_id)
    except Exception:
        # The queue is unreachable: the sweep queues the batch again later.
        logger.exception("Penomoran #%s tidak dapat diantrekan.", batch_id)


def run_one(batch_id: int) -> bool:
    """Number the first waiting item of the batch. True while items remain."""
    with transaction.atomic():
        item = (
            BatchItem.objects.select_for_update()
            .filter(batch_id=batch_id, state=BatchItem.State.WAITING)
            .order_by("position")
            .first()
        )
        if item is None:
            NumberingBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(
                finished_at=timezone.now()
            )
            return False
        if item.attempts >= MAX_ATTEMPTS:
            _fail(item, INTERRUPTED_TOO_OFTEN.format(n=item.attempts))
            return True
        item.attempts += 1
        item.save(update_fields=["attempts"])
    batch = NumberingBatch.objects.select_related("started_by").get(pk=batch_id)
    try:
        with transaction.atomic():
            application = services.perform_transition(
                application_id=item.application_id,
                name=STEP.name,
                actor=batch.started_by,
                expected_status=STEP.sources[0],
            )
            BatchItem.objects.filter(pk=item.pk, state=BatchItem.State.WAITING).update(
                state=BatchItem.State.DONE,
                permit_number=application.permit.number,
                error="",
                finished_at=timezone.now(),
            )
    except services.TransitionError as err:
        _fail(item, err.message)
    except PermissionDenied as err:
        _fail(item, str(err))
    except DatabaseError:
        # The database itself failed (locked, gone): the item waits for the next run.
        raise
    except Exception:
        logger.exception("Penomoran #%s, berkas %s gagal.", batch_id, item.application_id)
        _fail(item, UNEXPECTED)
    return True


def _fail(item: BatchItem, reason: str) -> None:
    """The item failed, unless another run has meanwhile numbered it."""
    BatchItem.objects.filter(pk=item.pk, state=BatchItem.State.WAITING).update(
        state=BatchItem.State.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def sweep(*, now: datetime | None = None) -> int:
    """Queue again the unfinished batches whose run seems lost."""
    stale = (now or timezone.now()) - LOST_AFTER
    lost = list(
        NumberingBatch.objects.filter(finished_at__isnull=True)
        .filter(Q(queued_at__lt=stale) | Q(queued_at__isnull=True, started_at__lt=stale))
        .values_list("pk", flat=True)[:100]
    )
    for pk in lost:
        queue(pk)
    return len(lost)
