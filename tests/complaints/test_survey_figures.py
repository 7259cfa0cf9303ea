"""The survey's pre-counted figures give what the answers give, for any period, at a cost
that does not grow with the years of answers (complaints/survey_figures.py)."""

import io
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints import selectors, survey_figures
from complaints.models import (
    AgeBand,
    Education,
    Gender,
    Occupation,
    SurveyFigure,
    SurveyResponse,
)
from complaints.models.survey import Outcome
from complaints.skm import ELEMENT_CODES
from permits.models import Service

pytestmark = pytest.mark.django_db

FACETS = {
    "outcome": Outcome,
    "gender": Gender,
    "age_band": AgeBand,
    "education": Education,
    "occupation": Occupation,
}
FIRST = date(2024, 1, 1)


def answers(n: int, *, seed: int = 7, services=None, start: date = FIRST, days: int = 1000):
    """n answers on random days, hours, services (or none), profiles and scores."""
    rng = random.Random(seed)
    services = services if services is not None else [None, *Service.objects.all()[:2]]
    zone = timezone.get_current_timezone()
    made = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(days))
        # Hours at both ends of the day: 00:30 in Jakarta is the evening before in UTC.
        moment = datetime.combine(day, time(rng.choice((0, 7, 12, 23)), 30), tzinfo=zone)
        made.append(
            SurveyResponse.objects.create(
                respondent_key=f"k{seed}-{i}",
                submitted_at=moment,
                service=rng.choice(services),
                **{field: rng.choice(choices.values) for field, choices in FACETS.items()},
                **{code: rng.randint(1, 4) for code in ELEMENT_CODES},
            )
        )
    return made


def counted_by_hand(made, start: date, end: date, service_id: int) -> dict:
    """What the figures must say, counted from the answers one by one."""
    found = {facet: {} for facet in FACETS}
    for a in made:
        day = timezone.localdate(a.submitted_at)
        if not start <= day <= end or (service_id and a.service_id != service_id):
            continue
        for facet in FACETS:
            sums = found[facet].setdefault(getattr(a, facet), Counter())
            sums["respondents"] += 1
            for code in ELEMENT_CODES:
                sums[code] += getattr(a, code)
    return {f: {v: dict(s) for v, s in values.items()} for f, values in found.items()}


PERIODS = [
    (date(2024, 1, 1), date(2026, 9, 26)),  # whole years, then months, then days
    (date(2024, 3, 15), date(2025, 12, 31)),  # days, months, a whole year
    (date(2025, 2, 1), date(2025, 2, 28)),  # one whole month
    (date(2025, 2, 10), date(2025, 2, 10)),  # one day
    (date(2024, 12, 31), date(2025, 1, 1)),  # across a new year
    (date(2016, 1, 1), date(2026, 12, 31)),  # eleven years, most of them empty
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_any_period_of_one_or_every_service_reads_what_the_answers_say(start, end):
    made = answers(120)
    for service_id in (0, *{a.service_id for a in made if a.service_id}):
        got = survey_figures.breakdown(start, end, service_id=service_id)
        assert got == counted_by_hand(made, start, end, service_id), service_id


def test_months_and_services_of_the_open_data_read_what_the_answers_say():
    made = answers(80)
    start, end = date(2025, 1, 1), date(2025, 8, 20)
    got = survey_figures.by_month_and_service(start, end)
    expected = Counter()
    for a in made:
        day = timezone.localdate(a.submitted_at)
        if start <= day <= end:
            for service_id in {0, a.service_id or 0}:
                expected[(day.replace(day=1), service_id)] += 1
    assert {key: sums["respondents"] for key, sums in got.items()} == dict(expected)


def _figures():
    return sorted(
        SurveyFigure.objects.values_list(
            "service_id", "scale", "period_start", "facet", "value", "respondents", *ELEMENT_CODES
        )
    )


def test_counting_afresh_gives_the_rows_counted_as_answers_came():
    answers(60)
    as_they_came = _figures()
    SurveyFigure.objects.all().delete()
    out = io.StringIO()

    call_command("rebuild_survey_figures", stdout=out)

    assert _figures() == as_they_came
    assert f"{len(as_they_came)} baris rekap survei dihitung" in out.getvalue()


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_ten_years_of_the_index_cost_the_same_with_few_and_many_answers(travel):
    travel(datetime(2026, 12, 6, 10, tzinfo=timezone.get_current_timezone()))
    start, end = date(2016, 1, 1), date(2026, 12, 6)

    def ten_years():
        selectors.ikm_report(start, end)
        selectors.dashboard_figures(start, end)

    answers(3, start=date(2016, 1, 1), days=3990)
    few = _queries(ten_years)
    answers(60, seed=8, start=date(2016, 1, 1), days=3990)

    assert _queries(ten_years) == few
    report = selectors.ikm_report(start, end)
    assert report.respondents == 63
    assert sum(row.respondents for row in report.by_outcome) == 63
