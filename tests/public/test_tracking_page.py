import pytest
from django.urls import reverse

from office.roles import Role
from office.throttle import FAILED_LOOKUPS
from permits import services
from permits.models import ServiceStandard
from tracking.deadlines import due_date
from tracking.models import ControlCardEntry
from workflow.table import STEPS, Status

NO_MATCH = "Nomor registrasi atau kode lacak tidak cocok."
URL = "/lacak/"


def look_up(client, application, code=None):
    return client.post(
        URL, {"no": application.registration_number, "kode": code or application.tracking_code}
    )


def test_the_url_is_named():
    assert reverse("public:track") == URL


@pytest.mark.django_db
def test_anonymous_can_open_the_page(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Lacak berkas" in response.content.decode()


def test_the_qr_link_fills_in_and_shows_the_file(client, file_at):
    application = file_at(Status.RECEIPTED)

    response = client.get(
        URL, {"no": application.registration_number, "kode": application.tracking_code}
    )

    assert response.status_code == 200
    assert response.context["tracking"].registration_number == application.registration_number


def test_a_right_number_and_code_show_the_steps_and_due_date(client, file_at):
    application = file_at(Status.PROCESSED)
    receipt = ControlCardEntry.objects.get(application=application, transition="issue_receipt")

    response = look_up(client, application)

    html = response.content.decode()
    assert response.status_code == 200
    assert application.company_name in html
    for step in STEPS:
        assert step.title in html
    tracking = response.context["tracking"]
    assert [s.state for s in tracking.steps] == ["done"] * 3 + ["current"] + ["todo"] * 4
    assert all(s.reached_at for s in tracking.steps[:3])
    assert tracking.due_on == due_date(
        receipt.created_at, ServiceStandard.objects.current().service_days
    )
    assert tracking.status_label == "Berkas selesai diproses"


def test_the_code_is_not_case_sensitive(client, file_at):
    application = file_at(Status.RECEIPTED)

    response = look_up(client, application, code=f"  {application.tracking_code.lower()} ")

    assert "tracking" in response.context


def test_it_shows_no_staff_names(client, file_at, staff):
    application = file_at(Status.SIGNED)

    html = look_up(client, application).content.decode()

    for user in staff.values():
        assert user.first_name not in html


def test_it_shows_no_internal_notes(client, file_at, staff):
    application = file_at(Status.PRINTED)
    services.perform_transition(
        application_id=application.pk,
        name="send_back_by_kabid",
        actor=staff[Role.KABID],
        data=services.StepInput(note="Angka investasi pada draf keliru, mohon dicek."),
    )

    html = look_up(client, application).content.decode()

    assert "Angka investasi pada draf keliru" not in html
    assert "Draf izin diperbaiki" in html


def test_a_returned_file_shows_what_to_fix(client, file_at, staff):
    application = file_at(Status.RECEIPTED)
    services.perform_transition(
        application_id=application.pk,
        name="return_for_correction",
        actor=staff[Role.BACK_OFFICE],
        data=services.StepInput(note="Lampirkan ulang izin lingkungan yang masih berlaku."),
    )

    response = look_up(client, application)

    html = response.content.decode()
    assert "Lampirkan ulang izin lingkungan yang masih berlaku." in html
    assert "Yang perlu Anda lakukan" in html
    assert response.context["tracking"].steps[2].state == "current"


def test_an_incomplete_file_lists_the_missing_requirements(client, file_at):
    application = file_at(Status.INCOMPLETE)
    missing = ControlCardEntry.objects.get(
        application=application, transition="mark_incomplete"
    ).context["missing"]

    html = look_up(client, application).content.decode()

    assert missing
    for item in missing:
        assert item in html


def test_a_rejected_file_gives_the_reasons(client, file_at):
    application = file_at(Status.REJECTED)

    response = look_up(client, application)

    assert "Catatan contoh dari petugas." in response.content.decode()
    assert response.context["tracking"].due_on is None


def test_a_handed_over_file_has_every_step_done(client, file_at):
    application = file_at(Status.HANDED_OVER)

    tracking = look_up(client, application).context["tracking"]

    assert all(s.state == "done" and s.reached_at for s in tracking.steps)


@pytest.mark.parametrize(
    "data",
    [
        {"kode": "ZZZZZZZZ"},
        {"no": "IUPI-1999-99999"},
        {"no": "x" * 5000, "kode": "y" * 5000},
        {"kode": "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"},
        {"kode": ""},
    ],
    ids=["wrong code", "unknown number", "tampered long input", "non-ascii code", "empty code"],
)
def test_every_failure_reads_the_same(client, file_at, data):
    application = file_at(Status.RECEIPTED)
    payload = {"no": application.registration_number, "kode": application.tracking_code, **data}

    response = client.post(URL, payload)

    html = response.content.decode()
    assert response.status_code == 200
    assert NO_MATCH in html
    assert "tracking" not in response.context
    assert application.company_name not in html


def test_it_throttles_repeated_failures(client, file_at):
    application = file_at(Status.RECEIPTED)
    for _ in range(FAILED_LOOKUPS.limit):
        assert look_up(client, application, code="ZZZZZZZZ").status_code == 200

    response = look_up(client, application)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "tracking" not in response.context


def test_it_does_not_throttle_a_few_successful_look_ups(client, file_at):
    application = file_at(Status.RECEIPTED)

    statuses = {look_up(client, application).status_code for _ in range(FAILED_LOOKUPS.limit + 5)}

    assert statuses == {200}


def test_other_addresses_are_not_throttled(client, file_at):
    application = file_at(Status.RECEIPTED)
    for _ in range(FAILED_LOOKUPS.limit):
        look_up(client, application, code="ZZZZZZZZ")

    response = client.post(
        URL,
        {"no": application.registration_number, "kode": application.tracking_code},
        REMOTE_ADDR="10.1.2.3",
    )

    assert response.status_code == 200
    assert "tracking" in response.context


def test_the_page_is_not_cached(client, file_at):
    application = file_at(Status.RECEIPTED)

    response = look_up(client, application)

    assert "no-store" in response["Cache-Control"]


def test_staff_can_open_it_too(client, file_at, staff):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.FO])

    assert look_up(client, application).status_code == 200


def test_the_page_costs_a_fixed_number_of_queries(client, file_at, django_assert_max_num_queries):
    application = file_at(Status.NUMBERED)

    # The file with its permit, the control card, the file's numbered letters, the service
    # standard, the office profile, and the throttle: one read of both counters, one upsert.
    with django_assert_max_num_queries(7):
        response = look_up(client, application)

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_tracking_page_names_the_service_of_the_file(client, file_at):
    application = file_at(Status.RECEIPTED)

    html = client.get(
        "/lacak/", {"no": application.registration_number, "kode": application.tracking_code}
    ).content.decode()

    assert "<dt>Layanan</dt><dd>Izin Usaha Perluasan Industri</dd>" in html
