"""The API's documentation page in Chromium: Swagger UI from Kendali's own files, under the CSP,
and a call tried from it with a client token.

Screenshot: test-artifacts/screenshots/api-docs.png.
"""

import pytest

from api.models import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_lists_the_resources_and_tries_a_call(
    live_server, new_context, console, shot
):
    client = Client(name="Dasbor uji", scopes=["services"])
    token = client.set_new_token()
    client.save()
    page = console.watch(new_context().new_page())
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/services", exact=True).first.wait_for()
    for path in ("/api/v1/files", "/api/v1/figures", "/api/v1/skm", "/api/v1/complaints/figures"):
        assert page.get_by_text(path, exact=True).count() >= 1, path
    shot(page, "api-docs")

    page.get_by_role("button", name="Authorize").click()
    page.locator(".modal-ux input").first.fill(token)
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    page.get_by_text("/api/v1/services", exact=True).first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    # The server's answer, not the documented example responses below it.
    answer = page.locator(".live-responses-table")
    answer.get_by_text("Izin Usaha Perluasan Industri").first.wait_for()
    assert answer.locator("tr.response .response-col_status").first.inner_text().strip() == "200"
    assert outside == [], outside
