"""Supervision, staff performance and the IKM report per service, and for every service.

Two services run side by side: the IUPI and the SIPB (a permit for midwives). Each page
shows every service together by default and one service when asked (`?layanan=`), with
its own time limit; the figures of one service never count another's files (issue 14).
"""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import AgeBand, Category, Education, Gender, Occupation
from complaints.services import NewComplaint
from complaints.skm import ELEMENT_CODES
from office.roles import Role
from permits.models import Service, ServiceStandard
from tests.helpers import error_at
from tracking.models import Tally
from workflow.table import Status

DASHBOARD = "/pengawasan/"
PROFILE = {
    "gender": Gender.FEMALE,
    "age_band": AgeBand.FROM_41,
    "education": Education.BACHELOR,
    "occupation": Occupation.ENTREPRENEUR,
}


@pytest.fixture
def two_services(file_at, sipb):
    """Two IUPI permits ready, one SIPB permit handed over and one SIPB file at the back office."""
    iupi = ServiceStandard.objects.current()
    return {
        "iupi": [file_at(Status.NUMBERED), file_at(Status.NUMBERED)],
        "sipb": [file_at(Status.HANDED_OVER, standard=sipb), file_at(Status.RECEIPTED, sipb)],
        "iupi_standard": iupi,
        "sipb_standard": sipb,
    }


def figures(client, user, **params):
    client.force_login(user)
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response


def test_the_dashboard_shows_every_service_together_by_default(client, staff, two_services):
    response = figures(client, staff[Role.KEPALA_DINAS])
    totals = response.context["figures"].totals

    assert (totals["registered"], totals["receipted"], totals["ready"]) == (4, 4, 3)
    assert "Semua layanan, periode" in response.content.decode()
    assert "dalam jangka waktu standar masing-masing" in response.content.decode()


def test_the_dashboard_of_one_service_counts_only_its_files(client, staff, two_services):
    response = figures(client, staff[Role.KEPALA_DINAS], layanan="sipb")
    result = response.context["figures"]
    page = response.content.decode()

    assert (result.totals["registered"], result.totals["ready"]) == (2, 1)
    assert result.totals["handed_over"] == 1
    assert "Surat Izin Praktik Bidan, periode" in page
    days = two_services["sipb_standard"].service_days
    assert f"&le; {days} hari kerja" in page
    # The open files are the SIPB's: one at the back office; the IUPI permits waiting for
    # their handover are not its files.
    assert {s.step: s.with_office for s in result.open_steps} == {3: 1}


def test_the_figures_of_the_services_add_up_to_the_office(client, staff, two_services):
    kepala = staff[Role.KEPALA_DINAS]
    office = figures(client, kepala).context["figures"]
    by_service = [
        figures(client, kepala, layanan=code).context["figures"] for code in ("iupi", "sipb")
    ]

    for metric, total in office.totals.items():
        assert total == sum(f.totals[metric] for f in by_service), metric
    assert office.overall.count == sum(f.overall.count for f in by_service)


def test_an_unknown_service_is_refused_next_to_the_field(client, staff, two_services):
    response = figures(client, staff[Role.KEPALA_DINAS], layanan="tidak-ada")

    assert response.context["figures"] is None
    assert "Layanan tidak dikenal" in error_at(response, "id_layanan")


def test_the_presets_and_the_exports_keep_the_service(client, staff, two_services):
    page = figures(client, staff[Role.KEPALA_DINAS], layanan="sipb").content.decode()
    assert "&amp;layanan=sipb" in page  # the quick periods

    response = client.get(
        reverse("supervision_export", args=["berkas", "csv"]),
        {**_this_year(), "layanan": "sipb"},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert "-sipb-" in response["Content-Disposition"]
    assert {row[header.index("Layanan")] for row in rows} == {"Surat Izin Praktik Bidan"}
    assert {row[0] for row in rows} == {f.registration_number for f in two_services["sipb"]}


def _this_year() -> dict:
    year = timezone.localdate().year
    return {"dari": f"{year}-01-01", "sampai": f"{year}-12-31"}


def test_staff_performance_counts_the_steps_of_the_service_asked(client, staff, two_services):
    client.force_login(staff[Role.KEPALA_DINAS])
    fo = staff[Role.FO].pk

    def receipts(**params) -> int:
        reports = client.get(reverse("performance_all"), params).context["reports"]
        report = next(r for r in reports if r.officer_id == fo)
        return sum(step.handled for step in report.steps if step.step == 2)

    assert receipts() == 4
    assert receipts(layanan="sipb") == 2
    assert receipts(layanan="iupi") == 2
    own = client.get(reverse("performance_officer", args=[fo]), {"layanan": "sipb"})
    assert "layanan Surat Izin Praktik Bidan" in own.content.decode()


def _answer(application) -> None:
    complaint_services.submit_survey(
        application=application, profile=PROFILE, scores=dict.fromkeys(ELEMENT_CODES, 4)
    )


def test_the_ikm_report_of_one_service_reads_only_its_answers(client, staff, file_at, sipb):
    _answer(file_at(Status.HANDED_OVER))
    _answer(file_at(Status.HANDED_OVER))
    _answer(file_at(Status.HANDED_OVER, standard=sipb))
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    url = reverse("complaints:ikm_report")

    office = client.get(url).context["report"]
    midwives = client.get(url, {"layanan": "sipb"})
    report = midwives.context["report"]

    assert (office.respondents, office.population) == (3, 3)
    assert (report.respondents, report.population) == (1, 1)
    assert "layanan Surat Izin Praktik Bidan" in midwives.content.decode()
    assert "layanan=sipb" in midwives.context["query"]  # the PDF and XLSX downloads
    xlsx = client.get(reverse("complaints:ikm_xlsx"), {"layanan": "sipb"})
    assert "ikm-sipb-" in xlsx["Content-Disposition"]


def test_the_ikm_report_refuses_an_unknown_service_at_the_field(client, staff):
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    response = client.get(reverse("complaints:ikm_report"), {"layanan": "bukan"})

    assert "Layanan tidak dikenal" in error_at(response, "id_layanan")
    assert response.context["report"].service is None


def test_the_dashboards_complaints_are_those_naming_the_service(client, staff, two_services):
    sipb = Service.objects.get(code="sipb")
    for service_id in (sipb.pk, None, None):
        complaint_services.submit_complaint(
            data=NewComplaint(
                category=Category.TIME,
                subject="Izin lama selesai",
                description="Sudah seminggu belum ada kabar.",
                name="Warga",
                email="warga@contoh.id",
                service_id=service_id,
            )
        )

    kepala = staff[Role.KEPALA_DINAS]
    assert figures(client, kepala).context["complaint_figures"]["complaints_received"] == 3
    one = figures(client, kepala, layanan="sipb").context["complaint_figures"]
    assert one["complaints_received"] == 1


def test_rebuilding_the_figures_gives_each_service_what_its_steps_wrote(two_services):
    columns = ("service_id", "officer_id", "metric", "scale", "period_start", "step", "bucket")
    written = sorted(Tally.objects.values_list(*columns, "events"))
    assert {row[0] for row in written} == {
        0,
        two_services["iupi_standard"].service_id,
        two_services["sipb_standard"].service_id,
    }

    call_command("rebuild_clocks", stdout=StringIO())

    assert sorted(Tally.objects.values_list(*columns, "events")) == written


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_with_two_and_thirty_services(client, staff, two_services):
    pages = [
        (staff[Role.KEPALA_DINAS], DASHBOARD),
        (staff[Role.KEPALA_DINAS], reverse("performance_all")),
        (staff[Role.COMPLAINT_OFFICER], reverse("complaints:ikm_report")),
    ]

    def cost() -> list[int]:
        counts = []
        for user, url in pages:
            client.force_login(user)
            counts += [_queries(client, url, {}), _queries(client, url, {"layanan": "sipb"})]
        return counts

    before = cost()
    for index in range(28):
        Service.objects.create(
            code=f"layanan{index}", name=f"Izin {index}", category=Service.Category.NON_BUSINESS
        )

    assert cost() == before
