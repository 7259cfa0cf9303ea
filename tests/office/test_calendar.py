"""The working-day calendar: weekends, national holidays and cuti bersama, the office's own days."""

from datetime import date, timedelta

from office import calendar
from office.calendar import WorkingCalendar
from office.models import OfficeCalendarDay
from tests.clock_fixtures import at

PLAIN = WorkingCalendar()


def test_idul_fitri_2026_and_its_cuti_bersama_are_not_working_days():
    # Nyepi on 19 March, Idul Fitri on 21-22 March, cuti bersama around them.
    for day in range(18, 25):
        assert not PLAIN.is_working_day(date(2026, 3, day)), day
    assert PLAIN.is_working_day(date(2026, 3, 17))
    assert PLAIN.is_working_day(date(2026, 3, 25))


def test_a_receipt_before_idul_fitri_is_due_after_the_holidays():
    # Tuesday 17 March: Wednesday 18 to Tuesday 24 are not counted.
    assert PLAIN.add_working_days(date(2026, 3, 17), 3) == date(2026, 3, 27)


def test_the_skipped_days_carry_their_indonesian_names():
    skipped = {d.day: d for d in PLAIN.skipped_days(date(2026, 3, 17), date(2026, 3, 27))}
    assert skipped[date(2026, 3, 19)].name == "Hari Suci Nyepi"
    assert skipped[date(2026, 3, 21)].name == "Hari Raya Idul Fitri"
    assert skipped[date(2026, 3, 23)].name == "Cuti Bersama Hari Raya Idul Fitri"
    assert skipped[date(2026, 3, 23)].kind == "holiday"
    assert set(skipped) == {date(2026, 3, d) for d in range(18, 25)}


def test_a_plain_weekend_is_skipped_as_saturday_and_sunday():
    skipped = PLAIN.skipped_days(date(2026, 11, 26), date(2026, 12, 1))
    assert [(d.day, d.name, d.kind) for d in skipped] == [
        (date(2026, 11, 28), "Sabtu", "weekend"),
        (date(2026, 11, 29), "Minggu", "weekend"),
    ]


def test_the_year_end_skips_christmas_cuti_bersama_and_new_year():
    # Wednesday 23 December 2026: 24 (cuti bersama), 25 (Natal), weekend, 1 January skipped.
    assert PLAIN.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert PLAIN.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert PLAIN.working_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 5


def test_working_days_between_counts_the_last_day_but_not_the_first():
    assert PLAIN.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert PLAIN.working_days_between(date(2026, 11, 23), date(2026, 11, 24)) == 1
    assert PLAIN.working_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1
    assert PLAIN.working_days_between(date(2026, 11, 30), date(2026, 11, 27)) == 0


def test_an_office_day_off_is_not_a_working_day(db):
    OfficeCalendarDay.objects.create(date=date(2026, 12, 1), name="HUT Kabupaten OKI")
    office = calendar.load_calendar()
    assert not office.is_working_day(date(2026, 12, 1))
    assert office.add_working_days(date(2026, 11, 26), 3) == date(2026, 12, 2)
    assert office.day_off(date(2026, 12, 1)).name == "HUT Kabupaten OKI"
    assert office.day_off(date(2026, 12, 1)).kind == "office"


def test_a_holiday_the_office_works_is_a_working_day(db):
    OfficeCalendarDay.objects.create(
        date=date(2026, 12, 24),
        name="Masuk kerja (pelayanan tetap buka)",
        kind=OfficeCalendarDay.Kind.WORKING_DAY,
    )
    assert calendar.is_working_day(date(2026, 12, 24))
    assert calendar.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 29)


def test_a_change_to_the_office_table_is_seen_at_once(db):
    assert calendar.is_working_day(date(2026, 12, 2))
    day = OfficeCalendarDay.objects.create(date=date(2026, 12, 2), name="Libur daerah")
    assert not calendar.is_working_day(date(2026, 12, 2))
    day.delete()
    assert calendar.is_working_day(date(2026, 12, 2))


def test_working_time_counts_only_the_hours_on_working_days():
    # Friday 10:00 to Monday 09:00: 14 hours on Friday and 9 on Monday.
    assert PLAIN.working_time(at(2026, 11, 27, 10), at(2026, 11, 30, 9)) == timedelta(hours=23)
    # Within one working day.
    assert PLAIN.working_time(at(2026, 11, 26, 8), at(2026, 11, 26, 9, 30)) == timedelta(
        hours=1, minutes=30
    )
    # Across Idul Fitri: Tuesday 17 March 15:00 to Wednesday 25 March 09:00.
    assert PLAIN.working_time(at(2026, 3, 17, 15), at(2026, 3, 25, 9)) == timedelta(hours=18)


def test_working_time_of_an_interval_on_a_holiday_is_nothing():
    assert PLAIN.working_time(at(2026, 3, 20, 8), at(2026, 3, 20, 17)) == timedelta(0)
    assert PLAIN.working_time(at(2026, 3, 20, 17), at(2026, 3, 20, 8)) == timedelta(0)


def test_counting_working_days_agrees_with_walking_the_days(db):
    OfficeCalendarDay.objects.create(date=date(2026, 6, 2), name="Libur kantor")
    OfficeCalendarDay.objects.create(
        date=date(2026, 6, 1), name="Masuk", kind=OfficeCalendarDay.Kind.WORKING_DAY
    )
    OfficeCalendarDay.objects.create(
        date=date(2026, 6, 6), name="Sabtu masuk", kind=OfficeCalendarDay.Kind.WORKING_DAY
    )
    office = calendar.load_calendar()
    start = date(2025, 12, 20)
    for length in (0, 1, 3, 7, 30, 200, 400):
        for offset in range(0, 170, 13):
            a = start + timedelta(days=offset)
            b = a + timedelta(days=length)
            walked = sum(office.is_working_day(a + timedelta(days=i)) for i in range(1, length + 1))
            assert office.working_days_between(a, b) == walked, (a, b)
