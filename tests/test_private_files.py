"""Stored private bytes: streamed by Django, or handed to nginx with X-Accel-Redirect.

Either way the view checks who asks and records the download first (permits/private_files.py).
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from office.roles import Role
from permits.private_files import private_file_response
from permits.sample import SAMPLE_PDF
from tests.complaints.conftest import complaint_at, officer, simple_tier  # noqa: F401
from tests.public.test_download import download, handovers, numbered  # noqa: F401
from tests.test_settings import start
from tracking.models import DocumentDownload
from workflow.table import Status

PREFIX = "/_private/"


@pytest.fixture
def accel(settings):
    settings.KENDALI_X_ACCEL_REDIRECT_PREFIX = PREFIX


def scan_of(application):
    check = application.requirement_checks.first()
    check.scan.save("ktp.pdf", ContentFile(SAMPLE_PDF))
    return check


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- off (default): Django streams the bytes -------------------------------------------


def test_by_default_the_bytes_are_in_the_body(client, staff, numbered):  # noqa: F811
    client.force_login(staff[Role.FO])
    response = client.get(reverse("pdf_permit", args=[numbered.pk]))
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert body(response) == numbered.permit.pdf.open("rb").read()
    assert response["ETag"] == f'"{numbered.permit.pdf_sha256}"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- on: an empty body and the path nginx serves ----------------------------------------


def test_with_a_prefix_the_permit_is_handed_to_nginx(client, staff, numbered, accel):  # noqa: F811
    client.force_login(staff[Role.BAGIAN_UMUM])
    response = client.get(reverse("pdf_permit", args=[numbered.pk]))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == PREFIX + numbered.permit.pdf.name
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="izin-{numbered.registration_number}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert DocumentDownload.objects.filter(application=numbered).count() == 1


def test_a_scan_keeps_the_type_read_from_its_bytes(client, staff, file_at, accel):
    application = file_at(Status.SUBMITTED)
    check = scan_of(application)
    client.force_login(staff[Role.FO])
    response = client.get(reverse("document", args=[application.pk, "persyaratan", check.pk]))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == PREFIX + check.scan.name
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")


def test_the_public_download_is_handed_over_and_handed_to_nginx(client, numbered, accel):  # noqa: F811
    response = download(client, numbered)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == PREFIX + numbered.permit.pdf.name
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert handovers(numbered).count() == 1


def test_the_complaint_attachment_is_handed_to_nginx(
    client,
    complaint_at,  # noqa: F811
    officer,  # noqa: F811
    accel,
):
    complaint = complaint_at(
        attachment=SimpleUploadedFile("bukti.pdf", SAMPLE_PDF, content_type="application/pdf")
    )
    client.force_login(officer)
    response = client.get(reverse("complaints:attachment", args=[complaint.pk]))
    assert response["X-Accel-Redirect"] == PREFIX + complaint.attachment.name
    assert response.content == b""


# --- the checks still come first ------------------------------------------------------------


def test_a_role_without_reach_is_refused_and_gets_no_header(client, staff, file_at, accel):
    application = file_at(Status.SIGNED)
    check = scan_of(application)
    client.force_login(staff[Role.BAGIAN_UMUM])
    response = client.get(reverse("document", args=[application.pk, "persyaratan", check.pk]))
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    response = client.get(reverse("pdf_permit", args=[application.pk]))
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response
    assert not DocumentDownload.objects.exists()


def test_a_wrong_tracking_code_gets_no_header(client, numbered, accel):  # noqa: F811
    response = download(client, numbered, code="ZZZZZZZZ")
    assert "X-Accel-Redirect" not in response
    assert not handovers(numbered).exists()


def test_a_file_missing_from_storage_is_404_not_a_redirect(client, staff, numbered, accel):  # noqa: F811
    numbered.permit.pdf.storage.delete(numbered.permit.pdf.name)
    client.force_login(staff[Role.FO])
    response = client.get(reverse("pdf_permit", args=[numbered.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
    # The public download says so on its page and hands nothing over.
    response = download(client, numbered)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
    assert not handovers(numbered).exists()


# --- the helper itself ------------------------------------------------------------------------


def test_a_name_nginx_would_misread_is_streamed_instead(accel, db):
    name = default_storage.save("odd/nama berkas?x=1.pdf", ContentFile(SAMPLE_PDF))
    response = private_file_response(
        name, "x.pdf", as_attachment=False, content_type="application/pdf"
    )
    assert "X-Accel-Redirect" not in response
    assert body(response) == SAMPLE_PDF


@pytest.mark.parametrize("value", ["_private/", "/_private", "http://x/"])
def test_a_prefix_without_slashes_at_both_ends_stops_start_up(tmp_path, value):
    result = start(tmp_path, DEBUG="1", KENDALI_X_ACCEL_REDIRECT_PREFIX=value)
    assert result.returncode != 0
    assert "KENDALI_X_ACCEL_REDIRECT_PREFIX" in result.stderr
