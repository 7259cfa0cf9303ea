"""Queues show each file's deadline and put the most urgent first, at a fixed query cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.roles import Role
from tests.clock_fixtures import at
from tests.permits.test_views_desk import listed

NOW = at(2026, 11, 26, 10)  # Thursday
BADGE = re.compile(r'class="deadline deadline-(\w+)"[^>]*>([^<]+)<')


@pytest.fixture
def back_office_queue(walk):
    """Four files waiting for the back office; the oldest at its status is the least urgent."""
    return {
        "far": walk(at(2026, 11, 25, 8), [("issue_receipt", at(2026, 11, 25, 9))]),
        "near": walk(at(2026, 11, 24, 8), [("issue_receipt", at(2026, 11, 24, 9))]),
        "today": walk(
            at(2026, 11, 23, 8),
            [("issue_receipt", at(2026, 11, 23, 9)), ("process", at(2026, 11, 26, 9))],
        ),
        "late": walk(
            at(2026, 11, 20, 8),
            [("issue_receipt", at(2026, 11, 20, 9)), ("process", at(2026, 11, 26, 9, 30))],
        ),
    }


def test_the_queue_puts_overdue_files_first_then_due_today_then_by_due_date(
    client,
    staff,
    back_office_queue,
    travel,
):
    client.force_login(staff[Role.BACK_OFFICE])
    with travel(NOW):
        response = client.get(reverse("home"))
    files = back_office_queue
    assert listed(response) == [
        files[key].registration_number for key in ("late", "today", "near", "far")
    ]


def test_each_file_in_the_queue_shows_its_deadline_state(
    client,
    staff,
    back_office_queue,
    travel,
):
    client.force_login(staff[Role.BACK_OFFICE])
    with travel(NOW):
        page = client.get(reverse("home")).content.decode()
    assert BADGE.findall(page) == [
        ("overdue", "1 terlambat"),
        ("duetoday", "1 jatuh tempo hari ini"),
        ("overdue", "Terlambat 1 hari kerja"),
        ("duetoday", "Jatuh tempo hari ini"),
        ("ontime", "Sisa 1 hari kerja"),
        ("ontime", "Sisa 2 hari kerja"),
    ]


def test_files_with_the_applicant_come_after_the_files_waiting_at_the_counter(
    client,
    staff,
    walk,
    travel,
):
    returned = walk(
        at(2026, 11, 20, 8),
        [("issue_receipt", at(2026, 11, 20, 9)), ("return_for_correction", at(2026, 11, 20, 10))],
    )
    incomplete = walk(at(2026, 11, 23, 8), [("mark_incomplete", at(2026, 11, 23, 9))])
    waiting = walk(at(2026, 11, 25, 8))
    client.force_login(staff[Role.FO])
    with travel(NOW):
        response = client.get(reverse("home"))
    assert listed(response) == [
        waiting.registration_number,
        returned.registration_number,
        incomplete.registration_number,
    ]
    assert ("paused", "Di pemohon") in BADGE.findall(response.content.decode())


def test_the_queue_runs_the_same_queries_for_2_files_as_for_8(
    client,
    staff,
    walk,
    travel,
    django_assert_num_queries,
):
    steps = [
        [("issue_receipt", at(2026, 11, 20, 9))],
        [("issue_receipt", at(2026, 11, 25, 9))],
        [("issue_receipt", at(2026, 11, 23, 9)), ("process", at(2026, 11, 24, 9))],
        [("issue_receipt", at(2026, 11, 24, 9))],
    ]
    for i in range(2):
        walk(at(2026, 11, 20, 8), steps[i])
    client.force_login(staff[Role.BACK_OFFICE])
    with travel(NOW), CaptureQueriesContext(connection) as with_two:
        client.get(reverse("home"))
    for i in range(6):
        walk(at(2026, 11, 20, 8), steps[i % 4])
    with travel(NOW), django_assert_num_queries(len(with_two)):
        response = client.get(reverse("home"))
    assert len(listed(response)) == 8
