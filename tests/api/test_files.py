"""The files resource: what each file says, the filters, the cursor pages, personal data."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.scopes import Scope
from tests.api.conftest import Caller
from workflow.table import Status

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["registration_number"] for row in response.json()["results"]]


def pull_all(caller: Caller, **params) -> list[dict]:
    """Follow `next` to the end, the way a dashboard would."""
    rows, response = [], caller.get("files", **params)
    while True:
        assert response.status_code == 200, response.content
        page = response.json()
        rows += page["results"]
        if not page["next"]:
            return rows
        response = caller.get(page["next"])


def test_a_handed_over_file_says_its_outcome_permit_and_clock(caller, file_at):
    issued = file_at(Status.HANDED_OVER)
    [row] = caller(scopes=[Scope.FILES]).get("files").json()["results"]
    assert row["registration_number"] == issued.registration_number
    assert row["service"] == "iupi"
    assert row["status"] == "handed_over"
    assert row["status_label"] == "Diserahkan kepada pemohon"
    assert (row["step"], row["finished_steps"], row["outcome"]) == (None, 8, "issued")
    assert row["permit"] == {
        "number": issued.permit.number,
        "issued_on": issued.permit.issued_on.isoformat(),
        "revoked": False,
    }
    assert row["clock"]["state"] == "ready"
    assert row["clock"]["service_days"] == 3
    assert row["clock"]["within_time"] is True
    assert row["applicant"] is None


def test_a_file_in_progress_says_its_step_and_due_date(caller, file_at):
    waiting = file_at(Status.RECEIPTED)
    row = caller().get(f"files/{waiting.registration_number}").json()
    assert (row["step"], row["step_title"]) == (3, "Pemrosesan di back office")
    assert row["outcome"] is None and row["permit"] is None
    assert row["clock"]["state"] == "running"
    assert row["clock"]["due_on"] == waiting.clock.due_on.isoformat()


def test_personal_data_only_with_the_scope_and_when_asked(make_client, file_at):
    application = file_at(Status.SIGNED)
    applicant = application.applicant
    _plain, plain = make_client(name="Dasbor", scopes=[Scope.FILES])
    _trusted, trusted = make_client(name="Sistem OSS", scopes=[Scope.FILES, Scope.FILES_PERSONAL])
    personal = [applicant.name, applicant.nik, applicant.npwp, application.company_name]
    personal = [value for value in personal if value]

    body = Caller(plain).get("files").content.decode()
    assert not any(value in body for value in personal)
    assert not any(value in Caller(trusted).get("files").content.decode() for value in personal)

    refused = Caller(plain).get("files", include="applicant")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "scope_missing"
    assert "files:personal" in refused.json()["error"]["message"]
    detail = f"files/{application.registration_number}"
    detail_refused = Caller(plain).get(detail, include="applicant")
    assert detail_refused.status_code == 403

    [row] = Caller(trusted).get("files", include="applicant").json()["results"]
    assert row["applicant"]["name"] == applicant.name
    assert row["applicant"]["nik"] == applicant.nik
    assert row["applicant"]["company_name"] == application.company_name


def test_filters_by_service_status_and_dates(caller, file_at, sipb):
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        old = file_at(Status.SUBMITTED)
    new_iupi = file_at(Status.RECEIPTED)
    midwife = file_at(Status.SUBMITTED, standard=sipb)
    c = caller()
    assert sorted(numbers(c.get("files", service="sipb"))) == [midwife.registration_number]
    assert sorted(numbers(c.get("files", service="iupi"))) == sorted(
        [old.registration_number, new_iupi.registration_number]
    )
    assert numbers(c.get("files", status="receipted")) == [new_iupi.registration_number]
    assert sorted(numbers(c.get("files", status="receipted,submitted"))) == sorted(
        [old.registration_number, new_iupi.registration_number, midwife.registration_number]
    )
    today = timezone.localdate()
    recent = numbers(c.get("files", registered_from=(today - timedelta(days=7)).isoformat()))
    assert old.registration_number not in recent and len(recent) == 2
    early = numbers(c.get("files", registered_to=(today - timedelta(days=7)).isoformat()))
    assert early == [old.registration_number]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert old.registration_number not in numbers(c.get("files", updated_since=since))


def test_the_cursor_walks_every_file_once_and_ends(caller, file_at):
    made = {file_at(Status.SUBMITTED).registration_number for _ in range(7)}
    c = caller()
    first = c.get("files", page_size=3).json()
    assert len(first["results"]) == 3 and first["previous"] is None and first["next"]
    rows = pull_all(c, page_size=3)
    assert sorted(row["registration_number"] for row in rows) == sorted(made)
    assert len(rows) == 7
    # The page after the first can go back to it.
    second = c.get(first["next"]).json()
    back = c.get(second["previous"]).json()
    assert [r["registration_number"] for r in back["results"]] == [
        r["registration_number"] for r in first["results"]
    ]


def test_a_page_costs_the_same_queries_at_any_size(caller, file_at):
    for status in (Status.SUBMITTED, Status.RECEIPTED, Status.HANDED_OVER) * 4:
        file_at(status)
    c = caller()
    counts = {}
    for size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            assert c.get("files", page_size=size, include="applicant").status_code == 200
        counts[size] = len(queries)
    assert counts[2] == counts[12]
