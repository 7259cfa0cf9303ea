"""The note that sent a file back is shown at the top of the file page to whoever holds it."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.roles import Role
from workflow.table import Status


def top_of(response) -> str:
    """The page up to the actions card, as text."""
    page = response.content.decode()
    head = page[: page.index('id="tindakan"')]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", head)))


def take(client, staff, application, name: str, role: Role, note: str):
    client.force_login(staff[role])
    response = client.post(
        reverse("transition", args=[application.pk, name]),
        {"expected_status": application.status, "note": note},
    )
    assert response.status_code == 302
    application.refresh_from_db()


def test_the_fo_sees_the_back_offices_correction_note_at_the_top(client, staff, file_at):
    application = file_at(Status.RECEIPTED)
    take(client, staff, application, "return_for_correction", Role.BACK_OFFICE, "IUI kedaluwarsa.")

    client.force_login(staff[Role.FO])
    top = top_of(client.get(reverse("application_detail", args=[application.pk])))

    assert "Catatan perbaikan dari Petugas Back Office" in top
    assert "IUI kedaluwarsa." in top


@pytest.mark.parametrize(
    ("status", "name", "role", "label"),
    [
        (Status.PRINTED, "send_back_by_kabid", Role.KABID, "Kepala Bidang Perizinan"),
        (Status.INITIALED, "send_back_by_head", Role.KEPALA_DINAS, "Kepala Dinas"),
    ],
)
def test_the_back_office_sees_a_send_back_note_at_the_top(
    client, staff, file_at, status, name, role, label
):
    application = file_at(status)
    take(client, staff, application, name, role, "Kapasitas di halaman 2 keliru.")

    client.force_login(staff[Role.BACK_OFFICE])
    top = top_of(client.get(reverse("application_detail", args=[application.pk])))

    assert f"Catatan perbaikan dari {label}" in top
    assert "Kapasitas di halaman 2 keliru." in top


def test_the_note_goes_once_the_file_moves_on(client, staff, file_at):
    application = file_at(Status.RECEIPTED)
    take(client, staff, application, "return_for_correction", Role.BACK_OFFICE, "IUI kedaluwarsa.")
    take(client, staff, application, "resubmit", Role.FO, "IUI baru dibawa pemohon.")

    client.force_login(staff[Role.BACK_OFFICE])
    response = client.get(reverse("application_detail", args=[application.pk]))
    assert "Catatan perbaikan" not in top_of(response)
    assert "IUI kedaluwarsa." in response.content.decode()  # still on the control card


@pytest.mark.parametrize("status", [Status.INCOMPLETE, Status.PROCESSED, Status.REJECTED])
def test_no_alert_when_nobody_sent_the_file_back_to_its_holder(client, staff, file_at, status):
    # "incomplete" is the FO's own note to the applicant; "rejected" has nobody to act.
    application = file_at(status)
    client.force_login(staff[Role.SEKRETARIS])
    top = top_of(client.get(reverse("application_detail", args=[application.pk])))
    assert "Catatan perbaikan" not in top


def test_the_alert_reads_the_control_card_already_loaded(
    client, staff, file_at, django_assert_num_queries
):
    quiet = file_at(Status.PROCESSED)
    sent_back = file_at(Status.PRINTED)
    take(client, staff, sent_back, "send_back_by_kabid", Role.KABID, "Perbaiki nama komoditas.")
    client.force_login(staff[Role.BACK_OFFICE])
    with CaptureQueriesContext(connection) as without_note:
        client.get(reverse("application_detail", args=[quiet.pk]))

    with django_assert_num_queries(len(without_note)):
        response = client.get(reverse("application_detail", args=[sent_back.pk]))
    assert "Perbaiki nama komoditas." in top_of(response)
