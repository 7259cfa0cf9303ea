"""The IKM report as a spreadsheet (openpyxl) and as a PDF (WeasyPrint, via permits.documents).

The spreadsheet carries the summary, the elements and every answer of the period,
so an auditor can recompute the index from the raw rows.
"""

from datetime import date
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from complaints.models import AgeBand, Education, Gender, Occupation
from complaints.models.survey import Outcome
from complaints.selectors import IkmReport, ikm_report, survey_responses
from complaints.skm import ELEMENTS
from office.indonesian import tanggal
from office.pdf import render_pdf
from permits.documents import context as document_context
from permits.models import Service

HEADER_FILL = PatternFill("solid", fgColor="E3F1EA")
BOLD = Font(bold=True)
# Said beside an index computed from fewer answers than the minimum sample.
NOT_REPRESENTATIVE_LABEL = "Catatan"
NOT_REPRESENTATIVE = "Nilai sementara: sampel minimum belum tercapai, belum mewakili populasi."


def filename(report: IkmReport, extension: str) -> str:
    scope = f"-{report.service.code}" if report.service else ""
    return f"ikm{scope}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{extension}"


def service_text(report: IkmReport) -> str:
    return report.service.name if report.service else "Seluruh layanan"


def period_text(report: IkmReport) -> str:
    return f"{tanggal(report.start)} s.d. {tanggal(report.end)}"


def report_pdf(report: IkmReport) -> bytes:
    return render_pdf(
        "complaints/pdf/ikm_report.html",
        {
            **document_context.office_context(),
            "report": report,
            "sample": report.sample,
            "period_text": period_text(report),
            "service_text": service_text(report),
            "printed_on": tanggal(timezone.localdate()),
        },
    )


def period_pdf(
    start: date, end: date, *, service: Service | None = None
) -> tuple[IkmReport, bytes]:
    """The report of a period and its PDF: for the download, and for the background export
    (supervision/tasks.py), so both give the same document."""
    report = ikm_report(start, end, service=service)
    return report, report_pdf(report)


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def report_xlsx(report: IkmReport) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Ringkasan"
    summary["A1"] = "Indeks Kepuasan Masyarakat (Permenpan RB 14/2017)"
    summary["A1"].font = Font(bold=True, size=13)
    sample = report.sample
    rows = [
        ("Layanan", service_text(report)),
        ("Periode", period_text(report)),
        ("Jumlah responden", report.respondents),
        ("Populasi (izin diserahkan dalam periode)", report.population),
        ("Sampel minimum (Krejcie-Morgan)", report.minimum_sample),
        ("Sampel minimum tercapai", "Ya" if sample.reached else "Tidak"),
        ("Keterangan sampel", sample.text),
    ]
    result = report.result
    if result:
        rows += [
            ("Jumlah NRR tertimbang", float(result.weighted_sum_shown)),
            ("IKM (skala 25-100)", float(result.ikm)),
            ("Mutu pelayanan", f"{result.category.letter} ({result.category.label})"),
        ]
        if not sample.reached:
            rows.append((NOT_REPRESENTATIVE_LABEL, NOT_REPRESENTATIVE))
    else:  # nothing was measured: say so rather than leave a number out
        rows += [("IKM (skala 25-100)", "belum ada responden"), ("Mutu pelayanan", "-")]
    for offset, (label, value) in enumerate(rows, start=3):
        summary.cell(row=offset, column=1, value=label).font = BOLD
        summary.cell(row=offset, column=2, value=value)

    top = len(rows) + 5
    summary.cell(row=top - 1, column=1, value="Nilai per unsur (terendah lebih dahulu)").font = BOLD
    _header(
        summary,
        top,
        ["Unsur", "Uraian", "Jumlah nilai", "NRR", "NRR tertimbang", "Nilai konversi", "Mutu"],
    )
    if result:
        for index, score in enumerate(result.weakest_first, start=top + 1):
            values = [
                score.element.label,
                score.element.title,
                score.total,
                float(score.nrr_shown),
                float(score.weighted_shown),
                float(score.converted),
                f"{score.category.letter} ({score.category.label})",
            ]
            for column, value in enumerate(values, start=1):
                summary.cell(row=index, column=column, value=value)
            summary.cell(row=index, column=4).number_format = "0.000"
            summary.cell(row=index, column=5).number_format = "0.000"
            summary.cell(row=index, column=6).number_format = "0.00"
    else:
        summary.cell(row=top + 1, column=1, value="Belum ada responden pada periode ini.")
    for column, width in enumerate([42, 42, 14, 10, 16, 15, 20], start=1):
        summary.column_dimensions[get_column_letter(column)].width = width

    outcomes = workbook.create_sheet("Menurut hasil")
    outcomes["A1"] = "IKM menurut hasil permohonan responden"
    outcomes["A1"].font = BOLD
    _header(outcomes, 2, ["Hasil permohonan", "Responden", "IKM (skala 25-100)", "Mutu"])
    for index, row in enumerate(report.by_outcome, start=3):
        measured = row.result
        values = [
            row.label,
            row.respondents,
            float(measured.ikm) if measured else "belum ada responden",
            f"{measured.category.letter} ({measured.category.label})" if measured else "-",
        ]
        for column, value in enumerate(values, start=1):
            outcomes.cell(row=index, column=column, value=value)
    for column, width in enumerate([34, 12, 20, 20], start=1):
        outcomes.column_dimensions[get_column_letter(column)].width = width

    answers = workbook.create_sheet("Jawaban")
    labels = {
        "gender": dict(Gender.choices),
        "age_band": dict(AgeBand.choices),
        "education": dict(Education.choices),
        "occupation": dict(Occupation.choices),
    }
    _header(
        answers,
        1,
        ["No", "Waktu pengisian", "Jenis kelamin", "Usia", "Pendidikan", "Pekerjaan"]
        + [f"{e.label} {e.title}" for e in ELEMENTS]
        + ["Saran dan masukan", "Hasil permohonan"],
    )
    outcome_labels = dict(Outcome.choices)
    for number, response in enumerate(
        survey_responses(report.start, report.end, service=report.service), start=1
    ):
        values = [
            number,
            timezone.localtime(response.submitted_at).replace(tzinfo=None),
            *(labels[field][getattr(response, field)] for field in labels),
            *(getattr(response, e.code) for e in ELEMENTS),
            response.suggestion,
            outcome_labels.get(response.outcome, response.outcome),
        ]
        for column, value in enumerate(values, start=1):
            answers.cell(row=number + 1, column=column, value=value)
        answers.cell(row=number + 1, column=2).number_format = "dd-mm-yyyy hh:mm"
        # What a respondent typed stays text, even when it starts with "=" (no formulas).
        answers.cell(row=number + 1, column=len(values) - 1).data_type = "s"
    answers.freeze_panes = "C2"
    for column in range(1, 7 + len(ELEMENTS)):
        answers.column_dimensions[get_column_letter(column)].width = 16
    answers.column_dimensions[get_column_letter(7 + len(ELEMENTS))].width = 60

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
