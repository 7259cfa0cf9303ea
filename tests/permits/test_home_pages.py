"""The home page of each role (issue 13, items 21 and 20d): what waits for the user comes first.

A role with a queue sees its queue above the statistics; a role without one (Sekretaris,
administrator) sees no "waiting for you" heading but the overview and where to look further.
The search says what it searches and offers the same term on the list of all files.
"""

import re

import pytest
from django.urls import reverse

from office.roles import Role
from workflow.table import Status

QUEUE_HEADING = "Berkas menunggu tindakan Anda"


def home_of(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("home"), params)
    assert response.status_code == 200
    # What the page says, after the menu (which links the same pages).
    return response.content.decode().split('<main id="isi"', 1)[1]


def position(page: str, marker: str) -> int:
    index = page.find(marker)
    assert index >= 0, f"{marker!r} not on the page"
    return index


def test_the_kepala_dinas_sees_his_signing_queue_before_the_statistics(client, staff, file_at):
    waiting = file_at(Status.INITIALED)
    page = home_of(client, staff[Role.KEPALA_DINAS])
    assert position(page, QUEUE_HEADING) < position(page, waiting.registration_number)
    assert position(page, waiting.registration_number) < position(page, "Ringkasan status")
    # The statistics stay one click away, as a collapsible section.
    assert re.search(r'<details[^>]*class="[^"]*overview-card', page)


@pytest.mark.parametrize("role", [Role.SEKRETARIS, Role.ADMIN], ids=lambda r: r.value)
def test_a_role_without_a_queue_sees_no_waiting_heading_but_the_overview(
    client, staff, file_at, role
):
    file_at(Status.PRINTED)
    page = home_of(client, staff[role])
    assert QUEUE_HEADING not in page
    assert "tanpa antrean tindakan" not in page
    assert "Ringkasan status" in page
    assert f'href="{reverse("application_list")}"' in page
    assert f'href="{reverse("supervision")}"' in page
    # The overview comes before anything else on the page.
    assert position(page, "Ringkasan status") < position(page, f'href="{reverse("supervision")}"')


@pytest.mark.parametrize(
    "role", [Role.FO, Role.BACK_OFFICE, Role.KABID, Role.BAGIAN_UMUM], ids=lambda r: r.value
)
def test_a_role_with_a_queue_has_the_waiting_heading_and_no_statistics(client, staff, role):
    page = home_of(client, staff[role])
    assert f"<h1>{QUEUE_HEADING}</h1>" in page
    assert "Ringkasan status" not in page


def test_the_home_search_says_it_searches_the_queue(client, staff, db):
    page = home_of(client, staff[Role.FO])
    assert "Cari di antrean Anda" in page


def test_the_home_search_offers_the_same_term_on_the_list_of_all_files(client, staff, file_at):
    printed = file_at(Status.PRINTED)
    term = printed.registration_number
    page = home_of(client, staff[Role.BACK_OFFICE], q=term)
    link = f'href="{reverse("application_list")}?q={term}"'
    assert link in page
    assert "Cari di semua berkas" in page
    # The link leads to a list that finds the file the queue does not hold.
    client.force_login(staff[Role.BACK_OFFICE])
    listed = client.get(reverse("application_list"), {"q": term}).content.decode()
    assert term in listed


def test_the_list_of_all_files_says_what_it_searches_and_keeps_the_term(client, staff, db):
    client.force_login(staff[Role.FO])
    page = client.get(reverse("application_list"), {"q": "abc"}).content.decode()
    assert "Cari di semua berkas" in page
    assert 'value="abc"' in page


def test_a_role_without_a_queue_searches_all_files_from_home(client, staff, db):
    page = home_of(client, staff[Role.SEKRETARIS])
    assert re.search(
        rf'<form[^>]*action="{re.escape(reverse("application_list"))}"[^>]*role="search"', page
    )
