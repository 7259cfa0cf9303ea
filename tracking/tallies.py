"""Pre-counted figures (`Tally`): written once per step, read by the dashboards.

Each event is counted on its day, in its month and in its year, for the whole office
and, where a step was taken by an officer, for that officer. A period reads year rows
for its whole years, month rows for the whole months left, and day rows for the days
left at either end: a few hundred rows whatever the number of files.

Durations are counted per bucket: the working time in minutes, rounded up to a grid
(`GRID`: 5 minutes up to an hour, 15 up to 6 hours, 30 up to a day, 2 hours up to 3 days,
6 hours up to 2 weeks, a day beyond). Medians and percentiles are read from the counts by
nearest rank, so they are exact to the grid and never flatter the office (rounded up);
"within an allowance" is exact for allowances on the grid (`on_grid`).
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q, Sum

from tracking.models import Tally

OFFICE = 0  # officer_id of the whole office
ALL_SERVICES = 0  # service_id of every service together


class Metric:
    """What is counted. Counts of events unless marked as a duration."""

    REGISTERED = "registered"
    RECEIPTED = "receipted"
    READY = "ready"
    READY_ON_TIME = "ready_on_time"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HANDED_OVER = "handed_over"
    RETURNED = "returned"  # sent to the applicant: incomplete, or for correction
    SENT_BACK = "sent_back"  # draft sent back to the back office by Kabid or Kepala Dinas
    DRAFT_SENT_BACK = "draft_sent_back"  # the same, counted for the officer who printed it
    STEP_TIME = "step_time"  # duration: working time at a step, per step
    SERVICE_TIME = "service_time"  # duration: receipt to permit ready, pauses left out


COUNTS = (
    Metric.REGISTERED,
    Metric.RECEIPTED,
    Metric.READY,
    Metric.READY_ON_TIME,
    Metric.REJECTED,
    Metric.WITHDRAWN,
    Metric.HANDED_OVER,
    Metric.RETURNED,
    Metric.SENT_BACK,
    Metric.DRAFT_SENT_BACK,
)
DURATIONS = (Metric.STEP_TIME, Metric.SERVICE_TIME)


@dataclass(frozen=True)
class Count:
    """One event to count: on `day`, for `officer_id` (OFFICE for the whole office)."""

    metric: str
    day: date
    officer_id: int = OFFICE
    step: int = 0
    bucket: int = 0


def month_of(day: date) -> date:
    return day.replace(day=1)


# service_id, officer_id, metric, scale, period_start, step, bucket
Key = tuple[int, int, str, str, date, int, int]


def year_of(day: date) -> date:
    return day.replace(month=1, day=1)


def expand(counts: Iterable[Count], *, service_id: int | None = None) -> Counter[Key]:
    """Each count on its day row, its month row and its year row, for every service
    together and, given the file's `service_id`, for that service too."""
    services = (ALL_SERVICES,) if not service_id else (ALL_SERVICES, service_id)
    rows: Counter[Key] = Counter()
    for c in counts:
        for scale, start in (
            (Tally.Scale.DAY, c.day),
            (Tally.Scale.MONTH, month_of(c.day)),
            (Tally.Scale.YEAR, year_of(c.day)),
        ):
            for service in services:
                rows[(service, c.officer_id, c.metric, scale, start, c.step, c.bucket)] += 1
    return rows


_COLUMNS = ("service_id", "officer_id", "metric", "scale", "period_start", "step", "bucket")


def add(counts: Iterable[Count], *, service_id: int | None = None) -> None:
    """Add the counts in one statement (an upsert that adds to existing rows)."""
    rows = sorted(
        expand(counts, service_id=service_id).items()
    )  # one order for every writer: no deadlocks
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(Tally._meta.db_table)
    columns = ", ".join(qn(c) for c in (*_COLUMNS, "events"))
    key = ", ".join(qn(c) for c in _COLUMNS)
    events = qn("events")
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params = [value for row_key, n in rows for value in (*row_key, n)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} "
            f"ON CONFLICT ({key}) DO UPDATE SET {events} = {table}.{events} + excluded.{events}",
            params,
        )


def store(rows: Counter[Key], *, tally_model=Tally, batch_size: int = 5000) -> None:
    """Write freshly counted rows into an empty table (rebuilds)."""
    tally_model.objects.bulk_create(
        (
            tally_model(
                service_id=service_id,
                officer_id=officer_id,
                metric=metric,
                scale=scale,
                period_start=start,
                step=step,
                bucket=bucket,
                events=n,
            )
            for (service_id, officer_id, metric, scale, start, step, bucket), n in rows.items()
        ),
        batch_size=batch_size,
    )


# --- reading --------------------------------------------------------------------------


def total(metric: str, start: date, end: date, *, service_id: int = ALL_SERVICES) -> int:
    """Events of one count metric for the whole office (of one service) in [start, end]."""
    rows = Tally.objects.filter(
        period_q(start, end), service_id=service_id, officer_id=OFFICE, metric=metric
    )
    return rows.aggregate(n=Sum("events"))["n"] or 0


def all_time(metric: str, *, service_id: int = ALL_SERVICES) -> int:
    """Every event of `metric` ever counted for the whole office (of one service): the sum of
    its year rows, a handful however many years."""
    rows = Tally.objects.filter(
        service_id=service_id, officer_id=OFFICE, metric=metric, scale=Tally.Scale.YEAR
    )
    return rows.aggregate(n=Sum("events"))["n"] or 0


def period_q(start: date, end: date, *, by_month: bool = False) -> Q:
    """Rows covering [start, end]: years, then months, then days, each as large as fits.

    `by_month`: no year rows, for figures shown month by month.
    """
    scales = [Tally.Scale.MONTH, Tally.Scale.DAY]
    if not by_month:
        scales.append(Tally.Scale.YEAR)
    q = Q()
    for piece in pieces(start, end, by_month=by_month):
        q |= Q(scale=piece.scale, period_start__range=(piece.first, piece.last))
    # Implied by the pieces, but the pieces are OR-ed, which an index cannot use:
    # with these the figures' index reads only the scales and the days of the period.
    return Q(scale__in=scales, period_start__range=(start, end)) & q


@dataclass(frozen=True)
class Piece:
    """Rows of one scale whose `period_start` lies in [first, last]."""

    scale: str
    first: date
    last: date


def pieces(start: date, end: date, *, by_month: bool = False) -> list[Piece]:
    """[start, end] cut into whole years, then whole months, then the days left at the ends.

    Also for figures kept only per month and year (complaints.survey_figures), which read the
    day pieces from their own rows."""
    if by_month:
        return _months_and_days(start, end)
    first_year = start.year if start == year_of(start) else start.year + 1
    last_year = end.year if end == date(end.year, 12, 31) else end.year - 1
    if first_year > last_year:
        return _months_and_days(start, end)
    found = []
    if start < date(first_year, 1, 1):
        found += _months_and_days(start, date(first_year - 1, 12, 31))
    found.append(Piece(Tally.Scale.YEAR, date(first_year, 1, 1), date(last_year, 1, 1)))
    if end > date(last_year, 12, 31):
        found += _months_and_days(date(last_year + 1, 1, 1), end)
    return found


def _months_and_days(start: date, end: date) -> list[Piece]:
    first_full = start if start.day == 1 else _next_month(start)
    after_end = end + timedelta(days=1)
    end_full = after_end if after_end.day == 1 else month_of(end)  # first day not covered
    if first_full >= end_full:
        return [Piece(Tally.Scale.DAY, start, end)]
    found = []
    if start < first_full:
        found.append(Piece(Tally.Scale.DAY, start, first_full - timedelta(days=1)))
    last_month = month_of(end_full - timedelta(days=1))
    found.append(Piece(Tally.Scale.MONTH, first_full, last_month))
    if end >= end_full:
        found.append(Piece(Tally.Scale.DAY, end_full, end))
    return found


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def counts_by_month(
    start: date,
    end: date,
    *,
    officer_ids: Iterable[int] = (OFFICE,),
    service_id: int | None = None,
) -> dict[tuple[int, str, date], int]:
    """{(officer_id, metric, month): events} for the count metrics, in one query.

    `service_id`: one service's figures; none, every service together (so everywhere)."""
    rows = (
        Tally.objects.filter(
            period_q(start, end, by_month=True),
            service_id=service_id or ALL_SERVICES,
            officer_id__in=list(officer_ids),
        )
        .filter(metric__in=COUNTS)
        .values_list("officer_id", "metric", "period_start")
        .annotate(n=Sum("events"))
        .order_by()
    )
    result: Counter = Counter()
    for officer_id, metric, period_start, n in rows:
        result[(officer_id, metric, month_of(period_start))] += n
    return dict(result)


class Histogram:
    """Counts of durations per bucket (working minutes, rounded up to the grid)."""

    def __init__(self, buckets: dict[int, int] | None = None):
        self.buckets: Counter[int] = Counter(buckets or {})

    def add(self, bucket: int, n: int) -> None:
        self.buckets[bucket] += n

    @property
    def count(self) -> int:
        return sum(self.buckets.values())

    def percentile(self, share: float) -> timedelta | None:
        """Nearest rank: the smallest value with at least `share` of the counts at or below it."""
        total = self.count
        if not total:
            return None
        rank = max(math.ceil(share * total), 1)
        seen = 0
        for bucket in sorted(self.buckets):
            seen += self.buckets[bucket]
            if seen >= rank:
                return timedelta(minutes=bucket)
        raise AssertionError("unreachable")

    @property
    def median(self) -> timedelta | None:
        return self.percentile(0.5)

    @property
    def p90(self) -> timedelta | None:
        return self.percentile(0.9)

    def share_within(self, limit: timedelta) -> float | None:
        total = self.count
        if not total:
            return None
        minutes = limit.total_seconds() / 60
        return sum(n for bucket, n in self.buckets.items() if bucket <= minutes) / total


def histograms(
    start: date,
    end: date,
    *,
    officer_ids: Iterable[int] = (OFFICE,),
    service_id: int | None = None,
) -> dict[tuple[int, str, int], Histogram]:
    """{(officer_id, metric, step): Histogram} for the duration metrics, in one query."""
    rows = (
        Tally.objects.filter(
            period_q(start, end),
            service_id=service_id or ALL_SERVICES,
            officer_id__in=list(officer_ids),
        )
        .filter(metric__in=DURATIONS)
        .values_list("officer_id", "metric", "step", "bucket")
        .annotate(n=Sum("events"))
        .order_by()
    )
    result: dict[tuple[int, str, int], Histogram] = {}
    for officer_id, metric, step, bucket, n in rows:
        key = (officer_id, metric, step)
        if key not in result:
            result[key] = Histogram()
        result[key].add(bucket, n)
    return result


def officer_rows(
    start: date, end: date, *, officer_id: int | None = None, service_id: int | None = None
):
    """(officer_id, metric, step, bucket, events) of one or every officer, in one query."""
    rows = Tally.objects.filter(period_q(start, end), service_id=service_id or ALL_SERVICES)
    if officer_id is None:
        rows = rows.filter(officer_id__gt=OFFICE)
    else:
        rows = rows.filter(officer_id=officer_id)
    return (
        rows.values_list("officer_id", "metric", "step", "bucket")
        .annotate(n=Sum("events"))
        .order_by()
    )
