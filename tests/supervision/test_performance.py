"""Evaluasi Kinerja Pelaksana: each officer sees their own; supervisors see everyone's."""

from datetime import timedelta

import pytest
from django.urls import reverse

from office.roles import Role
from tests.clock_fixtures import at
from tests.conftest import make_user

PERIOD = {"dari": "2026-11-01", "sampai": "2026-11-30"}


def test_an_officer_sees_their_own_steps_times_and_returns(client, staff, november):
    client.force_login(staff[Role.BACK_OFFICE])
    response = client.get(reverse("performance"), PERIOD)
    assert response.status_code == 200
    report = response.context["report"]
    steps = {s.step: s for s in report.steps}
    assert set(steps) == {3, 4}
    # Step 3: C returned after 4 hours and rejected after 6, A after 24, B after 72, F after 24.
    assert steps[3].handled == 5
    assert steps[3].median == timedelta(hours=24)
    assert steps[3].within_allowance == 0.8
    assert steps[3].rating.label == "Cukup"
    assert steps[4].handled == 2
    assert report.returned == 1


def test_a_draft_sent_back_counts_for_the_kabid_and_for_the_officer_who_printed_it(
    client, staff, walk
):
    walk(
        at(2026, 11, 23, 8),
        [
            ("issue_receipt", at(2026, 11, 23, 9)),
            ("process", at(2026, 11, 23, 10)),
            ("print_draft", at(2026, 11, 23, 11)),
            ("send_back_by_kabid", at(2026, 11, 23, 15)),
        ],
    )
    client.force_login(staff[Role.KABID])
    reports = {
        r.officer_id: r for r in client.get(reverse("performance_all"), PERIOD).context["reports"]
    }
    assert reports[staff[Role.KABID].pk].sent_back == 1
    assert reports[staff[Role.KABID].pk].steps[0].step == 5
    assert reports[staff[Role.BACK_OFFICE].pk].drafts_sent_back == 1


def test_officers_without_steps_in_the_period_are_listed_with_nothing(client, staff):
    client.force_login(staff[Role.SEKRETARIS])
    reports = client.get(reverse("performance_all"), PERIOD).context["reports"]
    officers = {r.officer_id for r in reports}
    assert staff[Role.BAGIAN_UMUM].pk in officers
    assert staff[Role.SEKRETARIS].pk not in officers  # takes no steps
    assert all(r.is_empty for r in reports)


def test_an_officer_cannot_open_another_officers_evaluation(client, staff):
    client.force_login(staff[Role.FO])
    other = reverse("performance_officer", args=[staff[Role.BACK_OFFICE].pk])
    assert client.get(other).status_code == 403
    assert client.get(reverse("performance_all")).status_code == 403


def test_an_officer_can_open_their_own_evaluation_by_its_address(client, staff):
    client.force_login(staff[Role.FO])
    own = reverse("performance_officer", args=[staff[Role.FO].pk])
    assert client.get(own).status_code == 200


@pytest.mark.parametrize("role", [Role.KEPALA_DINAS, Role.SEKRETARIS, Role.KABID, Role.ADMIN])
def test_supervisors_open_any_officers_evaluation_and_the_overview(client, staff, role):
    client.force_login(staff[role])
    other = reverse("performance_officer", args=[staff[Role.BACK_OFFICE].pk])
    assert client.get(other).status_code == 200
    assert client.get(reverse("performance_all")).status_code == 200


def test_a_user_without_an_office_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("performance")).status_code == 403


def test_the_evaluation_page_is_printable_without_the_period_form(client, staff):
    client.force_login(staff[Role.FO])
    page = client.get(reverse("performance"), PERIOD).content.decode()
    assert 'class="card period-card no-print"' in page
    assert "Ctrl+P" in page


def test_the_menu_shows_kinerja_saya_to_officers_who_take_steps(client, staff, db):
    client.force_login(staff[Role.FO])
    assert "Kinerja saya" in client.get("/").content.decode()
    watcher = make_user("pengamat", Role.SEKRETARIS)
    client.force_login(watcher)
    assert "Kinerja saya" not in client.get("/").content.decode()
