"""The letter register's year picker lists exactly the years that have letters, newest first,
in a fixed number of queries however many letters there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.models import Letter, LetterSeries
from permits.selectors import register_years

pytestmark = pytest.mark.django_db


def letter(year: int, sequence: int) -> Letter:
    series = LetterSeries.objects.order_by("pk").first()
    return Letter.objects.create(
        series=series,
        kind=series.kind,
        year=year,
        sequence=sequence,
        number=f"{sequence}/{series.code}/{year}",
        dated=date(year, 3, 1),
        subject="Uji",
        addressee="Pemohon",
        signatory_position="Kepala Dinas",
    )


def test_no_letters_no_years():
    assert register_years() == []


def test_the_years_with_letters_newest_first_and_a_year_without_left_out():
    for year, count in ((2022, 3), (2024, 1), (2026, 2)):
        for sequence in range(1, count + 1):
            letter(year, sequence)
    with CaptureQueriesContext(connection) as captured:
        assert register_years() == [2026, 2024, 2022]
    assert len(captured) == 1
