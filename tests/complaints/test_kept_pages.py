"""The published standard pages are rendered once and kept for a while (office/page_memo.py):
a kept page costs no query; an edit to what it shows is on the page at once; a search, an
unknown service and another day are never served from what was kept."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from office.models import OfficeProfile
from permits.models import Requirement, ServiceStandard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_pages")]


def opened(client, url, **query) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def test_the_catalog_is_kept_and_an_edit_shows_at_once(client):
    url = reverse("complaints:catalog")
    first, _ = opened(client, url)
    again, queries = opened(client, url)
    assert again == first and queries == 0
    assert "Izin Usaha Perluasan Industri" in first

    standard = ServiceStandard.objects.current()
    standard.product = "Izin Perluasan Uji"
    standard.save()
    edited, queries = opened(client, url)
    assert "Izin Perluasan Uji" in edited and queries > 0


def test_a_service_page_is_kept_and_a_requirement_edit_shows_at_once(client):
    url = reverse("complaints:standard", args=["iupi"])
    first, _ = opened(client, url)
    again, queries = opened(client, url)
    assert again == first and queries == 0
    assert "<title>Standar pelayanan Izin Usaha Perluasan Industri" in first

    requirement = Requirement.objects.filter(standard__service__code="iupi", active=True).first()
    requirement.text = "Fotokopi akta pendirian yang dilegalisir (uji)"
    requirement.save()
    assert "dilegalisir (uji)" in opened(client, url)[0]


def test_the_office_name_on_the_page_follows_the_profile(client):
    url = reverse("complaints:standard", args=["iupi"])
    opened(client, url)
    office = OfficeProfile.current()
    office.name = "DPMPTSP Uji Coba"
    office.save()
    assert 'class="standard-office">DPMPTSP Uji Coba' in opened(client, url)[0]


def test_a_search_and_an_unknown_service_are_never_kept(client):
    url = reverse("complaints:catalog")
    for _ in range(2):
        page, queries = opened(client, url, q="perluasan")
        assert queries > 0 and "Izin Usaha Perluasan Industri" in page
    for _ in range(2):
        assert client.get(reverse("complaints:standard", args=["tidak-ada"])).status_code == 404


def test_another_day_renders_the_page_afresh(client, time_machine):
    url = reverse("complaints:catalog")
    opened(client, url)
    time_machine.move_to(timezone.now() + timedelta(days=1))
    _, queries = opened(client, url)
    assert queries > 0
