"""Tokens, scopes, expiry, addresses and limits: each refusal with its status and JSON error."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from api import tokens
from api.models import ApiCall, Client
from api.scopes import Scope
from tests.api.conftest import Caller, expired
from workflow.table import Status

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


def test_the_token_is_kept_only_as_its_digest(make_client):
    client, token = make_client()
    assert token.startswith("kdl_") and len(token) > 40
    row = Client.objects.filter(pk=client.pk).values().get()
    assert token not in str(row.values())
    assert row["token_digest"] == tokens.digest(token)
    assert row["token_shown"] == token[:12]


def test_a_call_without_a_token_is_told_how_to_send_one():
    response = Caller(None).get("services")
    assert response.status_code == 401
    assert error_of(response)["code"] == "token_missing"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_scheme_is_no_token(caller):
    response = caller().http.get("/api/v1/services", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 401
    assert error_of(response)["code"] == "token_missing"


def test_a_wrong_token_is_refused_without_saying_why(make_client):
    _client, token = make_client()
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "kdl_tebakan", token + "x"):
        response = Caller(wrong).get("services")
        assert response.status_code == 401
        assert error_of(response) == {
            "code": "token_invalid",
            "message": "Token tidak dikenal atau sudah tidak berlaku.",
        }


def test_a_switched_off_client_is_refused_like_a_wrong_token(make_client):
    _client, token = make_client(active=False)
    response = Caller(token).get("services")
    assert response.status_code == 401
    assert error_of(response)["code"] == "token_invalid"


def test_an_expired_token_says_it_expired(caller):
    response = caller(**expired()).get("services")
    assert response.status_code == 401
    assert error_of(response)["code"] == "token_expired"
    assert "administrator" in error_of(response)["message"]


def test_only_the_allowed_addresses_may_call(make_client):
    _client, token = make_client(allowed_addresses="10.12.0.0/24\n192.168.5.7")
    assert Caller(token, "10.12.0.44").get("services").status_code == 200
    assert Caller(token, "192.168.5.7").get("services").status_code == 200
    refused = Caller(token, "192.168.5.8").get("services")
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "address_not_allowed"


def test_a_resource_outside_the_scopes_is_refused_naming_the_scope(caller):
    response = caller(scopes=[Scope.SERVICES]).get("files")
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "scope_missing"
    assert "files" in error["message"]


def test_the_limit_per_minute_is_per_client_and_opens_again(make_client):
    _one, first = make_client(name="Dasbor", calls_per_minute=3)
    _two, second = make_client(name="Portal data", calls_per_minute=3)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        answers = [Caller(first).get("services").status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = Caller(first).get("services")
        assert error_of(refused)["code"] == "too_many_requests"
        assert refused["Retry-After"] == "60"
        # Another client from the same address is not slowed by the first.
        assert Caller(second).get("services").status_code == 200
        clock.shift(timedelta(seconds=61))
        assert Caller(first).get("services").status_code == 200


def test_guessing_tokens_from_one_address_is_slowed_but_a_right_token_still_works(make_client):
    _client, token = make_client()
    guesses = [Caller(f"kdl_tebakan{i}", "10.0.0.9").get("services") for i in range(22)]
    statuses = [response.status_code for response in guesses]
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429, 429]
    assert Caller(token, "10.0.0.9").get("services").status_code == 200
    assert Caller("kdl_tebakan", "10.0.0.10").get("services").status_code == 401


def test_every_call_is_logged_with_client_resource_status_and_rows(make_client, file_at):
    file_at(Status.RECEIPTED)
    file_at(Status.SUBMITTED)
    client, token = make_client(scopes=[Scope.FILES])
    Caller(token).get("files")
    Caller(token).get("services")
    Caller("kdl_salah").get("files")
    columns = ("client", "resource", "status", "rows", "error")
    calls = list(ApiCall.objects.order_by("pk").values(*columns))
    assert calls == [
        {"client": client.pk, "resource": "files.list", "status": 200, "rows": 2, "error": ""},
        {
            "client": client.pk,
            "resource": "services.list",
            "status": 403,
            "rows": 0,
            "error": "scope_missing",
        },
        {
            "client": None,
            "resource": "files.list",
            "status": 401,
            "rows": 0,
            "error": "token_invalid",
        },
    ]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("files", {"registered_from": "31-12-2026"}, "registered_from"),
        ("files", {"registered_from": "2026-02-30"}, "registered_from"),
        ("files", {"registered_from": "2026-03-01", "registered_to": "2026-02"}, "registered_to"),
        (
            "files",
            {"registered_from": "2026-03-01", "registered_to": "2026-02-01"},
            "registered_to",
        ),
        ("files", {"updated_since": "kemarin"}, "updated_since"),
        ("files", {"status": "terbit"}, "status"),
        ("files", {"include": "semua"}, "include"),
        ("files", {"page_size": "0"}, "page_size"),
        ("files", {"page_size": "501"}, "page_size"),
        ("files", {"page_size": "seratus"}, "page_size"),
        ("files", {"cursor": "bukan-kursor!"}, "cursor"),
        # Valid base64 of a position that is no file key.
        ("files", {"cursor": "cD1hYmM="}, "cursor"),
        ("files", {"service": "tidak-ada"}, "service"),
        ("figures", {"from": "2026-01-01"}, "to"),
        ("figures", {"from": "2026-02-01", "to": "2026-01-01"}, "to"),
        ("figures", {"from": "1999-12-31", "to": "2026-01-01"}, "from"),
        ("figures", {"from": "2000-01-01", "to": "2020-01-01"}, "to"),
        ("skm", {"from": "2026-01-01", "to": "2026-12-31", "service": "xx"}, "service"),
        ("complaints/figures", {"from": "x", "to": "2026-12-31"}, "from"),
    ],
)
def test_a_malformed_parameter_is_a_400_naming_the_field(caller, path, params, field):
    response = caller().get(path, **params)
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["code"] == "invalid_parameter"
    assert [f["field"] for f in error["fields"]] == [field]
    assert all(f["message"] for f in error["fields"])


def test_a_wrong_method_and_an_unknown_address_answer_in_json(caller):
    c = caller()
    posted = c.http.post("/api/v1/files", {}, HTTP_AUTHORIZATION=f"Bearer {c.token}")
    assert posted.status_code == 405
    assert error_of(posted)["code"] == "method_not_allowed"
    assert "GET" in posted["Allow"]
    for path in ("/api/v1/berkas", "/api/v2/files", "/api/"):
        missing = c.get(path)
        assert missing.status_code == 404
        assert error_of(missing)["code"] == "not_found"
    unknown_file = c.get("files/IUPI-2026-99999")
    assert unknown_file.status_code == 404
    assert error_of(unknown_file)["message"] == "Berkas tidak ditemukan."


def test_a_failure_inside_is_a_json_500_without_the_trace(caller, monkeypatch, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False

    def broken(*args, **kwargs):
        raise RuntimeError("rahasia-dalam-jejak")

    monkeypatch.setattr("supervision.figures.figures", broken)
    response = caller().get("figures", **{"from": "2026-01-01", "to": "2026-01-31"})
    assert response.status_code == 500
    assert error_of(response)["code"] == "internal_error"
    assert b"rahasia" not in response.content and b"Traceback" not in response.content


def test_a_call_costs_a_fixed_number_of_queries_for_the_gate(caller, django_assert_num_queries):
    c = caller()
    # The client by its token's digest, its counter, the services, their versions, the log.
    with django_assert_num_queries(5):
        assert c.get("services").status_code == 200
