"""The open-data page's figures are rendered once and kept for PUBLIC_PAGE_SECONDS, like the
published standards (office/page_memo.py): a kept page reads only the visitor's limit and the
years, another year is never served from what was kept, and new figures show once it expires."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.models import Service
from tests.clock_fixtures import at
from tests.public.test_open_data import answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_pages")]


def opened(client, **query) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/data/", query)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def respondents_shown(page: str) -> str:
    """The first row of the survey's preview: the respondents of the first quarter."""
    preview = page.split('id="skm-triwulanan"', 1)[1].split("table-stack preview", 1)[1]
    return preview.split('data-label="Responden">', 1)[1].split("<", 1)[0]


def test_the_page_is_kept_per_year_and_new_figures_show_when_it_expires(client, travel):
    iupi = Service.objects.get(code="iupi")
    for i in range(6):
        answer(date(2026, 2, 2), iupi, f"kept-{i}")
    answer(date(2025, 5, 5), iupi, "kept-2025")  # so 2025 is a year with data
    moment = at(2026, 10, 15, 12)
    with travel(moment):
        first, cold = opened(client)
        again, warm = opened(client)
        assert again == first
        assert warm < cold  # the limit and the years, not the datasets
        assert respondents_shown(first) == "6"

        last_year, _ = opened(client, tahun="2025")
        assert "Dataset tahun 2025" in last_year and "Dataset tahun 2026" in first

        answer(date(2026, 3, 2), iupi, "kept-late")
        assert respondents_shown(opened(client)[0]) == "6"  # kept: at most 30 s old
    with travel(moment + timedelta(seconds=31)):
        assert respondents_shown(opened(client)[0]) == "7"
