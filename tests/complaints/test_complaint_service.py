"""A complaint can name the service it is about (issue 14): chosen on the form, or taken
from the related file; the desk filters by service and the complaint's page shows it."""

import pytest
from django.urls import reverse

from complaints.models import Complaint
from office.roles import Role
from permits.models import Service
from tests.complaints.test_public_pages import form_data
from workflow.table import Status

pytestmark = pytest.mark.django_db

FORM = "/pengaduan/"


@pytest.fixture
def reklame() -> Service:
    return Service.objects.create(
        code="reklame", name="Izin Reklame", category=Service.Category.NON_BUSINESS
    )


def test_the_public_form_offers_the_active_services(client, reklame):
    Service.objects.create(code="lama", name="Layanan Lama", category="non_permit", active=False)

    html = client.get(FORM).content.decode()

    assert "Layanan yang diadukan" in html
    assert "Izin Reklame" in html and "Izin Usaha Perluasan Industri" in html
    assert "Layanan Lama" not in html


def test_a_complaint_names_the_service_chosen(client, reklame):
    client.post(FORM, form_data(service=reklame.pk))

    assert Complaint.objects.get().service == reklame


def test_a_complaint_about_a_file_takes_the_files_service(client, file_at):
    application = file_at(Status.RECEIPTED)

    client.post(FORM, form_data(related_number=application.registration_number))

    assert Complaint.objects.get().service.code == "iupi"


def test_an_unknown_service_is_refused_next_to_the_field(client):
    response = client.post(FORM, form_data(service=999999))

    assert "Pilih layanan dari daftar." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_desk_filters_by_service_and_the_page_shows_it(client, staff, reklame, file_at):
    client.post(FORM, form_data(service=reklame.pk, subject="Papan reklame dirobohkan"))
    client.post(FORM, form_data(subject="Tanpa layanan tertentu"))
    client.force_login(staff[Role.COMPLAINT_OFFICER])

    everything = client.get(reverse("complaints:desk")).content.decode()
    filtered = client.get(reverse("complaints:desk"), {"layanan": "reklame"}).content.decode()
    detail = client.get(
        reverse("complaints:detail", args=[Complaint.objects.get(service=reklame).pk])
    ).content.decode()

    assert "Papan reklame dirobohkan" in everything and "Tanpa layanan tertentu" in everything
    assert "Papan reklame dirobohkan" in filtered and "Tanpa layanan tertentu" not in filtered
    assert '<option value="reklame" selected>Izin Reklame</option>' in filtered
    assert "<dt>Layanan</dt><dd>Izin Reklame</dd>" in detail
