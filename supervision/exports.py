"""Exports of the supervision figures and of the files behind them, as CSV and XLSX.

The CSV streams row by row (StreamingHttpResponse over a server-side iterator), so a
long period never builds the whole file in memory. The XLSX is written by openpyxl in
write-only mode to a temporary file, then streamed from it. CSV cells use the
Indonesian conventions a spreadsheet here expects: ";" between cells, "," before
decimals, and a byte-order mark so that the letters come out right.

`response` answers a request; `content` gives the same bytes to the background export
(supervision/tasks.py). Both go through `sheets`, `csv_lines` and `write_xlsx`.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from typing import BinaryIO

from django.db.models import Q
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from office.calendar import WorkingCalendar, load_calendar
from permits.models import Application, Service
from supervision.figures import Figures
from supervision.figures import figures as period_figures
from tracking.deadlines import deadline_of
from tracking.tallies import Metric
from workflow.table import Status, position

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

Row = list


def hours(value: timedelta | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.total_seconds()) / 3600).quantize(Decimal("0.01"))


def percent(share: float | None) -> Decimal | None:
    if share is None:
        return None
    return (Decimal(share) * 100).quantize(Decimal("0.1"))


# --- what goes in ----------------------------------------------------------------------


def figure_sheets(figures: Figures) -> list[tuple[str, list[Row]]]:
    t = figures.totals
    summary = [
        ["Uraian", "Nilai"],
        ["Periode dari", figures.start],
        ["Periode sampai", figures.end],
        ["Layanan", figures.service.name if figures.service else "Semua layanan"],
        [
            "Jangka waktu layanan (hari kerja)",
            figures.service_days if figures.service else "Sesuai standar masing-masing layanan",
        ],
        ["Berkas didaftarkan", t[Metric.REGISTERED]],
        ["Tanda terima diterbitkan (berkas diterima lengkap)", t[Metric.RECEIPTED]],
        ["Izin terbit (diberi nomor)", t[Metric.READY]],
        ["Izin terbit dalam jangka waktu", t[Metric.READY_ON_TIME]],
        ["Persentase tepat waktu", percent(figures.on_time_share)],
        ["Ditolak", t[Metric.REJECTED]],
        ["Dicabut", t[Metric.WITHDRAWN]],
        ["Dikembalikan kepada pemohon", t[Metric.RETURNED]],
        ["Draf dikembalikan ke back office", t[Metric.SENT_BACK]],
        ["Izin diserahkan", t[Metric.HANDED_OVER]],
        ["Dalam proses saat ini", figures.open_total],
        ["Terlambat saat ini", figures.overdue_total],
    ]
    times = [
        [
            "Langkah",
            "Uraian",
            "Jumlah",
            "Median (jam)",
            "Persentil 90 (jam)",
            "Batas waktu (jam)",
            "Dalam batas (%)",
        ]
    ]
    for s in [*figures.step_times, figures.overall]:
        times.append(
            [
                s.step or "Keseluruhan",
                s.title,
                s.count,
                hours(s.median),
                hours(s.p90),
                hours(s.allowance),
                percent(s.within_allowance),
            ]
        )
    months = [["Bulan", "Didaftarkan", "Tanda terima", "Izin terbit", "Tepat waktu"]]
    months += [
        [m.month.strftime("%Y-%m"), m.registered, m.receipted, m.ready, m.ready_on_time]
        for m in figures.months
    ]
    in_progress = [["Langkah", "Uraian", "Di kantor", "Di pemohon"]]
    in_progress += [[s.step, s.title, s.with_office, s.with_applicant] for s in figures.open_steps]
    return [
        ("Ringkasan", summary),
        ("Waktu per langkah", times),
        ("Tren bulanan", months),
        ("Dalam proses", in_progress),
    ]


FILE_HEADER = [
    "No. registrasi",
    "Layanan",
    "Perusahaan",
    "NIB",
    "Pemohon",
    "Status",
    "Langkah sekarang",
    "Didaftarkan",
    "Tanda terima",
    "Jatuh tempo",
    "Selesai atau dihentikan",
    "Keadaan tenggat",
    "Hari kerja terpakai",
    "Jangka waktu (hari kerja)",
    "Waktu kerja (jam)",
    "Tepat waktu",
    "Kali di pemohon",
]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def period_files(start: date, end: date, *, service: Service | None = None):
    """Files registered, receipted, or finished in the period, oldest first."""
    since, until = _bounds(start, end)
    files = Application.objects.filter(
        Q(created_at__gte=since, created_at__lt=until)
        | Q(clock__received_at__gte=since, clock__received_at__lt=until)
        | Q(clock__stopped_at__gte=since, clock__stopped_at__lt=until)
    )
    if service is not None:
        files = files.filter(standard__service=service)
    return files.select_related("applicant", "clock", "standard__service").order_by(
        "created_at", "pk"
    )


def file_rows(
    start: date,
    end: date,
    *,
    service: Service | None = None,
    calendar: WorkingCalendar | None = None,
) -> Iterator[Row]:
    calendar = calendar or load_calendar()
    now = timezone.now()
    yield FILE_HEADER
    for application in period_files(start, end, service=service).iterator(chunk_size=2000):
        clock = getattr(application, "clock", None)
        deadline = deadline_of(clock, calendar=calendar, now=now)
        within = getattr(clock, "within_sla", None)
        yield [
            application.registration_number,
            application.standard.service.name,
            application.company_name,
            application.nib,
            application.applicant.name,
            Status(application.status).label,
            position(application.status)[1],
            application.created_at,
            getattr(clock, "received_at", None),
            deadline.due_on,
            getattr(clock, "stopped_at", None),
            deadline.label,
            deadline.days_used,
            deadline.service_days,
            hours(deadline.working_time),
            None if within is None else ("Ya" if within else "Tidak"),
            getattr(clock, "pause_count", 0),
        ]


# --- how it goes out ---------------------------------------------------------------------


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(sections: Iterable[Iterable[Row]]) -> Iterator[str]:
    """The CSV text, line by line; several sections are separated by an empty line."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for i, rows in enumerate(sections):
        if i:
            yield "\r\n"
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])


def csv_response(sections: Iterable[Iterable[Row]], filename: str) -> StreamingHttpResponse:
    """One CSV; several sections are separated by an empty line."""
    response = StreamingHttpResponse(csv_lines(sections), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_xlsx(sheets: Iterable[tuple[str, Iterable[Row]]], out: BinaryIO) -> None:
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    workbook.save(out)


def xlsx_response(sheets: Iterable[tuple[str, Iterable[Row]]], filename: str) -> FileResponse:
    # Closed by FileResponse once sent.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(sheets, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


# --- one export, for the request or for the background task ----------------------------


def filename(what: str, fmt: str, start: date, end: date, service: Service | None) -> str:
    scope = f"-{service.code}" if service else ""
    kind = "pengawasan" if what == "angka" else "berkas"
    return f"kendali-{kind}{scope}-{start}-{end}.{fmt}"


def sheets(
    what: str, start: date, end: date, *, service: Service | None = None
) -> list[tuple[str, Iterable[Row]]]:
    """What goes in: "angka" (the period's figures) or "berkas" (one row per file)."""
    if what == "angka":
        return figure_sheets(period_figures(start, end, service=service))
    return [("Berkas", file_rows(start, end, service=service))]


def response(what: str, fmt: str, start: date, end: date, *, service: Service | None = None):
    found = sheets(what, start, end, service=service)
    name = filename(what, fmt, start, end, service)
    if fmt == "csv":
        return csv_response([rows for _title, rows in found], name)
    return xlsx_response(found, name)


@dataclass(frozen=True)
class Built:
    data: bytes
    rows: int  # rows under the headings


def content(
    what: str, fmt: str, start: date, end: date, *, service: Service | None = None
) -> Built:
    """The bytes `response` sends, whole (the background export saves them as one file)."""
    written = 0

    def counted(rows: Iterable[Row]) -> Iterator[Row]:
        nonlocal written
        for row in rows:
            written += 1
            yield row

    found = [(title, counted(rows)) for title, rows in sheets(what, start, end, service=service)]
    out = BytesIO()
    if fmt == "csv":
        for line in csv_lines([rows for _title, rows in found]):
            out.write(line.encode("utf-8"))
    else:
        write_xlsx(found, out)
    # Every sheet starts with its row of headings.
    return Built(out.getvalue(), max(written - len(found), 0))


def file_count(start: date, end: date, *, service: Service | None = None) -> int:
    """The rows of the file list: what decides whether it is built in the background."""
    return period_files(start, end, service=service).count()
