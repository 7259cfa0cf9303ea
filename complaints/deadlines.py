"""Complaint deadlines in working days, from the office calendar (tracking.deadlines).

Verification is due 3 working days after the complaint is received (SP4N-LAPOR).
The resolution clock of a tier starts on the day of verification: until then
nobody knows which tier applies, and the verification has its own limit.
A complaint forwarded by SP4N-LAPOR! also has LAPOR!'s own limit: the office acts
within settings.LAPOR_ACTION_DAYS (5) working days of the day LAPOR! forwarded it.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone

from office.calendar import SkippedDay, skipped_days
from tracking.deadlines import add_working_days

VERIFICATION_DAYS = 3


def today() -> date:
    return timezone.localdate()


def verification_due(received_on: date) -> date:
    return add_working_days(received_on, VERIFICATION_DAYS)


def resolution_due(verified_on: date, tier_days: int) -> date:
    return add_working_days(verified_on, tier_days)


def lapor_due(forwarded_on: date) -> date:
    return add_working_days(forwarded_on, settings.LAPOR_ACTION_DAYS)


def days_off(start: date | None, end: date | None) -> list[SkippedDay]:
    """Holidays and office days off after `start` up to `end` (weekends go without saying)."""
    if start is None or end is None:
        return []
    return [day for day in skipped_days(start, end) if day.kind != "weekend"]
