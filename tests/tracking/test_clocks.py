"""The service-time clock: starts at the receipt, pauses with the applicant, stops at the number."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command

from office.models import OfficeCalendarDay
from tests.clock_fixtures import at
from tracking.models import ClockState, FileClock, Tally
from workflow.table import Status

RECEIPT = ("issue_receipt", at(2026, 11, 23, 10))  # Monday
TO_NUMBER = [
    ("process", at(2026, 11, 24, 9)),
    ("print_draft", at(2026, 11, 24, 10)),
    ("initial", at(2026, 11, 24, 13)),
    ("sign", at(2026, 11, 25, 9)),
]


def test_a_registered_file_has_a_clock_that_has_not_started(walk):
    application = walk(at(2026, 11, 23, 8))
    assert application.clock.state == ClockState.NOT_STARTED
    assert application.clock.due_on is None


def test_an_incomplete_file_does_not_start_the_clock(walk):
    application = walk(at(2026, 11, 23, 8), [("mark_incomplete", at(2026, 11, 23, 9))])
    assert application.clock.state == ClockState.NOT_STARTED
    assert application.clock.pause_count == 0


def test_the_receipt_starts_the_clock_and_fixes_the_due_date(walk):
    application = walk(at(2026, 11, 23, 8), [RECEIPT])
    clock = application.clock
    assert clock.state == ClockState.RUNNING
    assert clock.received_at == RECEIPT[1]
    assert clock.service_days == 3
    assert clock.due_on == date(2026, 11, 26)


def test_a_receipt_before_idul_fitri_is_due_after_it(walk):
    application = walk(at(2026, 3, 17, 9), [("issue_receipt", at(2026, 3, 17, 10))])
    assert application.clock.due_on == date(2026, 3, 27)


def test_the_clock_pauses_with_the_applicant_and_resumes_with_the_correction(walk):
    returned = walk(
        at(2026, 11, 23, 8),
        [RECEIPT, ("return_for_correction", at(2026, 11, 24, 11))],
    )
    clock = returned.clock
    assert clock.state == ClockState.PAUSED
    assert clock.days_used == 1  # Tuesday began with the file at the office
    assert clock.working_time == timedelta(hours=25)
    assert clock.due_on is None
    assert clock.pause_count == 1

    resumed = walk(
        at(2026, 11, 23, 8),
        [
            RECEIPT,
            ("return_for_correction", at(2026, 11, 24, 11)),
            ("resubmit", at(2026, 11, 30, 9)),
        ],
    )
    # Two days were left; Monday 30 is the new "receipt" day and is not counted.
    assert resumed.clock.state == ClockState.RUNNING
    assert resumed.clock.due_on == date(2026, 12, 2)


def test_the_number_stops_the_clock_and_judges_it_on_time(walk):
    application = walk(
        at(2026, 11, 23, 8),
        [
            RECEIPT,
            ("return_for_correction", at(2026, 11, 24, 11)),
            ("resubmit", at(2026, 11, 30, 9)),
            ("process", at(2026, 12, 1, 9)),
            ("print_draft", at(2026, 12, 1, 10)),
            ("initial", at(2026, 12, 1, 11)),
            ("sign", at(2026, 12, 2, 9)),
            ("number", at(2026, 12, 2, 15)),
        ],
    )
    clock = application.clock
    assert application.status == Status.NUMBERED
    assert clock.state == ClockState.READY
    assert clock.days_used == 3
    assert clock.within_sla is True
    # 25 hours before the pause, Monday 09:00 to Wednesday 15:00 after it.
    assert clock.working_time == timedelta(hours=25 + 54)
    assert clock.stopped_at == at(2026, 12, 2, 15)


def test_a_permit_numbered_a_day_late_is_judged_late(walk):
    application = walk(at(2026, 11, 23, 8), [RECEIPT, *TO_NUMBER, ("number", at(2026, 11, 27, 10))])
    assert application.clock.days_used == 4
    assert application.clock.within_sla is False


def test_a_rejection_stops_the_clock(walk):
    application = walk(at(2026, 11, 23, 8), [RECEIPT, ("reject", at(2026, 11, 24, 10))])
    assert application.clock.state == ClockState.CLOSED
    assert application.clock.days_used == 1
    assert application.clock.within_sla is None


def test_a_new_office_day_off_moves_the_due_date_of_open_files(walk):
    running = walk(at(2026, 11, 23, 8), [RECEIPT])
    finished = walk(at(2026, 11, 23, 8), [RECEIPT, ("reject", at(2026, 11, 24, 10))])
    OfficeCalendarDay.objects.create(date=date(2026, 11, 25), name="Libur daerah")
    assert FileClock.objects.get(pk=running.pk).due_on == date(2026, 11, 27)
    assert FileClock.objects.get(pk=finished.pk).days_used == 1

    OfficeCalendarDay.objects.all().delete()
    assert FileClock.objects.get(pk=running.pk).due_on == date(2026, 11, 26)


def _snapshot():
    clocks = list(FileClock.objects.order_by("pk").values())
    tallies = sorted(
        Tally.objects.values_list(
            "service_id",
            "officer_id",
            "metric",
            "scale",
            "period_start",
            "step",
            "bucket",
            "events",
        )
    )
    return clocks, tallies


def test_rebuilding_from_the_control_card_gives_what_the_steps_wrote(walk, staff):
    walk(at(2026, 11, 23, 8), [("mark_incomplete", at(2026, 11, 23, 9))])
    walk(
        at(2026, 11, 23, 8),
        [
            RECEIPT,
            ("return_for_correction", at(2026, 11, 24, 11)),
            ("resubmit", at(2026, 11, 30, 9)),
            ("process", at(2026, 12, 1, 9)),
            ("print_draft", at(2026, 12, 1, 10)),
            ("send_back_by_kabid", at(2026, 12, 1, 11)),
            ("print_draft", at(2026, 12, 1, 14)),
        ],
    )
    walk(at(2026, 11, 23, 8), [RECEIPT, *TO_NUMBER, ("number", at(2026, 11, 27, 10))])
    written = _snapshot()
    assert written[1]

    call_command("rebuild_clocks", stdout=StringIO())

    assert _snapshot() == written
