"""API clients with tokens, and a caller that sends the token the way an integrator would."""

from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from api.models import Client
from api.scopes import Scope

EVERY_SCOPE = list(Scope.values)


class Caller:
    """GET /api/v1/<path> with a bearer token, from an address (REMOTE_ADDR)."""

    def __init__(self, token: str | None, address: str = "127.0.0.1"):
        self.token = token
        self.address = address
        self.http = HttpClient()

    def get(self, path: str, **params):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        return self.http.get(
            path if path.startswith("http") or path.startswith("/") else f"/api/v1/{path}",
            params,
            REMOTE_ADDR=self.address,
            **headers,
        )


@pytest.fixture
def make_client(db):
    """Factory: (Client, token) with the scopes asked (every scope by default)."""

    def build(name="Dasbor Kabupaten", scopes=None, **fields):
        client = Client(name=name, scopes=EVERY_SCOPE if scopes is None else scopes, **fields)
        token = client.set_new_token()
        client.save()
        return client, token

    return build


@pytest.fixture
def caller(make_client):
    """Factory: a Caller for a new client with these scopes."""

    def build(scopes=None, address="127.0.0.1", **fields):
        _client, token = make_client(
            name=f"Klien {timezone.now().timestamp()}", scopes=scopes, **fields
        )
        return Caller(token, address)

    return build


def expired() -> dict:
    return {"expires_at": timezone.now() - timedelta(minutes=1)}
