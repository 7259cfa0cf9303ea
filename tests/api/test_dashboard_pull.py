"""A dashboard pulls a whole year with a scoped token: every file once, and figures that agree."""

from collections import Counter
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from api.models import ApiCall
from api.scopes import Scope
from tests.api.conftest import Caller
from tests.api.test_files import pull_all
from workflow.table import Status

pytestmark = pytest.mark.django_db

YEAR = 2026
# (month, day, status): files through the year, and two outside it.
FILES = [
    (1, 6, Status.HANDED_OVER),
    (2, 10, Status.REJECTED),
    (3, 3, Status.HANDED_OVER),
    (3, 17, Status.RECEIPTED),
    (5, 4, Status.SIGNED),
    (6, 15, Status.HANDED_OVER),
    (8, 3, Status.INCOMPLETE),
    (9, 7, Status.HANDED_OVER),
    (10, 12, Status.WITHDRAWN),
    (11, 2, Status.PROCESSED),
    (11, 23, Status.SUBMITTED),
]


def at(year, month, day):
    return datetime(year, month, day, 9, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def year_of_files(file_at):
    made = []
    for month, day, status in FILES:
        with time_machine.travel(at(YEAR, month, day), tick=False):
            made.append(file_at(status))
    with time_machine.travel(at(YEAR - 1, 12, 22), tick=False):
        before = file_at(Status.HANDED_OVER)
    return made, before


def test_a_dashboard_pulls_a_year_of_files_and_its_figures(make_client, year_of_files):
    made, before = year_of_files
    _client, token = make_client(name="Dasbor Bupati", scopes=[Scope.FILES, Scope.FIGURES])
    dashboard = Caller(token, "10.12.0.5")

    year = {"registered_from": f"{YEAR}-01-01", "registered_to": f"{YEAR}-12-31"}
    rows = pull_all(dashboard, page_size=4, **year)
    pulled = [row["registration_number"] for row in rows]
    assert sorted(pulled) == sorted(f.registration_number for f in made)
    assert before.registration_number not in pulled
    assert Counter(row["outcome"] for row in rows) == {
        "issued": 4,
        "rejected": 1,
        "withdrawn": 1,
        None: 5,
    }

    figures = dashboard.get("figures", **{"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}).json()
    assert figures["registered"] == len(rows)
    by_month = Counter(
        timezone.localtime(datetime.fromisoformat(row["registered_at"])).month for row in rows
    )
    assert [m["registered"] for m in figures["months"]] == [by_month[m] for m in range(1, 13)]
    assert figures["ready"] == 4
    assert figures["open_total"] == sum(1 for row in rows if row["step"] is not None)

    # Three pages of files and one of figures, each on the log with its rows.
    calls = list(ApiCall.objects.order_by("pk").values_list("resource", "rows", "status"))
    assert calls == [
        ("files.list", 4, 200),
        ("files.list", 4, 200),
        ("files.list", 3, 200),
        ("figures", 12, 200),
    ]


def test_a_scoped_token_cannot_widen_itself_while_pulling(make_client, year_of_files):
    _client, token = make_client(name="Portal", scopes=[Scope.FIGURES])
    portal = Caller(token)
    assert portal.get("figures", **{"from": "2026-01-01", "to": "2026-12-31"}).status_code == 200
    for path in ("files", "skm", "complaints/figures", "services"):
        assert portal.get(path, **{"from": "2026-01-01", "to": "2026-12-31"}).status_code == 403
