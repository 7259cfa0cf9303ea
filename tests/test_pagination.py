"""office.pagination.ListPaginator: the same pages as Django's Paginator, the far half read
from the end (a small OFFSET), with the count given or counted once."""

import pytest
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.pagination import ListPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    Group.objects.bulk_create(Group(name=f"kelompok-{i:03d}") for i in range(103))
    return Group.objects.filter(name__startswith="kelompok-").order_by("-name", "-pk")


@pytest.mark.parametrize("per_page,orphans", [(10, 0), (25, 3), (7, 0), (103, 0), (200, 0)])
def test_every_page_holds_what_django_s_paginator_gives(groups, per_page, orphans):
    ours = ListPaginator(groups, per_page, orphans=orphans)
    django = Paginator(groups, per_page, orphans=orphans)
    assert ours.num_pages == django.num_pages
    for number in django.page_range:
        mine, theirs = ours.page(number), django.page(number)
        assert [g.name for g in mine] == [g.name for g in theirs], number
        assert (mine.start_index(), mine.end_index()) == (theirs.start_index(), theirs.end_index())
        assert mine.has_next() == theirs.has_next()


def test_the_last_page_is_read_from_the_end(groups):
    with CaptureQueriesContext(connection) as captured:
        page = ListPaginator(groups, 10).page(11)
        names = [g.name for g in page]
    assert names == ["kelompok-002", "kelompok-001", "kelompok-000"]
    listing = captured.captured_queries[-1]["sql"]
    assert "OFFSET" not in listing.upper()  # the first rows of the reversed list
    assert '"name" ASC' in listing


def test_a_given_count_is_not_asked_again(groups):
    with CaptureQueriesContext(connection) as captured:
        page = ListPaginator(groups, 10, count=103).get_page(11)
        list(page)
    assert len(captured) == 1
    assert page.number == 11


def test_an_empty_list_has_one_empty_page(db):
    page = ListPaginator(Group.objects.none().order_by("pk"), 10).get_page(5)
    assert list(page) == [] and page.number == 1
