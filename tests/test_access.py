"""Default deny: every URL needs a login unless it is on the public list."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages an applicant or the public opens without an account.
PUBLIC = {
    "login",
    "public:track",
    "public:download",
    "public:stop_whatsapp",
    "public:verify",
    "public:verify_letter",
    "public:download_letter",
    # Open data (docs/open-data.md): the catalogue and its downloads.
    "public:open_data",
    "public:open_data_csv",
    "public:open_data_json",
    "complaints:catalog",
    "complaints:standard",
    "complaints:submit",
    "complaints:submitted",
    "complaints:status",
    "complaints:survey",
    "complaints:survey_done",
    # SP4N-LAPOR!'s signed notifications (JSON; tests/complaints/test_lapor_notifications.py).
    "complaints:lapor_notification",
    # For the load balancer and monitoring (config/health.py).
    "healthz",
    # The API's index for integrators (its resources ask for a client token: tests/api).
    "api_index",
}


def named_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def sample_path(route: str) -> str:
    """A concrete path for a route, with 1 for every converter."""
    return "/" + re.sub(r"<(?:[^:>]+:)?[^>]+>", "1", route)


# The API answers programs with tokens, not people with logins: its own matrix of client
# scopes is tests/api/test_client_matrix.py.
API_PREFIX = "api-v1:"

STAFF_ROUTES = [
    (name, route)
    for name, route in named_patterns()
    if name not in PUBLIC and not name.startswith(("admin:", API_PREFIX))
]


@pytest.mark.parametrize(("name", "route"), STAFF_ROUTES, ids=[n for n, _ in STAFF_ROUTES])
def test_every_staff_page_sends_an_anonymous_visitor_to_the_login_page(client, db, name, route):
    response = client.get(sample_path(route))
    assert response.status_code == 302, name
    assert response.url.startswith("/masuk/"), name


def test_the_public_list_names_only_pages_that_exist():
    names = {name for name, _ in named_patterns()}
    assert names >= PUBLIC
