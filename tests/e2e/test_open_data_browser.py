"""The open data page (/data/) in a browser: at an office screen and on a 360 px phone.

Screenshots go to test-artifacts/screenshots/ (data-terbuka-desktop.png, -phone.png).
"""

from datetime import datetime, time

import pytest
from django.utils import timezone

from complaints.models import SurveyResponse
from complaints.skm import ELEMENT_CODES
from permits.models import Service
from tests.e2e.test_phone_width import PHONE, problems_of
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(file_at, sipb):
    """Built before the browser starts: signing at numbering runs its own event loop."""
    file_at(Status.NUMBERED)
    file_at(Status.RECEIPTED)
    file_at(Status.RECEIPTED, standard=sipb)
    iupi = Service.objects.get(code="iupi")
    moment = datetime.combine(
        timezone.localdate(), time(10), tzinfo=timezone.get_current_timezone()
    )
    for i in range(6):
        SurveyResponse.objects.create(
            respondent_key=f"e2e-{i}",
            submitted_at=moment,
            service=iupi if i < 5 else sipb.service,
            gender="L",
            age_band="31-40",
            education="s1",
            occupation="swasta",
            **{code: 3 + (i + n) % 2 for n, code in enumerate(ELEMENT_CODES)},
        )


def test_the_open_data_page_reads_well_at_an_office_screen_and_on_a_phone(
    figures, new_context, live_server, console, shot
):
    desk = console.watch(new_context(base_url=live_server.url).new_page())
    response = desk.goto("/data/")
    assert response.status == 200
    assert desk.locator("h1").inner_text() == "Data terbuka"
    assert desk.locator("section.dataset").count() == 3
    # The office screen shows each preview as a table, its column headings in view.
    assert desk.locator("table.preview thead").first.is_visible()
    shot(desk, "data-terbuka-desktop")

    with desk.expect_download() as download:
        desk.locator("#berkas-izin-bulanan a", has_text="Unduh CSV").click()
    assert (
        download.value.suggested_filename == f"berkas-izin-bulanan-{timezone.localdate().year}.csv"
    )

    phone = console.watch(new_context(base_url=live_server.url, viewport=PHONE).new_page())
    phone.goto("/data/")
    shot(phone, "data-terbuka-phone")
    assert problems_of(phone) == []
    # On a phone each row is a card, every value under its column's name.
    cell = phone.locator("table.preview tbody td[data-label='Izin selesai']").first
    assert cell.is_visible()
    assert phone.locator("table.preview thead").first.is_hidden()
    # The variables' definitions, opened, fit the phone too.
    phone.locator("#skm-triwulanan details.variables summary").click()
    assert phone.locator("#skm-triwulanan td[data-label='Definisi']").first.is_visible()
    shot(phone, "data-terbuka-phone-variabel")
    assert problems_of(phone) == []

    refused = phone.goto("/data/?tahun=1999")
    assert refused.status == 400
    assert "Tahun tidak tersedia" in phone.locator("#id_tahun_error").inner_text()
    shot(phone, "data-terbuka-phone-tahun-salah")
