"""One due date everywhere: the file page, the applicant's tracking page and the receipt e-mail."""

from datetime import date

from django.core import mail
from django.urls import reverse

from office.calendar import WorkingCalendar
from office.roles import Role
from permits.applicant_view import public_tracking
from tests.clock_fixtures import at
from tracking.deadlines import DeadlineState, deadline_of, due_date

PLAIN = WorkingCalendar()


def test_a_file_due_on_friday_is_late_on_monday_not_on_saturday(walk):
    clock = walk(at(2026, 11, 24, 8), [("issue_receipt", at(2026, 11, 24, 9))]).clock
    assert clock.due_on == date(2026, 11, 27)

    def state(moment):
        return deadline_of(clock, calendar=PLAIN, now=moment)

    assert state(at(2026, 11, 26, 12)).state == DeadlineState.ON_TIME
    assert state(at(2026, 11, 26, 12)).days_left == 1
    assert state(at(2026, 11, 27, 12)).state == DeadlineState.DUE_TODAY
    assert state(at(2026, 11, 28, 12)).state == DeadlineState.DUE_TODAY
    assert state(at(2026, 11, 30, 8)).state == DeadlineState.OVERDUE
    assert state(at(2026, 11, 30, 8)).label == "Terlambat 1 hari kerja"


def test_the_file_page_shows_the_due_date_and_the_holidays_not_counted(client, staff, walk, travel):
    application = walk(at(2026, 3, 17, 9), [("issue_receipt", at(2026, 3, 17, 10))])
    client.force_login(staff[Role.KABID])
    with travel(at(2026, 3, 25, 10)):
        page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "Jumat, 27 Maret 2026" in page
    assert "1 dari 3 hari kerja" in page
    assert "sisa 2 hari kerja" in page
    assert "Hari Raya Idul Fitri" in page
    assert "Cuti Bersama Hari Raya Idul Fitri" in page
    assert "Hari Suci Nyepi" in page


def test_the_file_page_shows_the_pause_while_the_file_is_with_the_applicant(
    client, staff, walk, travel
):
    application = walk(
        at(2026, 11, 23, 8),
        [("issue_receipt", at(2026, 11, 23, 10)), ("return_for_correction", at(2026, 11, 24, 11))],
    )
    client.force_login(staff[Role.FO])
    with travel(at(2026, 11, 26, 10)):
        page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "Jam berhenti (berkas di pemohon)" in page
    assert "24 Nov 2026 11:00 &ndash; sekarang" in page
    assert "Dihitung lagi saat perbaikan diterima dari pemohon" in page


def test_the_receipt_email_and_the_tracking_page_give_the_clocks_due_date(
    walk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = walk(at(2026, 3, 17, 9), [("issue_receipt", at(2026, 3, 17, 10))])
    receipt_mail = next(m for m in mail.outbox if "Tanda terima" in m.subject)
    assert "Jumat, 27 Maret 2026" in receipt_mail.body
    assert public_tracking(application).due_on == application.clock.due_on == date(2026, 3, 27)
    assert due_date(at(2026, 3, 17, 10), 3) == date(2026, 3, 27)


def test_the_tracking_page_moves_the_due_date_after_a_correction(walk):
    application = walk(
        at(2026, 11, 23, 8),
        [
            ("issue_receipt", at(2026, 11, 23, 10)),
            ("return_for_correction", at(2026, 11, 24, 11)),
            ("resubmit", at(2026, 11, 30, 9)),
        ],
    )
    assert public_tracking(application).due_on == date(2026, 12, 2)


def test_the_tracking_page_says_the_clock_stops_while_the_file_is_with_the_applicant(client, walk):
    application = walk(
        at(2026, 11, 23, 8),
        [("issue_receipt", at(2026, 11, 23, 10)), ("return_for_correction", at(2026, 11, 24, 11))],
    )
    page = client.post(
        "/lacak/", {"no": application.registration_number, "kode": application.tracking_code}
    ).content.decode()
    assert "Jangka waktu berhenti selama berkas di pemohon" in page
