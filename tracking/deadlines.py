"""Working-day deadlines. Every due date in Kendali comes from here.

Until the office calendar lands (issue 4), a working day is Monday to Friday;
the holiday calendar will replace `is_working_day` and nothing else.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def due_date(received_at: datetime | None, service_days: int) -> date | None:
    """Due date of a file whose receipt was issued at `received_at` (None before step 2)."""
    if received_at is None:
        return None
    return add_working_days(timezone.localtime(received_at).date(), service_days)
