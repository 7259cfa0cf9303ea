"""The API's documentation page and index are served by Kendali itself: nothing from outside."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_documentation_page_loads_only_local_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses, "the page names its scripts and styles"
    for address in addresses:
        assert address.startswith("/static/"), address
        assert finders.find(address.removeprefix("/static/")), address
    assert "cdn" not in html.lower() and "//" not in "".join(addresses)
    # No inline script: the settings are JSON data, run by a local file (CSP script-src 'self').
    assert re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))", html) == []


def test_the_schema_and_the_index_need_no_token(client):
    assert client.get("/api/v1/openapi.json")["Content-Type"] == "application/json"
    index = client.get("/api/v1/").json()
    assert index["docs"].endswith("/api/v1/docs")
    assert index["openapi"].endswith("/api/v1/openapi.json")
