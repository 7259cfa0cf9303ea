"""Supervision (pengawasan internal) and the evaluation of officers (evaluasi kinerja).

The dashboard is for the supervisors (Kepala Dinas, Sekretaris, Kabid, administrator).
Each officer sees their own evaluation; supervisors see everyone's.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from complaints import selectors as complaint_selectors
from office.access import staff_required
from office.roles import SUPERVISORS, has_role
from supervision import exports, performance
from supervision.charts import trend_chart
from supervision.figures import figures as period_figures
from supervision.periods import period_form, presets, this_month

EXPORTS = {"angka", "berkas"}
FORMATS = {"csv", "xlsx"}


def is_supervisor(user) -> bool:
    return has_role(user, *SUPERVISORS)


def supervisor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_supervisor(request.user):
            raise PermissionDenied("Halaman ini untuk pengawasan internal (pimpinan).")
        return view(request, *args, **kwargs)

    return staff_required(wrapped)


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
    context.update(figures=figures, chart=chart, complaint_figures=complaint_figures)
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
    scope = f"-{service.code}" if service else ""
    kind = "pengawasan" if what == "angka" else "berkas"
    filename = f"kendali-{kind}{scope}-{start}-{end}.{fmt}"
    if what == "angka":
        figures = period_figures(start, end, service=service)
        sheets = exports.figure_sheets(figures)
        if fmt == "csv":
            return exports.csv_response([rows for _title, rows in sheets], filename)
        return exports.xlsx_response(sheets, filename)
    rows = exports.file_rows(start, end, service=service)
    if fmt == "csv":
        return exports.csv_response([rows], filename)
    return exports.xlsx_response([("Berkas", rows)], filename)


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
