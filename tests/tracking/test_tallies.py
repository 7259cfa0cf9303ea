"""Pre-counted figures: counted on their day and month, read back for any period."""

from datetime import date, timedelta

import pytest

from tracking import tallies
from tracking.grid import bucket_of
from tracking.tallies import Count, Histogram

DAYS = [
    date(2025, 12, 31),
    date(2026, 1, 31),
    date(2026, 2, 1),
    date(2026, 2, 28),
    date(2026, 3, 1),
    date(2026, 3, 15),
    date(2027, 1, 1),
]


def registered(start: date, end: date) -> int:
    return sum(
        n
        for (_officer, metric, _month), n in tallies.counts_by_month(start, end).items()
        if metric == "registered"
    )


def test_any_period_counts_the_events_of_its_days(db):
    tallies.add([Count("registered", day) for day in DAYS])
    assert registered(date(2026, 1, 1), date(2026, 12, 31)) == 5  # month rows only
    assert registered(date(2026, 2, 1), date(2026, 2, 28)) == 2  # one whole month
    assert registered(date(2026, 1, 31), date(2026, 3, 1)) == 4  # day rows at both ends
    assert registered(date(2026, 2, 2), date(2026, 2, 27)) == 0
    assert registered(date(2026, 3, 15), date(2026, 3, 15)) == 1
    assert registered(date(2025, 12, 31), date(2027, 1, 1)) == 7


def step_times(start: date, end: date) -> int:
    return sum(h.count for h in tallies.histograms(start, end).values())


def test_durations_read_year_rows_for_whole_years_and_smaller_rows_for_the_rest(db):
    tallies.add([Count("step_time", day, step=3, bucket=60) for day in DAYS])
    assert step_times(date(2026, 1, 1), date(2026, 12, 31)) == 5  # the year row
    assert step_times(date(2025, 12, 31), date(2027, 1, 1)) == 7  # a year and a day each side
    assert step_times(date(2025, 12, 1), date(2027, 1, 31)) == 7  # a year and a month each side
    assert step_times(date(2026, 2, 1), date(2026, 12, 31)) == 4
    assert step_times(date(2026, 1, 31), date(2026, 3, 1)) == 4


def test_counting_the_same_event_again_adds_to_the_row(db):
    tallies.add([Count("registered", DAYS[0])])
    tallies.add([Count("registered", DAYS[0]), Count("registered", DAYS[0])])
    assert registered(DAYS[0], DAYS[0]) == 3


def test_durations_are_rounded_up_to_the_grid():
    assert bucket_of(timedelta(0)) == 0
    assert bucket_of(timedelta(minutes=1)) == 5
    assert bucket_of(timedelta(minutes=60)) == 60
    assert bucket_of(timedelta(minutes=61)) == 75
    assert bucket_of(timedelta(hours=12, minutes=1)) == 12 * 60 + 30
    assert bucket_of(timedelta(hours=36)) == 36 * 60
    assert bucket_of(timedelta(hours=36, minutes=1)) == 38 * 60
    assert bucket_of(timedelta(days=8, hours=1)) == (8 * 24 + 6) * 60
    assert bucket_of(timedelta(days=20, hours=1)) == 21 * 24 * 60


def test_an_allowance_must_lie_on_the_grid(db):
    from django.core.exceptions import ValidationError

    from tracking.models import StepAllowance

    StepAllowance(step=3, hours=36).clean()
    with pytest.raises(ValidationError):
        StepAllowance(step=3, hours=37).clean()


def test_percentiles_are_read_by_nearest_rank():
    histogram = Histogram()
    for hours in (1, 2, 3, 4, 10):
        histogram.add(hours * 60, 1)
    assert histogram.median == timedelta(hours=3)
    assert histogram.p90 == timedelta(hours=10)
    assert histogram.share_within(timedelta(hours=3)) == 0.6
    assert Histogram().median is None


def _days_of(piece: tallies.Piece) -> list[date]:
    if piece.scale == "d":
        count = (piece.last - piece.first).days + 1
        return [piece.first + timedelta(days=n) for n in range(count)]
    days = []
    period = piece.first
    while period <= piece.last:
        following = (
            date(period.year + 1, 1, 1)
            if piece.scale == "y"
            else (period.replace(day=28) + timedelta(days=4)).replace(day=1)
        )
        days += [period + timedelta(days=n) for n in range((following - period).days)]
        period = following
    return days


@pytest.mark.parametrize("by_month", [False, True])
def test_the_pieces_of_a_period_cover_each_of_its_days_once(by_month):
    for start in DAYS:
        for end in DAYS:
            if end < start:
                continue
            cut = tallies.pieces(start, end, by_month=by_month)
            covered = [day for piece in cut for day in _days_of(piece)]
            assert sorted(covered) == [
                start + timedelta(days=n) for n in range((end - start).days + 1)
            ], (start, end)
            assert not by_month or all(piece.scale != "y" for piece in cut)
    whole = tallies.pieces(date(2016, 1, 1), date(2026, 12, 6))
    assert [p.scale for p in whole] == ["y", "m", "d"]  # ten years read as few rows
