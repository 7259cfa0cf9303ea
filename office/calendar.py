"""The working-day calendar. Every count of working days in Kendali comes from here.

A working day is Monday to Friday, except Indonesian national holidays and cuti bersama
(the `holidays` package, names in Indonesian), except the office's own days off, and
including any day the office marks as a working day (`OfficeCalendarDay`).

Two measures, both documented in docs/adr/0005-working-days-and-figures.md:

- whole working days, as the service standard counts them: `working_days_between(a, b)`
  counts the working days after `a` up to and including `b` (the day a file arrives is
  not counted), and `add_working_days(a, n)` is the n-th working day after `a`;
- working time, for durations: `working_time(start, end)` is the part of an interval
  that falls on working days (each working day counts 24 hours, other days nothing).

The office table is read once per `load_calendar()` (one small query): callers load it
once per request or command and pass it on, so a change made in the admin is seen at once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays as holidays_package
from django.utils import timezone

from office.indonesian import DAYS
from office.models import OfficeCalendarDay

# No file waits this long; a calendar with no working day in ten years is a data error.
_SEARCH_LIMIT = 3660


class CalendarError(Exception):
    """The calendar has no working day where one is needed."""


@dataclass(frozen=True)
class SkippedDay:
    """A day that is not counted, and why."""

    day: date
    name: str
    kind: str  # "weekend", "holiday" (national or cuti bersama) or "office"


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """National holidays and cuti bersama of one year, with their Indonesian names."""
    found = holidays_package.country_holidays(
        "ID", categories=("public", "government"), language="id", years=year
    )
    return dict(found.items())


class WorkingCalendar:
    def __init__(self, office_days: Iterable[tuple[date, str, str]] = ()):
        """`office_days`: (date, name, kind) rows of OfficeCalendarDay."""
        self._days_off: dict[date, str] = {}
        self._working: dict[date, str] = {}
        for day, name, kind in office_days:
            (self._working if kind == "working_day" else self._days_off)[day] = name

    def is_working_day(self, day: date) -> bool:
        if day in self._days_off:
            return False
        if day in self._working:
            return True
        return day.weekday() < 5 and day not in national_holidays(day.year)

    def day_off(self, day: date) -> SkippedDay | None:
        """Why `day` is not a working day (None when it is one)."""
        if self.is_working_day(day):
            return None
        if day in self._days_off:
            return SkippedDay(day, self._days_off[day], "office")
        holiday = national_holidays(day.year).get(day)
        if holiday:
            return SkippedDay(day, holiday, "holiday")
        return SkippedDay(day, DAYS[day.weekday()], "weekend")

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (`start` itself is not counted)."""
        current, remaining = start, days
        for _ in range(_SEARCH_LIMIT):
            if remaining <= 0:
                return current
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        raise CalendarError(f"Tidak ada hari kerja setelah {start:%d-%m-%Y}.")

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (0 when end is not after start).

        Counted without walking the days (queues and exports ask it for every row):
        weekdays by arithmetic, then the listed days inside the range one by one.
        """
        if end <= start:
            return 0
        count = _weekdays_upto(end) - _weekdays_upto(start)
        exceptions = set(self._days_off) | set(self._working)
        for year in range(start.year, end.year + 1):
            exceptions.update(d for d in national_holidays(year) if start < d <= end)
        for day in exceptions:
            if start < day <= end:
                count += self.is_working_day(day) - (day.weekday() < 5)
        return count

    def skipped_days(self, start: date, end: date) -> list[SkippedDay]:
        """The days d with start < d <= end that are not counted, with their names."""
        skipped, current = [], start
        while current < end:
            current += timedelta(days=1)
            reason = self.day_off(current)
            if reason is not None:
                skipped.append(reason)
        return skipped

    def working_time(self, start: datetime, end: datetime) -> timedelta:
        """The part of [start, end) that falls on working days, in the office's time zone."""
        if end <= start:
            return timedelta(0)
        start, end = timezone.localtime(start), timezone.localtime(end)
        day, last = start.date(), end.date()
        if day == last:
            return end - start if self.is_working_day(day) else timedelta(0)
        total = timedelta(days=self.working_days_between(day, last - timedelta(days=1)))
        if self.is_working_day(day):
            total += _midnight_after(start) - start
        if self.is_working_day(last):
            total += end - _midnight_before(end)
        return total


def _weekdays_upto(day: date) -> int:
    """Mondays to Fridays from a fixed Monday (1 January 2001) up to and including `day`."""
    days = (day - _EPOCH).days + 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


_EPOCH = date(2001, 1, 1)  # a Monday


def _midnight_before(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time.min, tzinfo=moment.tzinfo)


def _midnight_after(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + timedelta(days=1), time.min, tzinfo=moment.tzinfo)


def load_calendar() -> WorkingCalendar:
    """The calendar with the office's own days as they are in the database now."""
    return WorkingCalendar(OfficeCalendarDay.objects.values_list("date", "name", "kind"))


# One-call helpers for callers that ask a single question.


def is_working_day(day: date) -> bool:
    return load_calendar().is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    return load_calendar().add_working_days(start, days)


def working_days_between(start: date, end: date) -> int:
    return load_calendar().working_days_between(start, end)


def skipped_days(start: date, end: date) -> list[SkippedDay]:
    return load_calendar().skipped_days(start, end)


def working_time(start: datetime, end: datetime) -> timedelta:
    return load_calendar().working_time(start, end)
