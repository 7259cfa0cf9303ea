"""The staff views that show a file's documents inline (permits/views/pdf.py).

URL names (added to permits/urls.py by the lead): pdf_receipt, pdf_draft,
pdf_control_card, pdf_rejection, pdf_permit.
"""

import hashlib

import pytest
from django.urls import reverse

from office.roles import Role
from permits.documents.permit import issue_permit_document
from permits.models import Permit
from workflow.table import Status

KINDS = ("pdf_receipt", "pdf_draft", "pdf_control_card", "pdf_rejection", "pdf_permit")


@pytest.fixture
def fo_client(client, staff):
    client.force_login(staff[Role.FO])
    return client


def assert_inline_pdf(response, filename_part: str) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert filename_part in disposition
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-")
    return body


def stored_permit(application) -> Permit:
    permit = Permit.objects.get(application=application)
    if not permit.pdf:  # until (or unless) the numbering step has issued it
        issue_permit_document(permit)
    permit.refresh_from_db()
    return permit


def test_receipt_is_shown_from_step_2_on(fo_client, file_at):
    application = file_at(Status.PROCESSED)

    response = fo_client.get(reverse("pdf_receipt", args=[application.pk]))

    assert_inline_pdf(response, application.registration_number)
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_no_receipt_before_it_is_issued(fo_client, file_at):
    application = file_at(Status.SUBMITTED)

    assert fo_client.get(reverse("pdf_receipt", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("status", [Status.PRINTED, Status.INITIALED])
def test_draft_is_shown_while_it_waits_for_initials_or_signature(client, staff, file_at, status):
    application = file_at(status)
    client.force_login(staff[Role.KEPALA_DINAS])

    response = client.get(reverse("pdf_draft", args=[application.pk]))

    assert_inline_pdf(response, application.registration_number)


@pytest.mark.parametrize("status", [Status.PROCESSED, Status.SIGNED])
def test_no_draft_outside_the_approval_steps(fo_client, file_at, status):
    application = file_at(status)

    assert fo_client.get(reverse("pdf_draft", args=[application.pk])).status_code == 404


def test_control_card_is_shown_at_any_step(fo_client, file_at):
    application = file_at(Status.SUBMITTED)

    response = fo_client.get(reverse("pdf_control_card", args=[application.pk]))

    assert_inline_pdf(response, application.registration_number)


def test_rejection_letter_only_for_rejected_files(fo_client, file_at):
    rejected = file_at(Status.REJECTED)
    receipted = file_at(Status.RECEIPTED)

    response = fo_client.get(reverse("pdf_rejection", args=[rejected.pk]))

    assert_inline_pdf(response, rejected.registration_number)
    assert fo_client.get(reverse("pdf_rejection", args=[receipted.pk])).status_code == 404


def test_permit_serves_the_stored_bytes_and_never_renders(fo_client, file_at, monkeypatch):
    application = file_at(Status.NUMBERED)
    permit = stored_permit(application)

    def must_not_render(*args, **kwargs):
        raise AssertionError("the stored permit is served, not rendered again")

    monkeypatch.setattr("permits.documents.permit.render_final_permit", must_not_render)
    monkeypatch.setattr("office.pdf.render_pdf", must_not_render)
    response = fo_client.get(reverse("pdf_permit", args=[application.pk]))

    body = assert_inline_pdf(response, application.registration_number)
    with permit.pdf.open("rb") as handle:
        assert body == handle.read()
    assert hashlib.sha256(body).hexdigest() == permit.pdf_sha256
    assert response["ETag"] == f'"{permit.pdf_sha256}"'


def test_no_permit_before_numbering(fo_client, file_at):
    application = file_at(Status.SIGNED)

    assert fo_client.get(reverse("pdf_permit", args=[application.pk])).status_code == 404


def test_unknown_file_is_not_found(fo_client, db):
    for name in KINDS:
        assert fo_client.get(reverse(name, args=[999_999])).status_code == 404, name


def test_accounts_without_a_staff_role_are_refused(client, outsider, file_at):
    application = file_at(Status.NUMBERED)
    stored_permit(application)
    client.force_login(outsider)

    for name in KINDS:
        assert client.get(reverse(name, args=[application.pk])).status_code == 403, name


def test_anonymous_visitors_are_sent_to_the_login_page(client, file_at):
    application = file_at(Status.NUMBERED)
    stored_permit(application)

    for name in KINDS:
        response = client.get(reverse(name, args=[application.pk]))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
