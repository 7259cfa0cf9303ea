"""The IKM report of a period: on screen, as PDF and as XLSX (complaint desk users only)."""

from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from complaints import deadlines, exports, selectors
from complaints.forms import PeriodForm
from complaints.views.desk import desk_required

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request) -> tuple[PeriodForm, selectors.IkmReport]:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return form, selectors.ikm_report(start, end, service=form.service())


def _presets(today: date) -> list[tuple[str, date, date]]:
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    first_half = today.month <= 6
    return [
        ("Tahun ini", date(today.year, 1, 1), today),
        ("Semester ini", date(today.year, 1 if first_half else 7, 1), today),
        ("Triwulan ini", quarter_start, today),
        ("Tahun lalu", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ("30 hari terakhir", today - timedelta(days=29), today),
    ]


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@desk_required
@require_http_methods(["GET"])
def ikm_report(request):
    form, report = _report(request)
    query = f"start={report.start:%Y-%m-%d}&end={report.end:%Y-%m-%d}"
    service_query = f"layanan={report.service.code}" if report.service else ""
    if service_query:
        query = f"{query}&{service_query}"
    return render(
        request,
        "complaints/ikm_report.html",
        {
            "form": form,
            "report": report,
            "sample": report.sample,
            "query": query,
            "service_query": service_query,
            "presets": _presets(deadlines.today()),
            "suggestions_cap": selectors.SUGGESTIONS_SHOWN,
        },
    )


@desk_required
@require_http_methods(["GET"])
def ikm_pdf(request):
    form = PeriodForm(request.GET or None)
    report, pdf = exports.period_pdf(*form.period(), service=form.service())
    return _download(pdf, "application/pdf", exports.filename(report, "pdf"))


@desk_required
@require_http_methods(["GET"])
def ikm_xlsx(request):
    _, report = _report(request)
    return _download(exports.report_xlsx(report), XLSX_TYPE, exports.filename(report, "xlsx"))
