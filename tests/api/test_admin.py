"""The administrator registers a client: its token is shown once, then only its first letters."""

import pytest
from django.core.management import CommandError, call_command

from api.models import Client
from tests.api.conftest import Caller

pytestmark = pytest.mark.django_db


def add_client(http, **overrides):
    data = {
        "name": "Dasbor Bappeda",
        "contact": "Bappeda OKI, 0712-000",
        "scopes": ["files", "figures"],
        "expires_at_0": "2027-12-31",
        "expires_at_1": "23:59:00",
        "allowed_addresses": "10.12.0.0/24",
        "calls_per_minute": "60",
        "active": "on",
        **overrides,
    }
    return http.post("/admin/api/client/add/", data)


def test_a_new_client_sees_its_token_once_and_it_works(client, superuser):
    client.force_login(superuser)
    page = add_client(client)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    token = page.context["token"]
    assert token in page.content.decode()
    assert "tidak dapat menampilkannya lagi" in page.content.decode()
    registered = Client.objects.get(name="Dasbor Bappeda")
    assert registered.created_by == superuser
    assert registered.scopes == ["files", "figures"]
    assert Caller(token, "10.12.0.9").get("files").status_code == 200
    change = client.get(f"/admin/api/client/{registered.pk}/change/").content.decode()
    assert token not in change and registered.token_shown in change


def test_a_wrong_address_list_or_no_scope_is_named_on_the_form(client, superuser):
    client.force_login(superuser)
    page = add_client(client, allowed_addresses="10.12.0.0/24\nkantor-bappeda", scopes=[])
    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert "kantor-bappeda" in errors["allowed_addresses"][0]
    assert errors["scopes"] == ["Pilih sedikitnya satu cakupan."]
    assert not Client.objects.exists()


def test_a_new_token_is_asked_for_then_replaces_the_old(client, superuser, make_client):
    registered, old = make_client()
    client.force_login(superuser)
    action = {"action": "issue_new_token", "_selected_action": [registered.pk]}
    question = client.post("/admin/api/client/", action)
    assert "langsung tidak berlaku" in question.content.decode()
    assert Caller(old).get("services").status_code == 200
    shown = client.post("/admin/api/client/", {**action, "confirm": "1"})
    new = shown.context["token"]
    assert new != old
    assert Caller(old).get("services").status_code == 401
    assert Caller(new).get("services").status_code == 200


def test_the_demo_client_exists_only_while_developing(settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("api_client", "demo")
    settings.DEBUG = True
    call_command("api_client", "demo")
    call_command("api_client", "demo")  # again: the same client, not a second
    assert Client.objects.filter(name="Klien demo").count() == 1
    demo = Caller("kdl_demo-kendali-2026")
    assert demo.get("files").status_code == 200
    assert demo.get("files", include="applicant").status_code == 403
