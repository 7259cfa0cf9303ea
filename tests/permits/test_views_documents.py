"""Scans and evidence are served only to staff, only for their own file, with a safe type."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from office.roles import Role
from permits.sample import SAMPLE_PDF
from workflow.table import Status

# The PNG signature and an IHDR header: enough for content sniffing.
SAMPLE_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


def document_url(application, kind: str, item_id: int) -> str:
    return reverse("document", args=[application.pk, kind, item_id])


@pytest.fixture
def evidence(file_at):
    """A processed file and one of its commitment checks, which carries an evidence PDF."""
    application = file_at(Status.PROCESSED)
    return application, application.commitment_checks.first()


def test_the_fo_can_open_a_commitment_evidence_file(client, staff, evidence):
    application, check = evidence
    client.force_login(staff[Role.FO])
    response = client.get(document_url(application, "komitmen", check.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == SAMPLE_PDF


def test_a_requirement_scan_is_served_with_the_type_of_its_content(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    check = application.requirement_checks.first()
    check.scan.save("ktp.png", ContentFile(SAMPLE_PNG))
    client.force_login(staff[Role.KABID])
    response = client.get(document_url(application, "persyaratan", check.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == SAMPLE_PNG


def test_a_file_that_is_not_a_pdf_or_image_is_never_served_as_html(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    check = application.requirement_checks.first()
    check.scan.save("trick.pdf", ContentFile(b"<html><script>alert(1)</script></html>"))
    client.force_login(staff[Role.FO])
    response = client.get(document_url(application, "persyaratan", check.pk))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_account_without_a_staff_role_gets_403(client, outsider, evidence):
    application, check = evidence
    client.force_login(outsider)
    assert client.get(document_url(application, "komitmen", check.pk)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, evidence):
    application, check = evidence
    response = client.get(document_url(application, "komitmen", check.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_item_of_another_application_is_404(client, staff, evidence, file_at):
    _application, check = evidence
    other = file_at(Status.SUBMITTED)
    client.force_login(staff[Role.FO])
    assert client.get(document_url(other, "komitmen", check.pk)).status_code == 404


def test_an_item_without_a_file_is_404(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    check = application.commitment_checks.first()
    assert not check.evidence_file
    client.force_login(staff[Role.FO])
    assert client.get(document_url(application, "komitmen", check.pk)).status_code == 404


def test_a_file_missing_from_storage_is_404(client, staff, evidence):
    application, check = evidence
    check.evidence_file.storage.delete(check.evidence_file.name)
    client.force_login(staff[Role.FO])
    assert client.get(document_url(application, "komitmen", check.pk)).status_code == 404


def test_an_unknown_kind_of_document_is_404(client, staff, evidence):
    application, check = evidence
    client.force_login(staff[Role.FO])
    assert client.get(document_url(application, "rahasia", check.pk)).status_code == 404
