"""Building a long export in the background (ADR 0011): the row says what, the task builds it.

`build_export` is safe to run twice: it does nothing for an export already ready, and one left
"diproses" by a worker that was killed is built again from the start. The file is built whole
in memory first and saved with its row in one transaction, so a failure leaves no file and a
kill between the two leaves only an unnamed file for `remove_unreferenced_files`.
"""

import logging
from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from complaints import exports as complaint_exports
from office.files import StorageFailure, removed_unless_committed, save_whole
from office.indonesian import MONTHS
from permits.models import Service
from supervision import exports
from supervision.models import Export, ExportFormat, ExportKind, ExportStatus

logger = logging.getLogger("kendali.supervision")

FAILED = "Ekspor gagal disusun ({error}). Coba lagi; bila terulang, hubungi administrator."
NOT_QUEUED = "Antrean tugas latar belakang tidak dapat dihubungi. Coba lagi nanti."
TITLES = {ExportKind.FILES: "Berkas", ExportKind.IKM: "Laporan IKM"}


def _short_date(day: date) -> str:
    """1 Jan 2026: written out here so a title never depends on the active locale."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def title(kind: str, fmt: str, start: date, end: date, service: Service | None) -> str:
    scope = f", {service.name}" if service else ""
    period = f"{_short_date(start)} – {_short_date(end)}"
    return f"{TITLES[kind]} {period}{scope} ({ExportFormat(fmt).label})"


def queue(user, kind: str, fmt: str, start: date, end: date, *, service: Service | None) -> Export:
    """Record the export asked for; its task is queued once the row is committed."""
    export = Export.objects.create(
        requested_by=user,
        kind=kind,
        format=fmt,
        parameters={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "service": service.pk if service else None,
        },
        title=title(kind, fmt, start, end, service)[:200],
    )
    transaction.on_commit(partial(enqueue, export.pk))
    return export


@task()
def build_export(export_id: int) -> str:
    return run(export_id)


def enqueue(export_id: int) -> None:
    """Queue the export's task; with no queue to take it, say so on the row at once."""
    try:
        build_export.enqueue(export_id)
    except Exception:
        logger.exception("Ekspor %s tidak dapat diantrekan.", export_id)
        _fail(export_id, NOT_QUEUED)


def run(export_id: int) -> str:
    """Build the export once, unless it is ready. Returns what happened (for the task log)."""
    export = _start(export_id)
    if export is None:
        return "tidak ada yang dikerjakan"
    try:
        built, filename = _build(export)
        with removed_unless_committed(), transaction.atomic():
            return _finish(export_id, built, filename)
    except StorageFailure as error:  # already logged by save_whole, in words for the officer
        _fail(export_id, str(error))
    except Exception as error:
        logger.exception("Ekspor %s (%s) gagal disusun.", export_id, export.kind)
        _fail(export_id, FAILED.format(error=type(error).__name__))
    return "gagal"


def _start(export_id: int) -> Export | None:
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status == ExportStatus.READY:
            return None
        export.status = ExportStatus.RUNNING
        export.error = ""
        export.save(update_fields=["status", "error"])
    return export


def _build(export: Export) -> tuple[exports.Built, str]:
    """The bytes and the file name the direct download gives for the same period."""
    params = export.parameters
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    service = Service.objects.get(pk=params["service"]) if params.get("service") else None
    if export.kind == ExportKind.IKM:
        report, pdf = complaint_exports.period_pdf(start, end, service=service)
        return exports.Built(pdf, report.respondents), complaint_exports.filename(report, "pdf")
    built = exports.content("berkas", export.format, start, end, service=service)
    return built, exports.filename("berkas", export.format, start, end, service)


def _finish(export_id: int, built: exports.Built, filename: str) -> str:
    export = Export.objects.select_for_update().get(pk=export_id)
    if export.status == ExportStatus.READY:  # a second run finished first: keep its file
        return "sudah siap"
    save_whole(export.file, filename, built.data)
    export.filename = filename
    export.status = ExportStatus.READY
    export.row_count = built.rows
    export.error = ""
    export.finished_at = timezone.now()
    export.save()
    return "siap"


def _fail(export_id: int, error: str) -> None:
    Export.objects.filter(pk=export_id).exclude(status=ExportStatus.READY).update(
        status=ExportStatus.FAILED, error=error[:500], finished_at=timezone.now()
    )
