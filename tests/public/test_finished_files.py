"""A finished file says when and how it ended, not an estimate (issue 13, item 2)."""

import pytest

from tests.public.test_tracking_page import look_up
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status, outcome",
    [
        (Status.HANDED_OVER, "Diserahkan kepada pemohon"),
        (Status.REJECTED, "Ditolak"),
        (Status.WITHDRAWN, "Dicabut atas permintaan pemohon"),
    ],
)
def test_an_ended_file_shows_how_and_when_it_ended(client, file_at, status, outcome):
    application = file_at(status)
    response = look_up(client, application)

    page = response.content.decode()
    tracking = response.context["tracking"]
    assert "Perkiraan selesai" not in page
    assert tracking.outcome == outcome
    assert f"{outcome}, " in page
    ended = application.control_card.order_by("created_at", "pk").last().created_at
    assert tracking.ended_at == ended


def test_a_numbered_file_shows_when_the_permit_was_issued_not_an_estimate(client, file_at):
    application = file_at(Status.NUMBERED)
    response = look_up(client, application)

    page = response.content.decode()
    assert "Perkiraan selesai" not in page
    assert "Izin terbit" in page
    assert response.context["tracking"].ended_at is None


def test_a_file_in_progress_still_shows_its_estimate(client, file_at):
    response = look_up(client, file_at(Status.PROCESSED))
    assert "Perkiraan selesai" in response.content.decode()
    assert response.context["tracking"].due_on is not None
