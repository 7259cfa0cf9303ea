"""Per-period figures: the supervision dashboard's numbers, the IKM, the complaints."""

from django.db.models import Count, Q
from ninja import Query, Router
from ninja.decorators import decorate_view

from api import errors
from api.auth import ClientToken
from api.calls import logged
from api.params import PeriodQuery
from api.resources.services import REFUSALS
from api.schemas import ComplaintFiguresOut, FiguresOut, SkmOut
from api.scopes import Scope
from complaints import selectors as complaint_selectors
from complaints import skm
from complaints.models import Category, Channel, Complaint
from complaints.workflow import ComplaintStatus
from permits.models import Service
from supervision import figures as supervision

router = Router(tags=["Angka per periode"])


def _service(query: PeriodQuery) -> Service | None:
    if not query.service:
        return None
    service = Service.objects.filter(code=query.service).first()
    if service is None:
        raise errors.invalid([{"field": "service", "message": "Layanan tidak dikenal."}])
    return service


def _period(query: PeriodQuery) -> dict:
    return {"start": query.start, "end": query.end, "service": query.service or None}


def _hours(value) -> float | None:
    return round(value.total_seconds() / 3600, 2) if value is not None else None


def _step_time(step: supervision.StepTime) -> dict:
    return {
        "step": step.step,
        "title": step.title,
        "count": step.count,
        "median_hours": _hours(step.median),
        "p90_hours": _hours(step.p90),
        "allowance_hours": _hours(step.allowance),
        "within_allowance": step.within_allowance,
    }


@router.get(
    "/figures",
    response={200: FiguresOut, **REFUSALS},
    auth=ClientToken(Scope.FIGURES),
    operation_id="get_figures",
    summary="Angka pengawasan sebuah periode (semua layanan atau satu layanan)",
)
@decorate_view(logged("figures"))
def figures(request, query: Query[PeriodQuery]):
    found = supervision.figures(query.start, query.end, service=_service(query))
    request.api_rows = len(found.months)
    return {
        "period": _period(query),
        "service_days": found.service_days,
        "registered": found.totals["registered"],
        "receipted": found.totals["receipted"],
        "ready": found.totals["ready"],
        "ready_on_time": found.totals["ready_on_time"],
        "on_time_share": found.on_time_share,
        "months": [vars(month) for month in found.months],
        "step_times": [_step_time(step) for step in found.step_times],
        "overall": _step_time(found.overall),
        "open_steps": [vars(step) for step in found.open_steps],
        "open_total": found.open_total,
        "overdue_total": found.overdue_total,
    }


@router.get(
    "/skm",
    response={200: SkmOut, **REFUSALS},
    auth=ClientToken(Scope.SKM),
    operation_id="get_skm",
    summary="Survei Kepuasan Masyarakat: NRR per unsur dan IKM sebuah periode",
)
@decorate_view(logged("skm"))
def satisfaction(request, query: Query[PeriodQuery]):
    summary = complaint_selectors.ikm_summary(query.start, query.end, service=_service(query))
    result = summary.result
    scores = {score.element.code: score for score in result.scores} if result else {}
    request.api_rows = 1
    return {
        "period": _period(query),
        "respondents": summary.respondents,
        "minimum_sample": summary.minimum_sample,
        "sample_sufficient": skm.sample_status(summary.respondents, summary.minimum_sample).reached,
        "ikm": float(result.ikm) if result else None,
        "category": result.category.letter if result else None,
        "category_label": result.category.label if result else None,
        "elements": [
            {
                "code": element.label,
                "number": element.number,
                "title": element.title,
                "nrr": float(scores[element.code].nrr_shown) if element.code in scores else None,
            }
            for element in skm.ELEMENTS
        ],
    }


def _counts(rows: dict, choices) -> list[dict]:
    return [{"code": code, "label": label, "count": rows.get(code, 0)} for code, label in choices]


@router.get(
    "/complaints/figures",
    response={200: ComplaintFiguresOut, **REFUSALS},
    auth=ClientToken(Scope.COMPLAINTS),
    operation_id="get_complaint_figures",
    summary="Angka pengaduan sebuah periode",
)
@decorate_view(logged("complaints.figures"))
def complaint_figures(request, query: Query[PeriodQuery]):
    service = _service(query)
    flows = complaint_selectors.dashboard_figures(query.start, query.end, service=service)
    received = Complaint.objects.filter(received_on__gte=query.start, received_on__lte=query.end)
    if service is not None:
        received = received.filter(service=service)
    tallies = received.aggregate(
        **{f"channel_{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values},
        **{f"category_{code}": Count("pk", filter=Q(category=code)) for code in Category.values},
        **{f"status_{code}": Count("pk", filter=Q(status=code)) for code in ComplaintStatus.values},
    )

    def part(prefix: str) -> dict:
        return {k.removeprefix(prefix): v for k, v in tallies.items() if k.startswith(prefix)}

    request.api_rows = 1
    return {
        "period": _period(query),
        "received": flows["complaints_received"],
        "answered": flows["complaints_answered"],
        "answered_on_time": flows["complaints_answered_on_time"],
        "open": flows["complaints_open"],
        "overdue": flows["complaints_overdue"],
        "by_channel": _counts(part("channel_"), Channel.choices),
        "by_category": _counts(part("category_"), Category.choices),
        "by_status": _counts(part("status_"), ComplaintStatus.choices),
    }
