"""What every page costs before it does anything (issue 18): at most four queries for an
officer (the session, the user, the second-factor device, the roles for the menu), none for
the session's write on most requests, and the office profile read at most every half minute."""

import pytest

from config import settings as production
from office.models import OfficeProfile
from office.roles import Role

# The bench's bare page: base.html and no query of its own (bench/bare.py).
pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]
BARE = "/bench/kosong/"


@pytest.fixture(autouse=True)
def _profile_as_in_production(settings):
    settings.OFFICE_PROFILE_SHOWN_FOR = production.OFFICE_PROFILE_SHOWN_FOR


def test_a_signed_in_page_costs_four_queries(client, staff, django_assert_num_queries):
    client.force_login(staff[Role.FO])
    client.get(BARE)
    with django_assert_num_queries(4):
        assert client.get(BARE).status_code == 200


def test_an_officer_with_a_second_factor_costs_the_same(client, staff, django_assert_num_queries):
    client.force_login(staff[Role.KEPALA_DINAS])  # with a verified authenticator (conftest)
    client.get(BARE)
    with django_assert_num_queries(4):
        assert client.get(BARE).status_code == 200


def test_an_anonymous_page_costs_nothing(client, django_assert_num_queries):
    client.get(BARE)
    with django_assert_num_queries(0):
        assert client.get(BARE).status_code == 200


def test_an_edited_profile_shows_on_the_next_page(client, staff):
    client.force_login(staff[Role.FO])
    assert "DPMPTSP" in client.get(BARE).content.decode()
    profile = OfficeProfile.current()
    profile.short_name = "DPMPTSP-UJI"
    profile.save()
    assert "DPMPTSP-UJI" in client.get(BARE).content.decode()
