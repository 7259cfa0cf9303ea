"""A step whose conditions do not hold is not offered; the pages say what is missing
(issue 13, item 4)."""

import pytest
from django.urls import reverse

from office.roles import Role
from permits.sample import complete_verification
from workflow.table import TRANSITIONS, Status

CONFIRM_BUTTON = f">{TRANSITIONS['process'].staff_label}</button>"

pytestmark = pytest.mark.django_db


def test_finish_processing_is_not_offered_while_commitments_are_unverified(client, file_at, staff):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.BACK_OFFICE])
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()

    assert reverse("transition", args=[application.pk, "process"]) not in page
    assert "belum dapat dilakukan" in page
    assert "komitmen belum terverifikasi" in page.lower()
    assert "Berita Acara Pemeriksaan Lapangan (BAP) belum diisi" in page
    # The other steps of the back office stay offered.
    assert reverse("transition", args=[application.pk, "return_for_correction"]) in page


def test_the_confirmation_page_shows_what_is_missing_instead_of_the_button(client, file_at, staff):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.BACK_OFFICE])
    response = client.get(reverse("transition", args=[application.pk, "process"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "komitmen belum terverifikasi" in page.lower()
    assert CONFIRM_BUTTON not in page
    assert reverse("application_detail", args=[application.pk]) in page


def test_once_verified_the_step_is_offered_and_confirmed(client, file_at, staff):
    application = file_at(Status.RECEIPTED)
    complete_verification(back_office=staff[Role.BACK_OFFICE], application=application)
    client.force_login(staff[Role.BACK_OFFICE])

    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("transition", args=[application.pk, "process"]) in page
    assert "belum dapat dilakukan" not in page
    confirm = client.get(reverse("transition", args=[application.pk, "process"])).content.decode()
    assert CONFIRM_BUTTON in confirm


def test_a_forced_post_is_still_refused_with_the_same_words(client, file_at, staff):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.BACK_OFFICE])
    response = client.post(
        reverse("transition", args=[application.pk, "process"]),
        {"expected_status": Status.RECEIPTED},
        follow=True,
    )
    assert "komitmen belum terverifikasi" in response.content.decode().lower()
    application.refresh_from_db()
    assert application.status == Status.RECEIPTED
