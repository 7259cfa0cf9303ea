"""The demo data of `make run` looks like a year of office work (issue 13, item 25)."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from office.calendar import load_calendar
from permits.models import Application
from permits.selectors import queue_for, queue_summary
from supervision.figures import figures
from tracking.deadlines import DeadlineState, attach_deadlines, last_working_day
from tracking.models import ControlCardEntry
from workflow.table import Status

PLACEHOLDER = "Catatan contoh dari petugas"


def months_back(today: date, months: int) -> date:
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


# One test: seeding walks some thirty files through the real services (PDFs, signatures).
def test_demo_data_looks_like_a_year_of_office_work(seeded):
    files_at_every_status_spread_over_the_year()
    back_office_queue_has_overdue_and_due_today()
    notes_are_what_an_officer_would_write()
    dashboard_trend_shows_more_than_one_month()
    runs_once()


def files_at_every_status_spread_over_the_year():
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    today = timezone.localdate()
    start = months_back(today, 11)
    days = [timezone.localdate(c) for c in Application.objects.values_list("created_at", flat=True)]
    months = {(day.year, day.month) for day in days if day >= start}
    assert len(months) >= 10


def back_office_queue_has_overdue_and_due_today():
    back_office = User.objects.get(username="backoffice")
    calendar = load_calendar()
    today = timezone.localdate()
    states = {
        application.deadline.state
        for application in attach_deadlines(queue_for(back_office), calendar=calendar)
    }
    assert {DeadlineState.OVERDUE, DeadlineState.DUE_TODAY} <= states
    summary = queue_summary(
        back_office, today=today, reference_day=last_working_day(today, calendar)
    )
    assert summary.overdue >= 1 and summary.due_today >= 1


def notes_are_what_an_officer_would_write():
    assert not ControlCardEntry.objects.filter(comment__icontains=PLACEHOLDER).exists()
    rejection = ControlCardEntry.objects.filter(transition="reject").first()
    assert rejection is not None and len(rejection.comment) > 40
    for name in ("mark_incomplete", "return_for_correction", "withdraw"):
        assert ControlCardEntry.objects.filter(transition=name).exclude(comment="").exists()
    sent_back = ControlCardEntry.objects.filter(
        transition__in=["send_back_by_kabid", "send_back_by_head"]
    )
    assert sent_back.count() >= 2 and not sent_back.filter(comment="").exists()


def dashboard_trend_shows_more_than_one_month():
    today = timezone.localdate()
    trend = figures(months_back(today, 11), today).months
    busy = [m for m in trend if m.registered or m.receipted or m.ready]
    assert len(trend) == 12 and len(busy) > 1


def runs_once():
    count = Application.objects.count()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Application.objects.count() == count
    assert "tidak ada yang ditambahkan" in out.getvalue()
