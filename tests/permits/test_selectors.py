"""The reads behind the desk pages: the right rows, and a query count that does not grow."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.roles import Role
from permits import selectors
from permits.sample import register_sample
from workflow.table import Status


def queries_for(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def add_files(staff, count: int, start: int) -> None:
    rng = random.Random(start)
    for index in range(start, start + count):
        register_sample(fo=staff[Role.FO], rng=rng, index=index)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("home", {}),
        ("home", {"q": "PT"}),
        ("application_list", {}),
        ("application_list", {"status": Status.SUBMITTED}),
    ],
)
def test_the_queue_and_list_pages_run_the_same_queries_for_2_files_as_for_8(
    client, staff, django_assert_num_queries, url_name, params
):
    client.force_login(staff[Role.FO])
    add_files(staff, 2, start=0)
    url = reverse(url_name)
    with_two = queries_for(client, url, params)
    add_files(staff, 6, start=2)
    with django_assert_num_queries(with_two):
        response = client.get(url, params)
    assert len(response.context["page"].object_list) >= 6


def test_the_detail_page_runs_the_same_queries_for_a_short_and_a_long_history(
    client, staff, file_at, django_assert_num_queries
):
    client.force_login(staff[Role.SEKRETARIS])
    new = file_at(Status.SUBMITTED)
    done = file_at(Status.HANDED_OVER)
    short = queries_for(client, reverse("application_detail", args=[new.pk]))
    with django_assert_num_queries(short):
        client.get(reverse("application_detail", args=[done.pk]))


def test_the_queue_holds_the_files_waiting_for_any_of_the_users_roles(staff, file_at):
    printed = file_at(Status.PRINTED)
    signed = file_at(Status.SIGNED)
    file_at(Status.SUBMITTED)
    staff[Role.KABID].groups.add(*staff[Role.BAGIAN_UMUM].groups.all())
    kabid = type(staff[Role.KABID]).objects.get(pk=staff[Role.KABID].pk)
    assert set(selectors.queue_for(kabid)) == {printed, signed}


def test_the_queue_puts_the_longest_waiting_file_first(staff, file_at):
    first = file_at(Status.SUBMITTED)
    second = file_at(Status.SUBMITTED)
    assert list(selectors.queue_for(staff[Role.FO])) == [first, second]


def test_status_counts_cover_every_status_including_zeros(file_at):
    file_at(Status.PRINTED)
    file_at(Status.PRINTED)
    file_at(Status.SUBMITTED)
    counts = {status: count for status, _label, count in selectors.status_counts()}
    assert counts[Status.PRINTED] == 2
    assert counts[Status.SUBMITTED] == 1
    assert counts[Status.REJECTED] == 0
    assert set(counts) == set(Status.values)


def test_the_list_filters_by_status(file_at):
    printed = file_at(Status.PRINTED)
    file_at(Status.SUBMITTED)
    assert list(selectors.application_list(status=Status.PRINTED)) == [printed]
