"""The supervisors' dashboard: figures of a hand-built set of files, access, periods, exports."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from office.roles import Role
from tests.clock_fixtures import at
from workflow.table import Status

URL = "/pengawasan/"
NOW = at(2026, 11, 30, 10)  # Monday
PERIOD = {"dari": "2026-11-16", "sampai": "2026-11-27"}


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def figures_for(client, user, params, travel):
    client.force_login(user)
    with travel(NOW):
        response = client.get(URL, params)
    assert response.status_code == 200
    return response.context["figures"]


def test_the_url_is_named():
    assert reverse("supervision") == URL


def test_the_dashboard_counts_the_files_of_the_period(client, staff, november, travel):
    figures = figures_for(client, staff[Role.KABID], PERIOD, travel)

    assert figures.totals["registered"] == 5
    assert figures.totals["receipted"] == 4
    assert figures.totals["ready"] == 2
    assert figures.totals["ready_on_time"] == 1
    assert figures.on_time_share == 0.5
    assert figures.totals["rejected"] == 1
    assert figures.totals["returned"] == 2
    assert figures.totals["sent_back"] == 0


def test_the_dashboard_gives_median_and_90th_percentile_working_time_per_step(
    client, staff, november, travel
):
    figures = figures_for(client, staff[Role.KABID], PERIOD, travel)
    steps = {s.step: s for s in figures.step_times}

    # Step 2 (the receipt): 30 minutes, 1, 1, 1 and 2 hours.
    assert (steps[2].count, steps[2].median, steps[2].p90) == (5, hours(1), hours(2))
    # Step 3 (back office): 4 and 6 hours for C, 24 for A, 72 for B; 36 hours allowed.
    assert (steps[3].count, steps[3].median, steps[3].p90) == (4, hours(6), hours(72))
    assert steps[3].allowance == hours(36)
    assert steps[3].within_allowance == 0.75
    assert (steps[6].median, steps[6].p90, steps[6].within_allowance) == (hours(1), hours(19), 0.5)
    assert (steps[7].median, steps[7].p90) == (hours(1), hours(20))
    # Receipt to permit ready: Monday 09:00 to Wednesday 10:00 for A (49 hours, rounded up
    # to 50 on the 2-hour grid), Monday 10:00 to Friday 10:00 for B.
    assert (figures.overall.count, figures.overall.median, figures.overall.p90) == (
        2,
        hours(50),
        hours(96),
    )


def test_the_dashboard_shows_open_files_by_step_and_who_holds_the_overdue_ones(
    client, staff, november, travel
):
    figures = figures_for(client, staff[Role.SEKRETARIS], PERIOD, travel)

    open_steps = {s.step: (s.with_office, s.with_applicant) for s in figures.open_steps}
    assert open_steps == {1: (0, 1), 3: (1, 0), 8: (2, 0)}  # A and B wait for the handover
    assert figures.overdue_total == 1
    (overdue,) = figures.overdue
    assert overdue.registration_number == november["E"].registration_number
    assert overdue.due_on == date(2026, 11, 25)
    assert overdue.days_late == 3
    (holder,) = overdue.holders
    assert holder.role == Role.BACK_OFFICE
    assert holder.officers == (staff[Role.BACK_OFFICE].get_full_name(),)


def test_a_whole_month_counts_the_files_before_the_16th_too(client, staff, november, travel):
    figures = figures_for(
        client, staff[Role.KABID], {"dari": "2026-11-01", "sampai": "2026-11-30"}, travel
    )
    assert figures.totals["registered"] == 6
    assert figures.totals["rejected"] == 2
    assert [m.month for m in figures.months] == [date(2026, 11, 1)]
    assert figures.months[0].registered == 6


def test_the_trend_chart_is_inline_svg_without_scripts_or_style_attributes(
    client, staff, november, travel
):
    client.force_login(staff[Role.KEPALA_DINAS])
    with travel(NOW):
        page = client.get(URL, {"dari": "2026-10-01", "sampai": "2026-12-31"}).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    # One path per series; October and December have no bar.
    registered = svg.split('class="chart-bar chart-registered" d="', 1)[1].split('"', 1)[0]
    assert registered.count("M") == 1
    assert "style=" not in page
    assert "<script" not in page


def test_a_period_without_files_shows_an_empty_state(client, staff, november, travel):
    client.force_login(staff[Role.KABID])
    with travel(NOW):
        response = client.get(URL, {"dari": "2025-01-01", "sampai": "2025-12-31"})
    assert response.status_code == 200
    assert (
        "Tidak ada berkas yang didaftarkan, diproses atau diselesaikan" in response.content.decode()
    )


def test_an_end_before_the_start_is_refused_at_the_field(client, staff):
    client.force_login(staff[Role.KABID])
    response = client.get(URL, {"dari": "2026-05-01", "sampai": "2026-04-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "sampai": ["Tanggal akhir tidak boleh sebelum tanggal awal."]
    }
    assert response.context["figures"] is None


def test_without_dates_the_dashboard_shows_this_year(client, staff, travel):
    client.force_login(staff[Role.KABID])
    with travel(NOW):
        figures = client.get(URL).context["figures"]
    assert (figures.start, figures.end) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("role", [Role.FO, Role.BACK_OFFICE, Role.BAGIAN_UMUM])
def test_officers_without_supervision_get_403(client, staff, role):
    client.force_login(staff[role])
    assert client.get(URL).status_code == 403
    assert client.get(reverse("supervision_export", args=["berkas", "csv"])).status_code == 403


@pytest.mark.parametrize("role", [Role.KEPALA_DINAS, Role.SEKRETARIS, Role.KABID, Role.ADMIN])
def test_supervisors_open_the_dashboard(client, staff, role):
    client.force_login(staff[role])
    assert client.get(URL).status_code == 200


def test_the_menu_shows_pengawasan_to_supervisors_only(client, staff):
    client.force_login(staff[Role.SEKRETARIS])
    assert 'href="/pengawasan/"' in client.get("/").content.decode()
    client.force_login(staff[Role.FO])
    assert 'href="/pengawasan/"' not in client.get("/").content.decode()


def test_the_dashboard_runs_the_same_queries_for_2_files_as_for_8(
    client, staff, file_at, django_assert_num_queries
):
    client.force_login(staff[Role.KEPALA_DINAS])
    statuses = [Status.RECEIPTED, Status.PRINTED, Status.INCOMPLETE, Status.REJECTED]
    for status in statuses[:2]:
        file_at(status)
    with CaptureQueriesContext(connection) as with_two:
        client.get(URL)
    for i in range(6):
        file_at(statuses[i % 4])
    with django_assert_num_queries(len(with_two)):
        response = client.get(URL)
    assert response.context["figures"].totals["registered"] == 8


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_the_figures_export_as_csv(client, staff, november, travel):
    client.force_login(staff[Role.KABID])
    with travel(NOW):
        response = client.get(reverse("supervision_export", args=["angka", "csv"]), PERIOD)
    assert response["Content-Type"].startswith("text/csv")
    assert "kendali-pengawasan-2026-11-16-2026-11-27.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert ["Izin terbit (diberi nomor)", "2"] in rows
    assert ["Persentase tepat waktu", "50,0"] in rows
    assert ["3", "Pemrosesan di back office", "4", "6,00", "72,00", "36,00", "75,0"] in rows


def test_the_file_list_streams_as_csv_with_one_row_per_file_of_the_period(
    client, staff, november, travel
):
    client.force_login(staff[Role.KABID])
    with travel(NOW):
        response = client.get(reverse("supervision_export", args=["berkas", "csv"]), PERIOD)
        rows = _csv(response)
    assert response.streaming
    header, *files = rows
    assert header[0] == "No. registrasi"
    numbers = {row[0] for row in files}
    assert numbers == {november[k].registration_number for k in "ABCDE"}
    row_b = next(r for r in files if r[0] == november["B"].registration_number)
    assert row_b[header.index("Tepat waktu")] == "Tidak"
    assert row_b[header.index("Hari kerja terpakai")] == "4"


def test_the_file_list_and_the_figures_export_as_xlsx(client, staff, november, travel):
    client.force_login(staff[Role.KABID])
    with travel(NOW):
        files = client.get(reverse("supervision_export", args=["berkas", "xlsx"]), PERIOD)
        figures = client.get(reverse("supervision_export", args=["angka", "xlsx"]), PERIOD)
    sheet = load_workbook(io.BytesIO(b"".join(files.streaming_content)))["Berkas"]
    assert sheet.max_row == 1 + 5
    book = load_workbook(io.BytesIO(b"".join(figures.streaming_content)))
    assert book.sheetnames == ["Ringkasan", "Waktu per langkah", "Tren bulanan", "Dalam proses"]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Berkas didaftarkan"] == 5


def test_an_export_of_an_impossible_period_is_refused(client, staff):
    client.force_login(staff[Role.KABID])
    url = reverse("supervision_export", args=["berkas", "csv"])
    assert client.get(url, {"dari": "2026-05-01", "sampai": "2026-04-01"}).status_code == 400


def test_the_file_list_export_runs_the_same_queries_for_2_files_as_for_8(
    client, staff, file_at, django_assert_num_queries
):
    client.force_login(staff[Role.KABID])
    url = reverse("supervision_export", args=["berkas", "csv"])
    for _ in range(2):
        file_at(Status.RECEIPTED)
    with CaptureQueriesContext(connection) as with_two:
        _csv(client.get(url))
    for _ in range(6):
        file_at(Status.PROCESSED)
    with django_assert_num_queries(len(with_two)):
        rows = _csv(client.get(url))
    assert len(rows) == 1 + 8
