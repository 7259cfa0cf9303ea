"""Supervision (pengawasan internal) and the evaluation of officers (evaluasi kinerja).

The dashboard is for the supervisors (Kepala Dinas, Sekretaris, Kabid, administrator).
Each officer sees their own evaluation; supervisors see everyone's.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from complaints import access_policy as complaint_access
from complaints import selectors as complaint_selectors
from complaints.forms import PeriodForm as IkmPeriodForm
from complaints.views import report as complaint_report
from complaints.views.desk import desk_required
from office.access import staff_required
from office.pagination import ListPaginator
from office.roles import SUPERVISORS, has_role
from permits.private_files import private_file_response
from supervision import exports, performance, tasks
from supervision.charts import trend_chart
from supervision.figures import figures as period_figures
from supervision.models import Export, ExportFormat, ExportKind, ExportStatus
from supervision.periods import period_form, presets, this_month

EXPORTS = {"angka", "berkas"}
FORMATS = {"csv", "xlsx"}
EXPORTS_PER_PAGE = 25
CONTENT_TYPES = {
    ExportFormat.CSV: exports.CSV_TYPE,
    ExportFormat.XLSX: exports.XLSX_TYPE,
    ExportFormat.PDF: "application/pdf",
}


def is_supervisor(user) -> bool:
    return has_role(user, *SUPERVISORS)


def supervisor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_supervisor(request.user):
            raise PermissionDenied("Halaman ini untuk pengawasan internal (pimpinan).")
        return view(request, *args, **kwargs)

    return staff_required(wrapped)


def may_ask_for(user, kind: str) -> bool:
    """The role each export asks for: the file list for supervisors, the IKM for the desk."""
    if kind == ExportKind.IKM:
        return complaint_access.may_view(user)
    return is_supervisor(user)


def exporter_required(view):
    """The "Unduhan saya" pages: for whoever may ask for an export (supervisors, the desk)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not any(may_ask_for(request.user, kind) for kind in ExportKind.values):
            raise PermissionDenied("Halaman ini untuk pimpinan dan petugas pengaduan.")
        return view(request, *args, **kwargs)

    return staff_required(wrapped)


def _above_threshold(rows: int) -> bool:
    return rows > settings.EXPORT_IN_BACKGROUND_ABOVE


def _period_context(request, form) -> dict:
    return {
        "form": form,
        "presets": presets(),
        "query": request.GET.urlencode() if form.is_valid() else "",
        "service_query": form.service_query if form.is_valid() else "",
    }


@supervisor_required
@require_GET
def dashboard(request):
    form = period_form(request.GET)
    figures = chart = complaint_figures = None
    if form.is_valid():
        start, end = form.period
        figures = period_figures(start, end, service=form.service)
        chart = trend_chart(figures.months)
        complaint_figures = complaint_selectors.dashboard_figures(start, end, service=form.service)
    context = _period_context(request, form)
    context.update(
        figures=figures,
        chart=chart,
        complaint_figures=complaint_figures,
        background_above=settings.EXPORT_IN_BACKGROUND_ABOVE,
    )
    return render(request, "supervision/supervision.html", context)


@supervisor_required
@require_GET
def export(request, what: str, fmt: str):
    if what not in EXPORTS or fmt not in FORMATS:
        raise Http404("Ekspor tidak dikenal.")
    form = period_form(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Periode tidak valid.")
    start, end = form.period
    service = form.service
    # The figures come from the pre-counted tallies, as on the dashboard itself: never long.
    # The file list has a row per file, so a long period goes to the worker.
    if what == "berkas" and _above_threshold(exports.file_count(start, end, service=service)):
        tasks.queue(request.user, ExportKind.FILES, fmt, start, end, service=service)
        return redirect("my_exports")
    return exports.response(what, fmt, start, end, service=service)


@desk_required
@require_GET
def ikm_pdf(request):
    """The IKM report's PDF: as complaints answers it, or from the worker for a long period.

    Measured in survey answers, as the other exports are in rows.
    """
    form = IkmPeriodForm(request.GET or None)
    start, end = form.period()
    service = form.service()
    if not _above_threshold(complaint_selectors.survey_respondents(start, end, service=service)):
        return complaint_report.ikm_pdf(request)
    tasks.queue(request.user, ExportKind.IKM, ExportFormat.PDF, start, end, service=service)
    return redirect("my_exports")


@exporter_required
@require_GET
def my_exports(request):
    mine = Export.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")
    page = ListPaginator(mine, EXPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/my_exports.html",
        {"page": page, "pending": any(export.is_open for export in page)},
    )


@exporter_required
@require_GET
def download_export(request, pk: int):
    # Someone else's export is "not found", not "forbidden": its number tells nothing.
    export = get_object_or_404(Export, pk=pk, requested_by=request.user, status=ExportStatus.READY)
    if not may_ask_for(request.user, export.kind):
        raise PermissionDenied("Anda tidak lagi memegang peran untuk ekspor ini.")
    try:
        return private_file_response(
            export.file,
            export.filename,
            as_attachment=True,
            content_type=CONTENT_TYPES[export.format],
        )
    except FileNotFoundError:
        raise Http404("Berkas ekspor tidak ditemukan.") from None


@staff_required
@require_GET
def my_performance(request):
    return _performance_page(request, request.user)


@staff_required
@require_GET
def officer_performance(request, user_id: int):
    if user_id != request.user.pk and not is_supervisor(request.user):
        raise PermissionDenied("Anda hanya dapat melihat evaluasi kinerja Anda sendiri.")
    officer = get_object_or_404(get_user_model(), pk=user_id)
    return _performance_page(request, officer)


def _performance_page(request, officer):
    form = period_form(request.GET, default=this_month)
    report = None
    if form.is_valid():
        report = performance.report_for(officer, *form.period, service=form.service)
    context = _period_context(request, form)
    context.update(
        report=report,
        officer=officer,
        is_own=officer.pk == request.user.pk,
        may_see_all=is_supervisor(request.user),
    )
    return render(request, "supervision/performance.html", context)


@supervisor_required
@require_GET
def all_performance(request):
    form = period_form(request.GET, default=this_month)
    reports = None
    if form.is_valid():
        reports = performance.reports_for_all(*form.period, service=form.service)
    context = _period_context(request, form)
    context.update(reports=reports, thresholds=(performance.GOOD, performance.FAIR))
    return render(request, "supervision/performance_all.html", context)
