"""The IKM report shows the index per outcome of the respondents' files (issue 13, item 3)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from complaints.models.survey import Outcome
from office.roles import Role
from tests.complaints.test_report import MARCH, REPORT, answer, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers_by_outcome(db):
    for key, score, outcome in [
        ("a", 4, Outcome.ISSUED),
        ("b", 4, Outcome.ISSUED),
        ("c", 1, Outcome.REJECTED),
        ("d", 2, Outcome.RETURNED),
    ]:
        answer(date(2026, 3, 10), key, score, outcome=outcome)


def test_the_report_gives_the_index_of_each_outcome_and_of_all_together(
    client, staff, answers_by_outcome
):
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    report = client.get(REPORT, MARCH).context["report"]

    rows = {row.label: row for row in report.by_outcome}
    assert rows["Izin terbit"].respondents == 2
    assert rows["Izin terbit"].result.ikm == Decimal("100.00")
    assert rows["Ditolak"].result.ikm == Decimal("25.00")
    assert rows["Dikembalikan kepada pemohon"].result.ikm == Decimal("50.00")
    assert rows["Dicabut atas permintaan pemohon"].result is None
    # The unhappy endings pull the whole office's index down: (4+4+1+2)/4 x 25.
    assert report.result.ikm == Decimal("68.75")


def test_the_page_the_pdf_and_the_spreadsheet_show_the_outcomes(client, staff, answers_by_outcome):
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    html = client.get(REPORT, MARCH).content.decode()
    pdf = pdf_text(client.get("/survei/ikm/unduh.pdf", MARCH).content)
    workbook = load_workbook(BytesIO(client.get("/survei/ikm/unduh.xlsx", MARCH).content))

    assert "IKM menurut hasil permohonan" in html
    assert "IKM menurut hasil permohonan" in pdf
    for text in (html, pdf):
        assert "Ditolak" in text and "25,00" in text
        assert "belum ada responden" in text  # nobody who withdrew answered
    sheet = {
        row[0]: row[1:] for row in workbook["Menurut hasil"].iter_rows(min_row=3, values_only=True)
    }
    assert sheet["Ditolak"][:2] == (1, 25.0)
    assert sheet["Dicabut atas permintaan pemohon"][1] == "belum ada responden"
    answers = list(workbook["Jawaban"].iter_rows(min_row=2, values_only=True))
    assert {row[-1] for row in answers} == {"Izin terbit", "Ditolak", "Dikembalikan kepada pemohon"}
