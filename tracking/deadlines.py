"""Deadlines: every due date and deadline state in Kendali comes from here.

The receipt, the applicant's tracking page, the e-mails, the queues and the file page
all read the due date that tracking.clocks keeps on the file's clock, computed with the
working-day calendar (office.calendar); `due_date` answers the same question for a
receipt before the clock row exists.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone

from office.calendar import (
    SkippedDay,
    WorkingCalendar,
    add_working_days,
    is_working_day,
    load_calendar,
    working_days_between,
)
from tracking.clocks import days_used_at, local_day, working_time_at
from tracking.models import ClockState
from workflow.table import CARD_TRANSITIONS, WITH_APPLICANT, Event

__all__ = [
    "Deadline",
    "DeadlineState",
    "add_working_days",
    "attach_deadlines",
    "deadline_of",
    "due_date",
    "is_working_day",
    "schedule_of",
    "working_days_between",
]


def due_date(
    received_at: datetime | None, service_days: int, *, calendar: WorkingCalendar | None = None
) -> date | None:
    """Due date of a file whose receipt was issued at `received_at` (None before step 2)."""
    if received_at is None:
        return None
    return (calendar or load_calendar()).add_working_days(local_day(received_at), service_days)


def last_working_day(today: date, calendar: WorkingCalendar) -> date:
    """The latest working day on or before `today`: the day whose start decides lateness.

    A file due on Friday is late once a working day after it has begun (Monday), not on
    Saturday, because Saturday is not counted.
    """
    day = today
    for _ in range(3660):
        if calendar.is_working_day(day):
            return day
        day -= timedelta(days=1)
    return today


class DeadlineState(models.TextChoices):
    NOT_STARTED = "not_started", "Jam belum berjalan"
    ON_TIME = "on_time", "Dalam jangka waktu"
    DUE_TODAY = "due_today", "Jatuh tempo hari ini"
    OVERDUE = "overdue", "Terlambat"
    PAUSED = "paused", "Di pemohon"
    DONE_ON_TIME = "done_on_time", "Selesai tepat waktu"
    DONE_LATE = "done_late", "Selesai terlambat"
    STOPPED = "stopped", "Dihentikan"


# Order of the queues: the most urgent first.
URGENCY = (
    DeadlineState.OVERDUE,
    DeadlineState.DUE_TODAY,
    DeadlineState.ON_TIME,
    DeadlineState.NOT_STARTED,
    DeadlineState.PAUSED,
)

_TONES = {
    DeadlineState.NOT_STARTED: "neutral",
    DeadlineState.ON_TIME: "ontime",
    DeadlineState.DUE_TODAY: "duetoday",
    DeadlineState.OVERDUE: "overdue",
    DeadlineState.PAUSED: "paused",
    DeadlineState.DONE_ON_TIME: "ontime",
    DeadlineState.DONE_LATE: "overdue",
    DeadlineState.STOPPED: "neutral",
}


@dataclass(frozen=True)
class Deadline:
    state: str
    today: date
    due_on: date | None = None
    service_days: int | None = None
    days_used: int | None = None
    days_left: int | None = None  # working days after today until the due date
    days_late: int | None = None  # working days past the due date
    working_time: timedelta | None = None

    @property
    def tone(self) -> str:
        return _TONES[self.state]

    @property
    def label(self) -> str:
        """The badge text."""
        if self.state == DeadlineState.ON_TIME and self.days_left:
            return f"Sisa {self.days_left} hari kerja"
        if self.state == DeadlineState.DUE_TODAY and self.due_on != self.today:
            return "Jatuh tempo hari kerja terakhir"
        if self.state == DeadlineState.OVERDUE and self.days_late:
            return f"Terlambat {self.days_late} hari kerja"
        return DeadlineState(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state in (
            DeadlineState.ON_TIME,
            DeadlineState.DUE_TODAY,
            DeadlineState.OVERDUE,
        )


def deadline_of(clock, *, calendar: WorkingCalendar, now: datetime | None = None) -> Deadline:
    """Where a file stands against its due date now (`clock` may be None: not started)."""
    now = now or timezone.now()
    today = local_day(now)
    if clock is None or clock.state == ClockState.NOT_STARTED:
        return Deadline(DeadlineState.NOT_STARTED, today)
    common = {
        "today": today,
        "due_on": clock.due_on,
        "service_days": clock.service_days,
        "days_used": days_used_at(clock, now, calendar),
        "working_time": working_time_at(clock, now, calendar),
    }
    if clock.state == ClockState.PAUSED:
        return Deadline(DeadlineState.PAUSED, **common)
    if clock.state == ClockState.READY:
        state = DeadlineState.DONE_ON_TIME if clock.within_sla else DeadlineState.DONE_LATE
        return Deadline(state, **common)
    if clock.state == ClockState.CLOSED:
        return Deadline(DeadlineState.STOPPED, **common)
    reference = last_working_day(today, calendar)
    if clock.due_on is None or clock.due_on > today:
        left = calendar.working_days_between(today, clock.due_on) if clock.due_on else None
        return Deadline(DeadlineState.ON_TIME, days_left=left, **common)
    if clock.due_on >= reference:
        return Deadline(DeadlineState.DUE_TODAY, days_left=0, **common)
    late = calendar.working_days_between(clock.due_on, today)
    return Deadline(DeadlineState.OVERDUE, days_late=late, **common)


def attach_deadlines(applications, *, calendar: WorkingCalendar | None = None, now=None) -> list:
    """Set `.deadline` on each application (its clock loaded with select_related("clock"))."""
    calendar = calendar or load_calendar()
    now = now or timezone.now()
    applications = list(applications)
    for application in applications:
        application.deadline = deadline_of(
            getattr(application, "clock", None), calendar=calendar, now=now
        )
    return applications


@dataclass(frozen=True)
class Pause:
    since: datetime
    until: datetime | None  # None: still with the applicant


@dataclass(frozen=True)
class Schedule:
    """The file page's account of its service time."""

    deadline: Deadline
    received_at: datetime | None
    stopped_at: datetime | None
    pauses: tuple[Pause, ...]
    skipped: tuple[SkippedDay, ...]  # holidays and office days off, with their names
    weekend_days: int  # plain Saturdays and Sundays not counted

    @property
    def started(self) -> bool:
        return self.received_at is not None


def schedule_of(
    clock, entries, *, calendar: WorkingCalendar | None = None, now: datetime | None = None
) -> Schedule:
    """The due date, time used, pauses and days not counted of one file.

    `entries` are its control-card entries in order (already loaded for the page).
    """
    calendar = calendar or load_calendar()
    now = now or timezone.now()
    deadline = deadline_of(clock, calendar=calendar, now=now)
    received_at = getattr(clock, "received_at", None)
    stopped_at = getattr(clock, "stopped_at", None)

    pauses: list[Pause] = []
    started, since = False, None
    for entry in entries:
        if CARD_TRANSITIONS[entry.transition].event == Event.RECEIPTED:
            started = True
        elif started and entry.to_status in WITH_APPLICANT:
            since = entry.created_at
        elif since is not None and entry.from_status in WITH_APPLICANT:
            pauses.append(Pause(since, entry.created_at))
            since = None
    if since is not None:
        pauses.append(Pause(since, None))

    skipped: list[SkippedDay] = []
    if received_at is not None:
        if stopped_at is not None:
            end = local_day(stopped_at)
        else:
            end = max(deadline.today, deadline.due_on or deadline.today)
        skipped = calendar.skipped_days(local_day(received_at), end)
    return Schedule(
        deadline=deadline,
        received_at=received_at,
        stopped_at=stopped_at,
        pauses=tuple(pauses),
        skipped=tuple(d for d in skipped if d.kind != "weekend"),
        weekend_days=sum(1 for d in skipped if d.kind == "weekend"),
    )
