"""The daily deadline reminders: officers get their own files, Kabid a summary, once a day."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from office.roles import Role
from tests.clock_fixtures import at
from tests.conftest import make_user
from tracking.models import ReminderLog

MONDAY = "2026-11-30"


@pytest.fixture
def due_files(walk, staff):
    """Overdue at the back office, due today at the back office, overdue at the Kabid."""
    for role in (Role.BACK_OFFICE, Role.KABID, Role.FO):
        staff[role].email = f"{role.value}@dpmptsp.test"
        staff[role].save()
    return {
        "late": walk(at(2026, 11, 20, 8), [("issue_receipt", at(2026, 11, 20, 9))]),
        "today": walk(
            at(2026, 11, 25, 8),
            [("issue_receipt", at(2026, 11, 25, 9)), ("process", at(2026, 11, 26, 9))],
        ),
        "kabid": walk(
            at(2026, 11, 19, 8),
            [
                ("issue_receipt", at(2026, 11, 19, 9)),
                ("process", at(2026, 11, 20, 9)),
                ("print_draft", at(2026, 11, 20, 10)),
            ],
        ),
        "not_yet": walk(at(2026, 11, 27, 8), [("issue_receipt", at(2026, 11, 27, 9))]),
    }


def run(day: str = MONDAY) -> str:
    mail.outbox.clear()
    out = StringIO()
    call_command("send_deadline_reminders", date=day, stdout=out, stderr=StringIO())
    return out.getvalue()


def inbox() -> dict[str, list]:
    by_recipient: dict[str, list] = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message)
    return by_recipient


def test_each_officer_gets_the_files_due_in_their_own_queue(due_files, staff):
    second = make_user("petugas_bo_dua", Role.BACK_OFFICE, email="bo2@dpmptsp.test")
    run()
    received = inbox()
    for address in ("back_office@dpmptsp.test", second.email):
        (message,) = received[address]
        assert due_files["late"].registration_number in message.body
        assert due_files["today"].registration_number in message.body
        assert due_files["kabid"].registration_number not in message.body
        assert due_files["not_yet"].registration_number not in message.body
        assert "terlambat 3 hari kerja" in message.body
        assert "1 berkas terlambat, 1 berkas jatuh tempo hari ini" in message.subject
    assert "fo@dpmptsp.test" not in received


def test_the_kabid_gets_their_own_files_and_a_summary_of_all(due_files):
    run()
    subjects = sorted(m.subject for m in inbox()["kabid@dpmptsp.test"])
    assert subjects == [
        "[Kendali] 1 berkas terlambat",
        "[Kendali] Ringkasan tenggat 30 November 2026: 2 terlambat, 1 jatuh tempo hari ini",
    ]
    summary = next(m for m in inbox()["kabid@dpmptsp.test"] if "Ringkasan" in m.subject)
    assert due_files["late"].registration_number in summary.body
    assert "Petugas Back Office" in summary.body
    assert summary.alternatives[0][1] == "text/html"


def test_running_twice_on_one_day_sends_nothing_twice(due_files):
    run()
    first = len(mail.outbox)
    assert first == 3
    output = run()
    assert mail.outbox == []
    assert "3 pengingat sudah terkirim hari ini" in output
    assert ReminderLog.objects.count() == first


def test_the_next_day_sends_again(due_files):
    run()
    run("2026-12-01")
    assert len(mail.outbox) == 3


def test_nothing_is_sent_on_a_day_that_is_not_a_working_day(due_files):
    output = run("2026-11-28")
    assert mail.outbox == []
    assert "bukan hari kerja" in output
