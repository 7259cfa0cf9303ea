"""The list of all files says how many there are from the registrations counted for the
figures, not a COUNT of every file: the number must be the files' own, for the whole list and
for one service, and the page costs the same queries for more files."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.roles import Role
from permits.models import Application
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(file_at, sipb):
    for status in (Status.SUBMITTED, Status.RECEIPTED, Status.REJECTED, Status.HANDED_OVER):
        file_at(status)
    file_at(Status.WITHDRAWN)
    file_at(Status.SUBMITTED, sipb)
    file_at(Status.RECEIPTED, sipb)


def shown_total(client, **query) -> str:
    page = client.get(reverse("application_list"), query).content.decode()
    return page.split("dari ", 1)[1].split(" berkas", 1)[0] if "dari " in page else ""


def test_the_total_is_the_number_of_files_whole_and_per_service(client, staff, files, sipb):
    client.force_login(staff[Role.SEKRETARIS])
    iupi = Application.objects.filter(standard__service__code="iupi").count()
    assert shown_total(client) == str(Application.objects.count()) == "7"
    assert shown_total(client, layanan="iupi") == str(iupi) == "5"
    assert shown_total(client, layanan=sipb.service.code) == "2"
    # Filtered by status or words, the rows are counted.
    assert shown_total(client, status=Status.SUBMITTED) == "2"
    assert shown_total(client, q=Application.objects.first().registration_number) == "1"


def test_the_list_costs_the_same_queries_for_more_files(client, staff, file_at):
    client.force_login(staff[Role.SEKRETARIS])
    file_at(Status.SUBMITTED)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("application_list")).status_code == 200
        return len(captured)

    before = queries()
    for status in (Status.RECEIPTED, Status.HANDED_OVER, Status.REJECTED):
        file_at(status)
    assert queries() == before
