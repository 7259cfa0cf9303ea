"""Reads that feed the complaint pages, the IKM report and the supervision dashboard.

Each function runs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from complaints import access_policy, deadlines, lapor, skm, survey_figures
from complaints.charts import BarChart, bar_chart
from complaints.models import (
    AgeBand,
    Complaint,
    ComplaintEvent,
    Education,
    Facet,
    FollowUpState,
    Gender,
    LaporFollowUp,
    LaporSyncRun,
    LaporSyncState,
    Occupation,
    SampleSizeRow,
    SurveyResponse,
)
from complaints.models.complaint import TICKET_LENGTH, normalize_ticket
from complaints.models.survey import Outcome
from complaints.periods import period_bounds
from complaints.workflow import (
    ACTIONS,
    OPEN_STATUSES,
    PUBLIC_STATUS_LABELS,
    RESOLUTION_STATUSES,
    SUBMITTED_LABEL,
    ComplaintStatus,
)
from permits.models import Service
from tracking import tallies

# --- the complaint desk ------------------------------------------------------------

DESK_VIEWS = {
    "open": ("Belum selesai", OPEN_STATUSES),
    "answered": ("Dijawab, belum ditutup", {ComplaintStatus.ANSWERED}),
    "done": (
        "Selesai",
        {ComplaintStatus.CLOSED, ComplaintStatus.NOT_OUR_MATTER, ComplaintStatus.DUPLICATE},
    ),
    "all": ("Semua", set(ComplaintStatus.values)),
}


def _deadline_expression():
    return Case(
        When(status=ComplaintStatus.RECEIVED, then=F("verify_due_on")),
        When(status__in=RESOLUTION_STATUSES, then=F("due_on")),
        default=Value(None),
        output_field=DateField(),
    )


def _overdue_q(today: date) -> Q:
    return Q(status=ComplaintStatus.RECEIVED, verify_due_on__lt=today) | Q(
        status__in=RESOLUTION_STATUSES, due_on__lt=today
    )


def _lapor_overdue_q(today: date) -> Q:
    """Past LAPOR!'s limit with no answer or explanation yet (Complaint.is_lapor_overdue)."""
    return Q(lapor_due_on__lt=today, status__in=OPEN_STATUSES)


def complaint_desk(
    user, *, search: str = "", view: str = "open", service: str = "", channel: str = ""
) -> QuerySet:
    """Complaints for the desk: open before closed, overdue first, then the nearest deadline.

    Overdue is past the office's own deadline or, for a complaint from SP4N-LAPOR!, past
    LAPOR!'s limit.

    Searching by the complainant's name or contact is for those who may see it:
    otherwise a search would tell who filed a confidential complaint.
    """
    today = deadlines.today()
    statuses = DESK_VIEWS.get(view, DESK_VIEWS["open"])[1]
    complaints = (
        Complaint.objects.filter(status__in=statuses)
        .select_related("tier", "assigned_to")
        .annotate(
            deadline_on=_deadline_expression(),
            overdue=Case(
                When(_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            lapor_overdue=Case(
                When(_lapor_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            late=Case(
                When(_overdue_q(today) | _lapor_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            open_now=Case(
                When(status__in=OPEN_STATUSES, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by(
            "-open_now",
            "-late",
            F("deadline_on").asc(nulls_last=True),
            "-received_on",
            "-pk",
        )
    )
    if service:
        complaints = complaints.filter(service__code=service)
    if channel:
        complaints = complaints.filter(channel=channel)
    term = (search or "").strip()
    if term:
        match = (
            Q(ticket__iexact=term.replace("-", "").replace(" ", ""))
            | Q(lapor_id__iexact=term)
            | Q(subject__icontains=term)
            | Q(description__icontains=term)
            | Q(related_number__icontains=term)
        )
        if access_policy.may_see_identity_of_all(user):
            match |= Q(name__icontains=term) | Q(email__icontains=term) | Q(phone__icontains=term)
        else:
            identity = Q(name__icontains=term) | Q(email__icontains=term)
            match |= identity & Q(anonymous=False, confidential=False)
        complaints = complaints.filter(match)
    return complaints


def services_complained_about() -> list[Service]:
    """The services some complaint names, for the desk's filter (none: no filter shown)."""
    return list(Service.objects.filter(complaints__isnull=False).distinct().order_by("name"))


def complaint_detail(pk: int) -> Complaint:
    return Complaint.objects.select_related(
        "tier", "assigned_to", "recorded_by", "related_application", "duplicate_of", "service"
    ).get(pk=pk)


def complaint_events(complaint: Complaint) -> list[ComplaintEvent]:
    return list(complaint.events.order_by("created_at", "pk"))


def lapor_follow_ups(complaint: Complaint) -> list[LaporFollowUp]:
    return list(complaint.lapor_follow_ups.order_by("created_at", "pk"))


@dataclass(frozen=True)
class LaporPanel:
    """What the complaint officer sees of the SP4N-LAPOR! sync on the desk."""

    configured: bool
    last_ok_at: datetime | None = None
    last_run: LaporSyncRun | None = None  # the newest finished run
    last_error_run: LaporSyncRun | None = None  # the newest finished run with errors
    running: bool = False
    pending: int = 0  # follow-ups waiting to go to LAPOR!
    refused: int = 0  # follow-ups LAPOR! refused for good

    @property
    def failing(self) -> bool:
        return self.last_run is not None and not self.last_run.ok


def lapor_panel() -> LaporPanel:
    """The sync's state for the desk, in five small queries (none when LAPOR! is off)."""
    if not lapor.is_configured():
        return LaporPanel(configured=False)
    finished = LaporSyncRun.objects.filter(finished_at__isnull=False).order_by("-started_at")
    last_ok = finished.filter(ok=True).values_list("finished_at", flat=True).first()
    counts = LaporFollowUp.objects.aggregate(
        pending=Count("pk", filter=Q(state=FollowUpState.PENDING)),
        refused=Count("pk", filter=Q(state=FollowUpState.FAILED)),
    )
    return LaporPanel(
        configured=True,
        last_ok_at=last_ok,
        last_run=finished.first(),
        last_error_run=finished.exclude(errors=[]).first(),
        running=LaporSyncState.objects.filter(lease_until__gt=timezone.now()).exists(),
        pending=counts["pending"],
        refused=counts["refused"],
    )


# --- the complainant's status page ---------------------------------------------------


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str


@dataclass(frozen=True)
class PublicComplaint:
    """What the complainant sees: no staff names, no internal notes."""

    ticket: str
    received_on: date
    channel_label: str
    category_label: str
    subject: str
    status: str
    status_label: str
    is_open: bool
    deadline: date | None
    deadline_label: str
    reply: str
    replied_at: datetime | None
    history: tuple[PublicEvent, ...]


def find_complaint(ticket: str) -> Complaint | None:
    ticket = normalize_ticket(ticket)
    if len(ticket) != TICKET_LENGTH:
        return None
    return Complaint.objects.filter(ticket=ticket).first()


def public_complaint(complaint: Complaint) -> PublicComplaint:
    """The complainant's view, in one query (the history, as plain values)."""
    rows = ComplaintEvent.objects.filter(complaint_id=complaint.pk).values_list(
        "action", "created_at"
    )
    history: list[PublicEvent] = []
    for action, at in rows:
        label = SUBMITTED_LABEL if action == "submit" else ACTIONS[action].public_label
        if not history or history[-1].label != label:
            history.append(PublicEvent(at=at, label=label))
    deadline_label = ""
    if complaint.status == ComplaintStatus.RECEIVED:
        deadline_label = "Batas waktu verifikasi"
    elif complaint.status in RESOLUTION_STATUSES:
        deadline_label = "Batas waktu penyelesaian"
    shows_reply = complaint.status not in OPEN_STATUSES
    return PublicComplaint(
        ticket=complaint.ticket,
        received_on=complaint.received_on,
        channel_label=complaint.get_channel_display(),
        category_label=complaint.get_category_display(),
        subject=complaint.subject,
        status=complaint.status,
        status_label=PUBLIC_STATUS_LABELS[complaint.status],
        is_open=complaint.is_open,
        deadline=complaint.deadline,
        deadline_label=deadline_label,
        reply=complaint.reply if shows_reply else "",
        replied_at=complaint.replied_at if shows_reply else None,
        history=tuple(history),
    )


# --- periods -------------------------------------------------------------------------


def handed_over_count(start: date, end: date, *, service: Service | None = None) -> int:
    """The survey's population: applications (of `service`) handed over in the period.

    From the figures' counts (a file is handed over once): a few rows, where counting the
    distinct files of the period's handover entries read a year of the control card."""
    service_id = service.pk if service is not None else tallies.ALL_SERVICES
    return tallies.total(tallies.Metric.HANDED_OVER, start, end, service_id=service_id)


def answers_in(start: date, end: date, *, service: Service | None = None) -> QuerySet:
    """The survey answers given in the period, about `service` or about any service."""
    since, until = period_bounds(start, end)
    answers = SurveyResponse.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
    return answers if service is None else answers.filter(service=service)


def _service_id(service: Service | None) -> int:
    return service.pk if service is not None else survey_figures.ALL_SERVICES


def _score_totals(
    start: date, end: date, *, service: Service | None = None
) -> tuple[int, dict[str, int]]:
    # From the survey's figures: ten years read as ten year rows (complaints/survey_figures.py).
    sums = survey_figures.totals(start, end, service_id=_service_id(service))
    return sums["respondents"], _scores(sums)


def survey_respondents(start: date, end: date, *, service: Service | None = None) -> int:
    """How many answered in the period (about `service`)."""
    return _score_totals(start, end, service=service)[0]


# --- the IKM report --------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    share: Decimal  # percent of respondents


@dataclass(frozen=True)
class ProfileTable:
    title: str
    rows: tuple[ProfileRow, ...]


@dataclass(frozen=True)
class IkmReport:
    start: date
    end: date
    service: Service | None  # None: every service of the office
    respondents: int
    population: int
    minimum_sample: int
    result: skm.IkmResult | None
    profile: tuple[ProfileTable, ...]
    suggestions: tuple[tuple[datetime, str], ...]
    chart: BarChart | None
    by_outcome: tuple["OutcomeRow", ...]

    @property
    def sample(self) -> skm.SampleStatus:
        return skm.sample_status(self.respondents, self.minimum_sample)


@dataclass(frozen=True)
class OutcomeRow:
    """The index of the respondents whose file ended one way (issued, rejected, ...)."""

    label: str
    respondents: int
    result: skm.IkmResult | None


def _scores(sums: survey_figures.Sums) -> dict[str, int]:
    return {code: sums[code] for code in skm.ELEMENT_CODES}


def _by_outcome(by_value: dict[str, survey_figures.Sums]) -> tuple[OutcomeRow, ...]:
    """The answers per outcome, every outcome shown (zeros too)."""
    rows = []
    for value, label in Outcome.choices:
        found = survey_figures.of(by_value, value)
        respondents = found["respondents"]
        rows.append(OutcomeRow(label, respondents, skm.compute_ikm(_scores(found), respondents)))
    return tuple(rows)


def _profile_row(label: str, count: int, respondents: int) -> ProfileRow:
    share = Decimal(count * 100) / respondents if respondents else Decimal(0)
    return ProfileRow(label=label, count=count, share=skm.rounded(share, Decimal("0.1")))


PROFILE_FIELDS = (
    ("Jenis kelamin", "gender", Gender),
    ("Usia", "age_band", AgeBand),
    ("Pendidikan", "education", Education),
    ("Pekerjaan", "occupation", Occupation),
)
SUGGESTIONS_SHOWN = 200


def ikm_report(start: date, end: date, *, service: Service | None = None) -> IkmReport:
    """Everything the IKM report of a period (of one service, or all) shows, in at most five
    queries, none of which reads more than two months of answers."""
    groups = survey_figures.breakdown(start, end, service_id=_service_id(service))
    overall = survey_figures.combined(groups[Facet.OUTCOME].values())
    respondents = overall["respondents"]
    result = skm.compute_ikm(_scores(overall), respondents)
    population = handed_over_count(start, end, service=service)
    table = list(SampleSizeRow.objects.values_list("population", "sample"))

    in_period = answers_in(start, end, service=service)
    profile = tuple(
        ProfileTable(
            title=title,
            rows=tuple(
                _profile_row(
                    label, survey_figures.of(groups[field], value)["respondents"], respondents
                )
                for value, label in choices.choices
            ),
        )
        for title, field, choices in PROFILE_FIELDS
    )
    suggestions = tuple(
        in_period.exclude(suggestion="")
        .order_by("-submitted_at")
        .values_list("submitted_at", "suggestion")[:SUGGESTIONS_SHOWN]
    )
    return IkmReport(
        start=start,
        end=end,
        service=service,
        respondents=respondents,
        population=population,
        minimum_sample=skm.minimum_sample(population, table),
        result=result,
        profile=profile,
        suggestions=suggestions,
        chart=bar_chart(result) if result else None,
        by_outcome=_by_outcome(groups[Facet.OUTCOME]),
    )


def survey_responses(start: date, end: date, *, service: Service | None = None) -> QuerySet:
    """Every answer of the period, oldest first, for the spreadsheet."""
    return answers_in(start, end, service=service).order_by("submitted_at", "pk")


# --- the supervision dashboard ---------------------------------------------------------


def dashboard_figures(start: date, end: date, *, service: Service | None = None) -> dict:
    """Complaint and satisfaction figures for the supervision dashboard, in at most three queries.

    Flows count within the period (inclusive dates): complaints received,
    complaints answered and how many of those within their tier's time limit,
    the IKM of the survey answers given. Stocks are as of today, whatever the
    period: complaints still open, and open ones past their deadline.
    """
    since, until = period_bounds(start, end)
    today = deadlines.today()
    answered_in_period = Q(
        status__in=(ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED),
        replied_at__gte=since,
        replied_at__lt=until,
    )
    # Only rows some count can take (each count's filter implies one of these), so the
    # aggregate reads the period's and the open complaints by index, not every complaint.
    relevant = (
        Q(received_on__gte=start, received_on__lte=end)
        | Q(status__in=OPEN_STATUSES)
        | Q(replied_at__gte=since, replied_at__lt=until)
    )
    complaints = Complaint.objects.filter(relevant)
    if service is not None:
        complaints = complaints.filter(service=service)
    counts = complaints.annotate(replied_day=TruncDate("replied_at")).aggregate(
        received=Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=_overdue_q(today)),
        answered=Count("pk", filter=answered_in_period),
        answered_on_time=Count("pk", filter=answered_in_period & Q(replied_day__lte=F("due_on"))),
    )
    respondents, totals = _score_totals(start, end, service=service)
    result = skm.compute_ikm(totals, respondents)
    return {
        "complaints_received": counts["received"],
        "complaints_open": counts["open"],
        "complaints_overdue": counts["overdue"],
        "complaints_answered": counts["answered"],
        "complaints_answered_on_time": counts["answered_on_time"],
        "survey_respondents": respondents,
        "ikm": result.ikm if result else None,
        "ikm_category": result.category.letter if result else None,
        "ikm_category_label": result.category.label if result else None,
    }


@dataclass(frozen=True)
class IkmSummary:
    """The index of a period without the report's profile and suggestions (the API's)."""

    respondents: int
    minimum_sample: int
    result: skm.IkmResult | None


def ikm_summary(start: date, end: date, *, service: Service | None = None) -> IkmSummary:
    """The IKM, respondents and minimum sample of a period, in at most four queries."""
    respondents, totals = _score_totals(start, end, service=service)
    population = handed_over_count(start, end, service=service)
    table = list(SampleSizeRow.objects.values_list("population", "sample"))
    return IkmSummary(
        respondents=respondents,
        minimum_sample=skm.minimum_sample(population, table),
        result=skm.compute_ikm(totals, respondents),
    )
