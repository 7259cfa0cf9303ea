"""The URL x role matrix, for programs: every API resource x kind of caller, with the status.

A new resource fails `test_every_resource_is_in_the_matrix` until it is added here.
"""

from functools import partial

import pytest

from api.scopes import Scope
from tests.api.conftest import Caller, expired
from tests.test_access import API_PREFIX, named_patterns
from workflow.table import Status

PERIOD = {"from": "2026-01-01", "to": "2026-01-31"}
# Path and parameters of each resource (by its URL name), asked with each caller below.
RESOURCES = {
    "services": ("services", {}),
    "service": ("services/iupi", {}),
    "files": ("files", {}),
    "file": ("files/IUPI-2026-00001", {}),
    "figures": ("figures", PERIOD),
    "satisfaction": ("skm", PERIOD),
    "complaint_figures": ("complaints/figures", PERIOD),
}
CALLERS = ("none", "wrong", "expired", "elsewhere", *Scope.values)
HEADER = "none wrong exp  away serv files pers figs skm  compl"
MATRIX = {
    "services": (401, 401, 401, 403, 200, 403, 403, 403, 403, 403),
    "service": (401, 401, 401, 403, 200, 403, 403, 403, 403, 403),
    "files": (401, 401, 401, 403, 403, 200, 403, 403, 403, 403),
    "file": (401, 401, 401, 403, 403, 200, 403, 403, 403, 403),
    "figures": (401, 401, 401, 403, 403, 403, 403, 200, 403, 403),
    "satisfaction": (401, 401, 401, 403, 403, 403, 403, 403, 200, 403),
    "complaint_figures": (401, 401, 401, 403, 403, 403, 403, 403, 403, 200),
}
# Open to anyone: the schema, its documentation page.
OPEN = {"openapi-json", "openapi-view", "api-root"}


def test_every_resource_is_in_the_matrix():
    names = {
        name.removeprefix(API_PREFIX) for name, _ in named_patterns() if name.startswith(API_PREFIX)
    }
    assert names - OPEN == MATRIX.keys() == RESOURCES.keys()


def caller_for(kind: str, make_client) -> Caller:
    if kind == "none":
        return Caller(None)
    if kind == "wrong":
        return Caller("kdl_bukan-token")
    if kind == "expired":
        return Caller(make_client(**expired())[1])
    if kind == "elsewhere":
        return Caller(make_client(allowed_addresses="10.99.0.0/16")[1], "192.0.2.1")
    return Caller(make_client(scopes=[kind])[1])


@pytest.mark.django_db
@pytest.mark.parametrize("resource", MATRIX)
def test_each_caller_gets_the_status_of_the_matrix(resource, make_client, file_at):
    file_at(Status.SUBMITTED)  # IUPI-2026-00001
    path, params = RESOURCES[resource]
    got = []
    for i, kind in enumerate(CALLERS):
        caller = caller_for(kind, partial(make_client, name=f"{kind}-{i}"))
        response = caller.get(path, **params)
        if response.status_code != 200:
            assert "error" in response.json(), (resource, kind)
        got.append(response.status_code)
    assert tuple(got) == MATRIX[resource], f"{resource}\n{HEADER}\n{got}"
