"""The published service standard: every component, from the data, for anyone."""

import pytest

from complaints.models import ServicePledge
from office.models import OfficeProfile
from permits.models import ServiceStandard, StandardItem

URL = "/standar-pelayanan/iupi/"  # IUPI's page in the catalog (tests/complaints/test_catalog.py)


@pytest.mark.django_db
def test_anyone_reads_every_component_of_the_standard(client):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    standard = ServiceStandard.objects.current()
    for requirement in standard.requirements.filter(active=True):
        assert requirement.text in html
    for commitment in standard.commitment_types.filter(active=True):
        assert commitment.text in html
    for item in StandardItem.objects.filter(standard=standard):
        assert item.text in html, item.component
    for label in [c.label for c in StandardItem.Component]:
        assert label.capitalize() in html or label in html
    assert "3 hari kerja" in html
    assert "Gratis" in html
    assert "Maklumat Pelayanan" in html
    assert ServicePledge.current().text in html
    assert html.count("<li>Draft perizinan") == 2  # steps 5 and 6 of the eight


@pytest.mark.django_db
def test_what_the_office_edits_in_the_admin_is_what_the_public_reads(client):
    standard = ServiceStandard.objects.current()
    standard.service_days = 5
    standard.fee_label = "Tanpa biaya"
    standard.save()
    StandardItem.objects.filter(
        standard=standard, component=StandardItem.Component.LEGAL_BASIS, order=1
    ).update(text="Peraturan Pemerintah Nomor 28 Tahun 2025")
    pledge = ServicePledge.current()
    pledge.text = "Kami siap melayani dengan cepat dan tanpa pungutan."
    pledge.motto = "Melayani dengan hati"
    pledge.save()
    office = OfficeProfile.current()
    office.head_name = "Dr. Nama Kepala Dinas"
    office.save()

    html = client.get(URL).content.decode()

    assert "5 hari kerja" in html
    assert "Tanpa biaya" in html
    assert "Peraturan Pemerintah Nomor 28 Tahun 2025" in html
    assert "Kami siap melayani dengan cepat dan tanpa pungutan." in html
    assert "Melayani dengan hati" in html
    assert "Dr. Nama Kepala Dinas" in html


@pytest.mark.django_db
def test_an_inactive_pledge_is_not_published(client):
    ServicePledge.objects.update(active=False)

    html = client.get(URL).content.decode()

    assert "Maklumat Pelayanan" not in html


@pytest.mark.django_db
def test_the_page_has_no_inline_script_or_style(client):
    html = client.get(URL).content.decode()

    assert "<script" not in html
    assert "style=" not in html
    assert "<style" not in html
