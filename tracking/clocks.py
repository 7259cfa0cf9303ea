"""The service-time clock of a file, folded from its control card one step at a time.

`apply_step` is the only place that knows the rules; it is used both when a step is
recorded (tracking.cards.record_entry) and when clocks and figures are rebuilt from the
whole control card (`rebuild`), so the two cannot disagree.

The rules (docs/adr/0005-working-days-and-figures.md):
- the clock starts at the receipt (issue_receipt, step 2) and stops when the permit is
  numbered (step 7); a rejection or withdrawal stops it too;
- it pauses while the file is with the applicant (returned for correction) and resumes
  when the correction comes back (resubmit);
- a working day counts when the file was with the office, clock running, at its start:
  the day of the receipt or of the resubmission is not counted, the day it is finished is;
- the file is due on the working day on which the count reaches the service days.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from office.calendar import WorkingCalendar, load_calendar
from tracking import tallies
from tracking.grid import bucket_of
from tracking.models import ClockState, ControlCardEntry, FileClock, Tally
from tracking.tallies import Count, Metric, expand
from workflow.table import CARD_TRANSITIONS, WITH_APPLICANT, Event, position


@dataclass(frozen=True)
class Step:
    """One control-card entry as the clock reads it."""

    transition: str
    from_status: str
    to_status: str
    actor_id: int | None
    at: datetime
    duration: timedelta  # time in `from_status` before this step


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def timed_step(from_status: str) -> int | None:
    """The step an officer works on while the file is in `from_status` (None: applicant's)."""
    if not from_status or from_status in WITH_APPLICANT:
        return None
    return position(from_status)[1]


ServiceDays = int | Callable[[], int] | None


class _Counts(list):
    """The figures one step adds, on the step's day."""

    def __init__(self, step: Step):
        super().__init__()
        self.step = step
        self.day = local_day(step.at)

    def add(self, metric: str, *, officer: bool = False, **kwargs) -> None:
        """Count for the office and, with `officer`, for the officer who took the step."""
        self.append(Count(metric, self.day, **kwargs))
        if officer and self.step.actor_id:
            self.append(Count(metric, self.day, officer_id=self.step.actor_id, **kwargs))


def apply_step(
    clock, step: Step, *, calendar: WorkingCalendar, service_days: ServiceDays = None
) -> list[Count]:
    """Move `clock` (a FileClock, changed in place) past `step`; return what to count.

    What the step does is its row's `event` in the workflow table. `service_days` (or a
    function giving it) is needed only for the receipt, which fixes the file's service time.
    """
    spec = CARD_TRANSITIONS[step.transition]
    counts = _Counts(step)
    worked_at = timed_step(step.from_status)
    if worked_at is not None and spec.timed:
        worked = calendar.working_time(step.at - step.duration, step.at)
        counts.add(Metric.STEP_TIME, officer=True, step=worked_at, bucket=bucket_of(worked))
    ON_EVENT[spec.event](clock, step, calendar, service_days, counts)
    return counts


# --- what each event of the workflow table does to the clock and the figures -----------


def _registered(clock, step, calendar, service_days, counts) -> None:
    counts.add(Metric.REGISTERED)


def _receipted(clock, step, calendar, service_days, counts) -> None:
    _start(clock, step.at, calendar, service_days() if callable(service_days) else service_days)
    counts.add(Metric.RECEIPTED)


def _to_applicant(clock, step, calendar, service_days, counts) -> None:
    if clock.state == ClockState.RUNNING:
        _pause(clock, step.at, calendar)
    counts.add(Metric.RETURNED, officer=True)


def _from_applicant(clock, step, calendar, service_days, counts) -> None:
    if clock.state == ClockState.PAUSED:
        _resume(clock, step.at, calendar)


def _ready(clock, step, calendar, service_days, counts) -> None:
    _stop(clock, step.at, calendar, ClockState.READY)
    clock.within_sla = (
        clock.days_used <= clock.service_days if clock.service_days is not None else None
    )
    counts.add(Metric.READY)
    if clock.within_sla:
        counts.add(Metric.READY_ON_TIME)
    counts.add(Metric.SERVICE_TIME, bucket=bucket_of(clock.working_time))


def _closed(metric: str):
    def close(clock, step, calendar, service_days, counts) -> None:
        _stop(clock, step.at, calendar, ClockState.CLOSED)
        counts.add(metric)

    return close


def _handed_over(clock, step, calendar, service_days, counts) -> None:
    counts.add(Metric.HANDED_OVER)


def _drafted(clock, step, calendar, service_days, counts) -> None:
    clock.drafted_by_id = step.actor_id


def _sent_back(clock, step, calendar, service_days, counts) -> None:
    counts.add(Metric.SENT_BACK, officer=True)
    if clock.drafted_by_id:
        counts.append(Count(Metric.DRAFT_SENT_BACK, counts.day, officer_id=clock.drafted_by_id))


def _nothing(clock, step, calendar, service_days, counts) -> None:
    pass


ON_EVENT = {
    Event.NONE: _nothing,
    Event.REGISTERED: _registered,
    Event.RECEIPTED: _receipted,
    Event.TO_APPLICANT: _to_applicant,
    Event.FROM_APPLICANT: _from_applicant,
    Event.DRAFTED: _drafted,
    Event.SENT_BACK: _sent_back,
    Event.READY: _ready,
    Event.REJECTED: _closed(Metric.REJECTED),
    Event.WITHDRAWN: _closed(Metric.WITHDRAWN),
    Event.HANDED_OVER: _handed_over,
}


def _start(clock, at: datetime, calendar: WorkingCalendar, service_days: int | None) -> None:
    if service_days is None:
        raise ValueError("The receipt needs the service days of the standard.")
    clock.state = ClockState.RUNNING
    clock.service_days = service_days
    clock.received_at = at
    clock.running_since = at
    clock.due_on = calendar.add_working_days(local_day(at), service_days)


def _bank(clock, until: datetime, calendar: WorkingCalendar) -> None:
    """Add the running stretch up to `until` to the days and time used."""
    since = clock.running_since
    clock.days_used += calendar.working_days_between(local_day(since), local_day(until))
    clock.working_time += calendar.working_time(since, until)
    clock.running_since = None


def _pause(clock, at: datetime, calendar: WorkingCalendar) -> None:
    _bank(clock, at, calendar)
    clock.state = ClockState.PAUSED
    clock.paused_since = at
    clock.pause_count += 1
    if clock.days_used < clock.service_days:
        clock.due_on = None  # set again when the file comes back


def _resume(clock, at: datetime, calendar: WorkingCalendar) -> None:
    clock.state = ClockState.RUNNING
    clock.running_since = at
    clock.paused_since = None
    left = clock.service_days - clock.days_used
    if left > 0:
        clock.due_on = calendar.add_working_days(local_day(at), left)


def _stop(clock, at: datetime, calendar: WorkingCalendar, state: str) -> None:
    if clock.state == ClockState.RUNNING:
        _bank(clock, at, calendar)
    clock.state = state
    clock.paused_since = None
    clock.stopped_at = at


# --- reading a clock now ---------------------------------------------------------------


def days_used_at(clock, now: datetime, calendar: WorkingCalendar) -> int:
    """Working days used up to the day of `now` (that day counts if it began with the file)."""
    used = clock.days_used
    if clock.state == ClockState.RUNNING and clock.running_since:
        used += calendar.working_days_between(local_day(clock.running_since), local_day(now))
    return used


def working_time_at(clock, now: datetime, calendar: WorkingCalendar) -> timedelta:
    used = clock.working_time
    if clock.state == ClockState.RUNNING and clock.running_since:
        used += calendar.working_time(clock.running_since, now)
    return used


# --- rebuilding from the control card ------------------------------------------------------

_ENTRY_FIELDS = (
    "application_id",
    "transition",
    "from_status",
    "to_status",
    "actor_id",
    "created_at",
    "duration",
)


def fold(
    clock, steps: Iterable[Step], *, calendar: WorkingCalendar, service_days: int
) -> list[Count]:
    counts: list[Count] = []
    for step in steps:
        days = clock.service_days or service_days
        counts.extend(apply_step(clock, step, calendar=calendar, service_days=days))
    return counts


def _steps_by_application(entries) -> Iterable[tuple[int, list[Step]]]:
    """(application_id, steps) from rows ordered by application and time."""
    current, steps = None, []
    for app_id, transition, from_status, to_status, actor_id, at, duration in entries:
        if app_id != current:
            if current is not None:
                yield current, steps
            current, steps = app_id, []
        steps.append(Step(transition, from_status, to_status, actor_id, at, duration))
    if current is not None:
        yield current, steps


def rebuild(
    *,
    calendar: WorkingCalendar,
    service_days: int | Mapping[int, int],
    services: Mapping[int, int] | None = None,
    entry_model=None,
    application_model=None,
    clock_model=None,
    tally_model=None,
    batch_size: int = 2000,
) -> tuple[int, int]:
    """Recompute every clock and every figure from the control card. Returns (files, rows).

    `service_days` is one time limit for every file, or each file's own by its id (the
    version of the standard it was registered under). `services` gives each file's
    service by its id, so figures are counted per service too. The models can be given (a data
    migration passes its historical models). Run it in a transaction: it empties both
    tables first.
    """
    entry_model = entry_model or ControlCardEntry
    clock_model = clock_model or FileClock
    # The files, without importing their app: the model the clock's key points to.
    application_model = (
        application_model or clock_model._meta.get_field("application").related_model
    )
    tally_model = tally_model or Tally

    tally_model.objects.all().delete()
    clock_model.objects.all().delete()
    entries = (
        entry_model.objects.order_by("application_id", "created_at", "pk")
        .values_list(*_ENTRY_FIELDS)
        .iterator(chunk_size=5000)
    )
    rows: Counter = Counter()
    batch, files, seen = [], 0, set()
    for app_id, steps in _steps_by_application(entries):
        clock = clock_model(application_id=app_id)
        days = service_days.get(app_id) if isinstance(service_days, Mapping) else service_days
        counts = fold(clock, steps, calendar=calendar, service_days=days)
        rows.update(expand(counts, service_id=(services or {}).get(app_id)))
        batch.append(clock)
        seen.add(app_id)
        if len(batch) >= batch_size:
            clock_model.objects.bulk_create(batch)
            files += len(batch)
            batch = []
    # A file without a single entry (not written by the services) still gets a clock.
    for app_id in set(application_model.objects.values_list("pk", flat=True)) - seen:
        batch.append(clock_model(application_id=app_id))
    clock_model.objects.bulk_create(batch)
    files += len(batch)
    tallies.store(rows, tally_model=tally_model)
    return files, len(rows)


def refold_open_clocks(*, calendar: WorkingCalendar | None = None) -> int:
    """Recompute the clocks of files still running or paused (after a calendar change).

    Their figures already counted are left as they are: `manage.py rebuild_clocks`
    recomputes everything when a day in the past was changed.
    """
    calendar = calendar or load_calendar()
    open_clocks = {
        c.application_id: c
        for c in FileClock.objects.filter(state__in=[ClockState.RUNNING, ClockState.PAUSED])
    }
    if not open_clocks:
        return 0
    entries = (
        ControlCardEntry.objects.filter(application_id__in=list(open_clocks))
        .order_by("application_id", "created_at", "pk")
        .values_list(*_ENTRY_FIELDS)
    )
    fresh = []
    for app_id, steps in _steps_by_application(entries):
        old = open_clocks[app_id]
        clock = FileClock(application_id=app_id)
        fold(clock, steps, calendar=calendar, service_days=old.service_days or 0)
        fresh.append(clock)
    fields = [f.name for f in FileClock._meta.concrete_fields if not f.primary_key]
    FileClock.objects.bulk_update(fresh, fields)
    return len(fresh)
