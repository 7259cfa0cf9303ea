"""In Chromium: the approval page shows the draft in its frame, and nothing else of ours can be
framed (issue 13, item 14: frame-ancestors 'none' everywhere, 'self' for the draft alone)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from office.roles import Role
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REFUSED = re.compile(r"Refused to (frame|display)", re.I)


def kabid_page(staff, live_server, new_context, watch=None):
    """The Kabid's browser, signed in (session and second factor as after the login pages)."""
    client = Client()
    client.force_login(staff[Role.KABID])
    context = new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    return watch(page) if watch else page


def loaded_frame(page, selector: str):
    handle = page.locator(selector).element_handle()
    frame = handle.content_frame()
    frame.wait_for_load_state()
    return frame


def test_the_approval_page_shows_the_draft_in_its_frame(
    staff, file_at, live_server, new_context, console
):
    application = file_at(Status.PRINTED)
    page = kabid_page(staff, live_server, new_context, console.watch)
    draft_url = f"/berkas/{application.pk}/pdf/draf/"

    with page.expect_response(lambda r: r.url.endswith(draft_url)) as answer:
        page.goto(f"/berkas/{application.pk}/tindakan/initial/")
    assert answer.value.status == 200
    assert answer.value.headers["x-frame-options"] == "SAMEORIGIN"

    expect(page.locator("iframe.pdf-frame")).to_be_visible()
    frame = loaded_frame(page, "iframe.pdf-frame")
    assert frame.url == f"{live_server.url}{draft_url}"
    assert not [e for e in console.errors if REFUSED.search(e)], console.errors


def test_our_pages_and_other_documents_refuse_a_frame_even_on_our_own_site(
    staff, file_at, live_server, new_context
):
    application = file_at(Status.PRINTED)
    messages: list[str] = []
    page = kabid_page(staff, live_server, new_context)
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"/berkas/{application.pk}/")

    for url in (
        f"/berkas/{application.pk}/",  # a staff page, e.g. laid under a lure
        f"/berkas/{application.pk}/pdf/tanda-terima/",  # a document other than the draft
        "/masuk/",
    ):
        messages.clear()
        # Added from outside the page (Playwright), as a hostile page would frame us.
        page.evaluate(
            "url => { const f = document.createElement('iframe'); f.id = 'probe';"
            " f.src = url; document.body.replaceChildren(f); }",
            url,
        )
        frame = loaded_frame(page, "#probe")
        assert frame.url != f"{live_server.url}{url}", url
        assert any("frame-ancestors 'none'" in m for m in messages), (url, messages)
