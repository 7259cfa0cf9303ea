"""The office's catalog of services at /standar-pelayanan/ (issue 14): every active service
with the version of its standard in force today, each with its full standard page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permits import catalog
from permits.models import Service, ServiceStandard

pytestmark = pytest.mark.django_db

CATALOG = "/standar-pelayanan/"


def add_service(code: str, name: str, *, category=Service.Category.NON_BUSINESS, **terms):
    service = Service.objects.create(code=code, name=name, category=category)
    return ServiceStandard.objects.create(
        service=service,
        effective_from=terms.pop("effective_from", date(2025, 1, 1)),
        product=terms.pop("product", f"Surat {name}"),
        service_days=terms.pop("service_days", 5),
        permit_number_format="503/{seq:04d}/" + code.upper() + "/{year}",
        registration_prefix=code.upper()[:6],
        **terms,
    )


def test_the_catalog_lists_every_active_service_by_category_with_its_terms(client):
    add_service("reklame", "Izin Reklame", service_days=7, fee_amount=150000)
    add_service("rekom", "Rekomendasi Teknis", category=Service.Category.NON_PERMIT)
    add_service("lama", "Layanan Lama")
    Service.objects.filter(code="lama").update(active=False)

    html = client.get(CATALOG).content.decode()

    assert "Perizinan berusaha" in html and "Izin Usaha Perluasan Industri" in html
    assert "Perizinan non-berusaha" in html and "Izin Reklame" in html
    assert "7 hari kerja" in html and "Rp 150.000" in html
    assert "Nonperizinan" in html and "Rekomendasi Teknis" in html
    assert "Layanan Lama" not in html
    assert 'href="/standar-pelayanan/reklame/"' in html
    assert 'href="/standar-pelayanan/iupi/"' in html


def test_the_catalog_is_searched_by_name_and_says_when_nothing_matches(client):
    add_service("reklame", "Izin Reklame")

    found = client.get(CATALOG, {"q": "rekla"}).content.decode()
    nothing = client.get(CATALOG, {"q": "bangunan"}).content.decode()

    assert "Izin Reklame" in found and "Izin Usaha Perluasan Industri" not in found
    assert "Tidak ada layanan yang cocok dengan" in nothing and "bangunan" in nothing


def test_a_service_page_shows_the_version_in_force_and_announces_the_next(client):
    current = ServiceStandard.objects.current()
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = catalog.new_version(current, effective_from=tomorrow)
    later.service_days = 10
    later.save()

    html = client.get("/standar-pelayanan/iupi/").content.decode()

    assert "3 hari kerja" in html and "10 hari kerja" not in html
    assert "Versi 1, berlaku sejak 1 Januari 2019" in html
    assert f"Versi baru berlaku mulai {tomorrow.day}" in html


def test_a_service_not_yet_in_force_or_inactive_has_no_page(client):
    add_service("baru", "Layanan Baru", effective_from=timezone.localdate() + timedelta(days=3))
    add_service("tutup", "Layanan Ditutup")
    Service.objects.filter(code="tutup").update(active=False)

    assert client.get("/standar-pelayanan/baru/").status_code == 404
    assert client.get("/standar-pelayanan/tutup/").status_code == 404
    assert client.get("/standar-pelayanan/tidak-ada/").status_code == 404
    assert "Layanan Baru" not in client.get(CATALOG).content.decode()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_catalog_and_a_service_page_cost_the_same_with_thirty_services(client):
    before = (queries(client, CATALOG), queries(client, "/standar-pelayanan/iupi/"))

    for index in range(30):
        version = add_service(f"layanan{index}", f"Layanan {index}")
        catalog.new_version(version, effective_from=date(2026, 1, 1))

    assert (queries(client, CATALOG), queries(client, "/standar-pelayanan/iupi/")) == before
