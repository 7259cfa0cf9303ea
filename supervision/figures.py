"""The supervisors' figures (pengawasan internal) for a period, in a fixed number of queries.

Period figures come from the pre-counted tallies (tracking.tallies); the files in
progress and the overdue files are read as they stand now.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from office.calendar import WorkingCalendar, load_calendar
from office.roles import Role
from permits.models import Application, Service, ServiceStandard
from tracking import tallies
from tracking.deadlines import last_working_day
from tracking.models import ClockState, FileClock, StepAllowance
from tracking.tallies import OFFICE, Histogram, Metric
from workflow.table import FINAL_STATUSES, STEPS, WITH_APPLICANT, Status, position
from workflow.table import statuses_waiting_for as waiting_statuses

OVERDUE_SHOWN = 20
STEP_TITLES = {step.number: step.title for step in STEPS}


@dataclass(frozen=True)
class StepTime:
    step: int
    title: str
    count: int
    median: timedelta | None
    p90: timedelta | None
    allowance: timedelta | None = None
    within_allowance: float | None = None  # share, 0..1


@dataclass(frozen=True)
class Month:
    month: date
    registered: int
    receipted: int
    ready: int
    ready_on_time: int

    @property
    def on_time_share(self) -> float | None:
        return self.ready_on_time / self.ready if self.ready else None


@dataclass(frozen=True)
class Holder:
    role: str
    role_label: str
    officers: tuple[str, ...]


@dataclass(frozen=True)
class OverdueFile:
    application_id: int
    url: str
    registration_number: str
    company_name: str
    status: str
    step: int | None
    due_on: date
    days_late: int
    holders: tuple[Holder, ...]


@dataclass(frozen=True)
class OpenStep:
    step: int
    title: str
    with_office: int
    with_applicant: int


@dataclass
class Figures:
    start: date
    end: date
    service: Service | None  # None: every service together
    service_days: int | None  # the service's time limit now; None for every service
    totals: dict[str, int]
    months: list[Month]
    step_times: list[StepTime]
    overall: StepTime
    open_steps: list[OpenStep]
    overdue: list[OverdueFile]
    overdue_total: int
    today: date = field(default_factory=timezone.localdate)

    @property
    def on_time_share(self) -> float | None:
        ready = self.totals[Metric.READY]
        return self.totals[Metric.READY_ON_TIME] / ready if ready else None

    @property
    def is_empty(self) -> bool:
        """Nothing at all happened in the period."""
        return not any(self.totals.values()) and not any(s.count for s in self.step_times)

    @property
    def open_total(self) -> int:
        return sum(s.with_office + s.with_applicant for s in self.open_steps)


def months_between(start: date, end: date) -> list[date]:
    months, current = [], tallies.month_of(start)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def allowances() -> dict[int, timedelta]:
    return {a.step: timedelta(hours=a.hours) for a in StepAllowance.objects.all()}


def step_time(
    step: int, histogram: Histogram | None, allowance: timedelta | None = None
) -> StepTime:
    histogram = histogram or Histogram()
    return StepTime(
        step=step,
        title=STEP_TITLES.get(step, "Keseluruhan"),
        count=histogram.count,
        median=histogram.median,
        p90=histogram.p90,
        allowance=allowance,
        within_allowance=histogram.share_within(allowance) if allowance else None,
    )


def holders_by_status() -> dict[str, list[Role]]:
    """Which roles a file waits for in each status (the queue it is in)."""
    holders: dict[str, list[Role]] = {}
    for role in Role:
        for status in waiting_statuses(role):
            holders.setdefault(status, []).append(role)
    return holders


def officers_by_role() -> dict[str, list[str]]:
    """Names of the active officers of each role, in one query."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=Role.values)
        .order_by("first_name", "last_name", "username")
        .values_list("groups__name", "first_name", "last_name", "username")
    )
    names: dict[str, list[str]] = {}
    for role, first, last, username in rows:
        names.setdefault(role, []).append(f"{first} {last}".strip() or username)
    return names


def overdue_files(
    *,
    calendar: WorkingCalendar,
    today: date,
    limit: int | None = OVERDUE_SHOWN,
    service: Service | None = None,
) -> tuple[list[OverdueFile], int]:
    """Files past their due date with the office, longest overdue first; and how many in all."""
    reference = last_working_day(today, calendar)
    overdue = FileClock.objects.filter(state=ClockState.RUNNING, due_on__lt=reference)
    if service is not None:
        overdue = overdue.filter(application__standard__service=service)
    total = overdue.count()
    rows = overdue.order_by("due_on", "application_id").values_list(
        "application_id",
        "application__registration_number",
        "application__company_name",
        "application__status",
        "due_on",
    )
    if limit is not None:
        rows = rows[:limit]
    holders = holders_by_status()
    names = officers_by_role()
    files = []
    for pk, number, company, status, due_on in rows:
        files.append(
            OverdueFile(
                application_id=pk,
                url=reverse("application_detail", args=[pk]),
                registration_number=number,
                company_name=company,
                status=status,
                step=position(status)[1],
                due_on=due_on,
                days_late=calendar.working_days_between(due_on, today),
                holders=tuple(
                    Holder(role.value, role.label, tuple(names.get(role.value, ())))
                    for role in holders.get(status, ())
                ),
            )
        )
    return files, total


def open_by_step(service: Service | None = None) -> list[OpenStep]:
    """Files not finished, by the step they are at now, in one query."""
    open_statuses = [s for s in Status.values if s not in FINAL_STATUSES]
    files = Application.objects.filter(status__in=open_statuses)
    if service is not None:
        files = files.filter(standard__service=service)
    counts = dict(files.order_by().values_list("status").annotate(n=Count("pk")))
    steps: dict[int, list[int]] = {}
    for status, n in counts.items():
        step = position(status)[1]
        if step is None:
            continue
        steps.setdefault(step, [0, 0])[1 if status in WITH_APPLICANT else 0] += n
    return [
        OpenStep(number, STEP_TITLES[number], *steps[number])
        for number in sorted(steps)
        if any(steps[number])
    ]


def _service_days(service: Service | None, today: date) -> int | None:
    """The time limit of the version in force today (None: every service, each its own)."""
    if service is None:
        return None
    try:
        return ServiceStandard.objects.in_force(service, today).service_days
    except ServiceStandard.DoesNotExist:
        return None


def figures(start: date, end: date, *, service: Service | None = None) -> Figures:
    """The period's figures of one service, or of every service together (`service` None)."""
    calendar = load_calendar()
    today = timezone.localdate()
    service_id = service.pk if service else None
    by_month = tallies.counts_by_month(start, end, service_id=service_id)
    months = [
        Month(
            month=m,
            registered=by_month.get((OFFICE, Metric.REGISTERED, m), 0),
            receipted=by_month.get((OFFICE, Metric.RECEIPTED, m), 0),
            ready=by_month.get((OFFICE, Metric.READY, m), 0),
            ready_on_time=by_month.get((OFFICE, Metric.READY_ON_TIME, m), 0),
        )
        for m in months_between(start, end)
    ]
    totals = dict.fromkeys(tallies.COUNTS, 0)
    for (_officer, metric, _month), n in by_month.items():
        totals[metric] += n

    durations = tallies.histograms(start, end, service_id=service_id)
    allowed = allowances()
    timed_steps = sorted(
        {step for (_o, metric, step) in durations if metric == Metric.STEP_TIME} | set(allowed)
    )
    step_times = [
        step_time(step, durations.get((OFFICE, Metric.STEP_TIME, step)), allowed.get(step))
        for step in timed_steps
    ]
    # Whether a file was on time is decided by dates (`on_time_share`), not by this duration.
    overall = step_time(0, durations.get((OFFICE, Metric.SERVICE_TIME, 0)))
    overdue, overdue_total = overdue_files(calendar=calendar, today=today, service=service)
    return Figures(
        start=start,
        end=end,
        service=service,
        service_days=_service_days(service, today),
        totals=totals,
        months=months,
        step_times=step_times,
        overall=overall,
        open_steps=open_by_step(service),
        overdue=overdue,
        overdue_total=overdue_total,
        today=today,
    )
