"""The IKM report on screen, as PDF and as XLSX, and the figures for the supervision dashboard."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints import deadlines, selectors, services
from complaints.models import Complaint, SurveyResponse
from complaints.skm import ELEMENTS
from complaints.workflow import ComplaintStatus
from office.models import OfficeProfile
from office.roles import Role
from tests.pdf_boxes import glyphs_outside
from workflow.table import Status

REPORT = "/survei/ikm/"
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def answer(
    day: date, key: str, score: int = 3, suggestion: str = "", outcome: str = "issued", **scores
):
    values = {element.code: score for element in ELEMENTS}
    values.update(scores)
    return SurveyResponse.objects.create(
        respondent_key=key,
        submitted_at=datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone()),
        gender="L",
        age_band="31-40",
        education="s1",
        occupation="wirausaha",
        suggestion=suggestion,
        outcome=outcome,
        **values,
    )


@pytest.fixture
def march_answers(db):
    answer(date(2026, 3, 2), "a", 4, u3=2, suggestion="Percepat pemeriksaan lapangan.")
    answer(date(2026, 3, 31), "b", 3)
    answer(date(2026, 4, 1), "c", 1)  # outside the period


@pytest.mark.parametrize("role", [Role.COMPLAINT_OFFICER, Role.KABID, Role.KEPALA_DINAS])
def test_the_report_shows_the_periods_index_and_the_weakest_element_first(
    client, staff, march_answers, role
):
    client.force_login(staff[role])

    response = client.get(REPORT, MARCH)

    report = response.context["report"]
    assert report.respondents == 2
    # u3: (2 + 3) / 2 = 2.5; the rest 3.5. Sum of NRR = 8 x 3.5 + 2.5 = 30.5; x 25 / 9 = 84.72.
    assert report.result.ikm == Decimal("84.72")
    assert report.result.weakest_first[0].element.code == "u3"
    html = response.content.decode()
    assert "84,72" in html
    assert "Percepat pemeriksaan lapangan." in html
    assert "<svg" in html and 'role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_default_period_is_this_year_so_far(client, staff, db):
    client.force_login(staff[Role.KEPALA_DINAS])

    report = client.get(REPORT).context["report"]

    today = deadlines.today()
    assert (report.start, report.end) == (date(today.year, 1, 1), today)


def test_a_period_that_ends_before_it_starts_is_refused(client, staff, db):
    client.force_login(staff[Role.KEPALA_DINAS])

    response = client.get(REPORT, {"start": "2026-05-01", "end": "2026-04-01"})

    assert response.context["form"].non_field_errors()
    assert response.context["report"].start == date(deadlines.today().year, 1, 1)


def test_the_population_is_the_files_handed_over_in_the_period(staff, file_at):
    file_at(Status.HANDED_OVER)
    file_at(Status.HANDED_OVER)
    file_at(Status.NUMBERED)
    today = timezone.localdate()

    report = selectors.ikm_report(today - timedelta(days=1), today)
    earlier = selectors.ikm_report(today - timedelta(days=30), today - timedelta(days=2))

    assert report.population == 2
    assert report.minimum_sample == 2
    assert not report.sample.reached
    assert report.sample.shortfall == 2
    assert earlier.population == 0


def test_the_pdf_export_is_a_pdf_with_the_index(client, staff, march_answers):
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    response = client.get("/survei/ikm/unduh.pdf", MARCH)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="ikm-20260301-20260331.pdf"' in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "LAPORAN INDEKS KEPUASAN MASYARAKAT" in text
    assert "84,72" in text


def test_the_xlsx_export_carries_the_summary_and_every_answer(client, staff, march_answers):
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    response = client.get("/survei/ikm/unduh.xlsx", MARCH)

    workbook = load_workbook(BytesIO(response.content))
    summary = {
        row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row[0]
    }
    assert summary["Jumlah responden"] == 2
    assert summary["IKM (skala 25-100)"] == 84.72
    assert summary["Mutu pelayanan"] == "B (Baik)"
    rows = list(workbook["Jawaban"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    assert rows[0][6:15] == (4, 4, 2, 4, 4, 4, 4, 4, 4)


def test_a_suggestion_that_looks_like_a_formula_stays_text_in_the_spreadsheet(client, staff, db):
    answer(date(2026, 3, 5), "f", suggestion='=HYPERLINK("http://evil.example","klik")')
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    response = client.get("/survei/ikm/unduh.xlsx", MARCH)

    cell = load_workbook(BytesIO(response.content))["Jawaban"]["P2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_an_empty_period_still_exports(client, staff, db):
    client.force_login(staff[Role.KEPALA_DINAS])

    assert client.get("/survei/ikm/unduh.pdf", MARCH).status_code == 200
    assert client.get("/survei/ikm/unduh.xlsx", MARCH).status_code == 200
    assert "Belum ada jawaban survei" in client.get(REPORT, MARCH).content.decode()


# --- the supervision dashboard's figures ---------------------------------------------------


def test_the_dashboard_figures_count_complaints_and_the_index_in_three_queries(
    complaint_at, march_answers, django_assert_num_queries
):
    complaint_at(received_on=date(2026, 3, 2))  # overdue since 5 March
    complaint_at(received_on=date(2026, 2, 20))  # before the period
    complaint_at(ComplaintStatus.CLOSED)  # answered today, on time
    today = deadlines.today()

    # Complaints; the survey's figures of whole months; the answers of this month so far.
    with django_assert_num_queries(3):
        figures = selectors.dashboard_figures(date(2026, 3, 1), today)

    assert figures == {
        "complaints_received": 2,
        "complaints_open": 2,
        "complaints_overdue": 2,
        "complaints_answered": 1,
        "complaints_answered_on_time": 1,
        "survey_respondents": 3,
        "ikm": figures["ikm"],
        "ikm_category": figures["ikm_category"],
        "ikm_category_label": figures["ikm_category_label"],
    }
    assert figures["ikm"] == selectors.ikm_report(date(2026, 3, 1), today).result.ikm


def test_an_answer_after_the_deadline_is_not_on_time(complaint_at, officer):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)
    Complaint.objects.filter(pk=complaint.pk).update(due_on=date(2026, 1, 5))

    services.perform_action(
        complaint_id=complaint.pk,
        name="answer",
        actor=officer,
        data=services.ActionInput(reply="Maaf terlambat."),
    )
    figures = selectors.dashboard_figures(date(2026, 1, 1), timezone.localdate())

    assert figures["complaints_answered"] == 1
    assert figures["complaints_answered_on_time"] == 0


def test_no_answers_no_index(db):
    figures = selectors.dashboard_figures(date(2026, 1, 1), date(2026, 1, 31))

    assert figures["ikm"] is None
    assert figures["survey_respondents"] == 0


# --- the sample: never "reached" without respondents ---------------------------------------


def pdf_text(content: bytes) -> str:
    """The PDF's text with runs of whitespace collapsed (table cells wrap words)."""
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def summary_of(content: bytes) -> dict:
    sheet = load_workbook(BytesIO(content))["Ringkasan"]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}


def sample_line(html: str) -> str:
    """The text of the summary's "Sampel" entry on the report page."""
    entry = html.split("<dt>Sampel</dt>", 1)[1].split("</dd>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", entry)).strip()


def test_with_no_respondents_the_sample_is_not_reached_and_there_is_no_index(client, staff, db):
    """No permit handed over and nobody answered: the table asks for 0, but 0 is no sample."""
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    html = client.get(REPORT, MARCH).content.decode()
    pdf = pdf_text(client.get("/survei/ikm/unduh.pdf", MARCH).content)
    summary = summary_of(client.get("/survei/ikm/unduh.xlsx", MARCH).content)

    line = sample_line(html)
    assert line.startswith("Belum tercapai"), line
    assert "belum ada responden" in line and "1 responden" in line
    assert "tick-yes" not in html
    assert "Belum ada responden" in html
    assert "Keterangan sampel : belum tercapai, belum ada responden" in pdf
    assert "diperlukan 1 responden" in pdf
    assert "Nilai IKM" not in pdf and "Belum ada responden" in pdf
    assert summary["Sampel minimum tercapai"] == "Tidak"
    assert summary["Keterangan sampel"] == (
        "belum tercapai, belum ada responden (diperlukan 1 responden)"
    )
    assert summary["IKM (skala 25-100)"] == "belum ada responden"
    assert "Mutu pelayanan" not in summary or summary["Mutu pelayanan"] == "-"


def test_below_the_minimum_the_index_is_shown_as_not_yet_representative(client, staff, file_at):
    file_at(Status.HANDED_OVER)
    file_at(Status.HANDED_OVER)  # two permits handed over today: a minimum of 2 answers
    today = timezone.localdate()
    answer(today, "a", 4)
    period = {"start": f"{today:%Y-%m-%d}", "end": f"{today:%Y-%m-%d}"}
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    html = client.get(REPORT, period).content.decode()
    pdf = pdf_text(client.get("/survei/ikm/unduh.pdf", period).content)
    summary = summary_of(client.get("/survei/ikm/unduh.xlsx", period).content)

    expected = "kurang 1 responden (1 dari 2 responden)"
    assert sample_line(html) == f"Belum tercapai: {expected}"
    assert "100,00" in html and "sampel minimum belum tercapai" in html
    assert f"Keterangan sampel : belum tercapai, {expected}" in pdf
    assert "100,00" in pdf and "sampel minimum belum tercapai" in pdf
    assert summary["Sampel minimum tercapai"] == "Tidak"
    assert summary["Keterangan sampel"] == f"belum tercapai, {expected}"
    assert summary["IKM (skala 25-100)"] == 100.0


def test_once_the_minimum_is_reached_the_report_says_so(client, staff, file_at):
    file_at(Status.HANDED_OVER)
    today = timezone.localdate()
    answer(today, "a", 3)
    period = {"start": f"{today:%Y-%m-%d}", "end": f"{today:%Y-%m-%d}"}
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    html = client.get(REPORT, period).content.decode()
    pdf = pdf_text(client.get("/survei/ikm/unduh.pdf", period).content)
    summary = summary_of(client.get("/survei/ikm/unduh.xlsx", period).content)

    assert sample_line(html) == "Tercapai"
    assert "sampel minimum belum tercapai" not in html
    assert "Keterangan sampel : tercapai" in pdf
    assert "sampel minimum belum tercapai" not in pdf
    assert summary["Sampel minimum tercapai"] == "Ya"
    assert summary["Keterangan sampel"] == "tercapai"


# --- long words in the IKM report's PDF -------------------------------------------------------


def test_long_words_in_suggestions_and_the_office_stay_inside_the_pdf_page(client, staff, db):
    word = ("SARANTANPASPASIMWKAYUAGUNGOGANKOMERINGILIR" * 8)[:300]
    answer(date(2026, 3, 2), "a", 4, suggestion=f"Saran: {word} selesai.")
    answer(date(2026, 3, 3), "b", 2, suggestion=word)
    OfficeProfile.objects.filter(pk=OfficeProfile.current().pk).update(
        address=word[:300], email=f"{word[:60]}@{word[:120]}.id", city=word[:100]
    )
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    pdf = client.get("/survei/ikm/unduh.pdf", MARCH).content

    assert not glyphs_outside(pdf, inset=5 / 25.4 * 72)
    assert "SARANTANPASPASI" in pdf_text(pdf)
