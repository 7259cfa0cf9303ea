"""Every download of a document leaves one row: who or which code, when, what, from where."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from office.history import AppendOnlyError
from office.roles import Role
from permits.sample import SAMPLE_PDF
from tests.complaints.conftest import complaint_at, officer, simple_tier  # noqa: F401
from tests.public.test_download import download, numbered  # noqa: F401
from tracking.downloads import code_fingerprint, record_download
from tracking.models import Document, DocumentDownload
from workflow.table import Status

TABLE = DocumentDownload._meta.db_table


def test_a_staff_download_records_the_user_the_file_the_document_and_the_address(
    client, staff, file_at
):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.FO])
    assert client.get(reverse("pdf_receipt", args=[application.pk])).status_code == 200
    row = DocumentDownload.objects.get()
    assert row.user == staff[Role.FO]
    assert row.application_id == application.pk
    assert row.document == Document.RECEIPT
    assert row.address == "127.0.0.1"
    assert row.tracking_code_hint == ""
    assert abs(timezone.now() - row.downloaded_at).total_seconds() < 60


def test_opening_a_scan_records_which_item(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    check = application.requirement_checks.first()
    check.scan.save("ktp.pdf", ContentFile(SAMPLE_PDF))
    client.force_login(staff[Role.KABID])
    response = client.get(reverse("document", args=[application.pk, "persyaratan", check.pk]))
    assert response.status_code == 200
    row = DocumentDownload.objects.get()
    assert (row.document, row.item_id, row.user) == (
        Document.REQUIREMENT_SCAN,
        check.pk,
        staff[Role.KABID],
    )


def test_a_public_download_records_a_fingerprint_of_the_code_and_no_user(
    client,
    numbered,  # noqa: F811
):
    assert download(client, numbered).status_code == 200
    row = DocumentDownload.objects.get()
    assert row.user is None
    assert row.application_id == numbered.pk
    assert row.document == Document.PERMIT
    assert row.tracking_code_hint == code_fingerprint(numbered.tracking_code)
    # Neither the code nor a part of it is kept.
    code = numbered.tracking_code.upper()
    assert code[-4:] not in row.tracking_code_hint.upper()
    assert code not in row.tracking_code_hint.upper()


def test_a_complaint_attachment_download_names_the_complaint(
    client,
    complaint_at,  # noqa: F811
    officer,  # noqa: F811
):
    complaint = complaint_at(
        attachment=SimpleUploadedFile("bukti.pdf", SAMPLE_PDF, content_type="application/pdf")
    )
    client.force_login(officer)
    assert client.get(reverse("complaints:attachment", args=[complaint.pk])).status_code == 200
    row = DocumentDownload.objects.get()
    assert (row.complaint_id, row.application_id, row.user) == (complaint.pk, None, officer)
    assert row.document == Document.COMPLAINT_ATTACHMENT


def test_refused_and_failed_downloads_leave_no_row(client, staff, file_at, numbered):  # noqa: F811
    # A wrong code on the public page.
    assert download(client, numbered, code="ZZZZZZZZ")["Content-Type"].startswith("text/html")
    # A role out of reach.
    client.force_login(staff[Role.BAGIAN_UMUM])
    assert client.get(reverse("pdf_receipt", args=[numbered.pk])).status_code == 403
    # A document the file does not have yet, and an unknown file.
    submitted = file_at(Status.SUBMITTED)
    client.force_login(staff[Role.FO])
    assert client.get(reverse("pdf_receipt", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("pdf_permit", args=[999])).status_code == 404
    # A stored file that went missing.
    numbered.permit.pdf.storage.delete(numbered.permit.pdf.name)
    assert client.get(reverse("pdf_permit", args=[numbered.pk])).status_code == 404
    assert not DocumentDownload.objects.exists()


def test_recording_is_one_insert(rf_request, file_at, django_assert_num_queries):
    application = file_at(Status.SUBMITTED)
    with django_assert_num_queries(1):
        record_download(rf_request, Document.CONTROL_CARD, application_id=application.pk)


def test_the_permit_download_writes_the_log_with_one_query(client, staff, numbered):  # noqa: F811
    client.force_login(staff[Role.SEKRETARIS])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("pdf_permit", args=[numbered.pk])).status_code == 200
    touching_log = [q["sql"] for q in captured if TABLE in q["sql"]]
    assert len(touching_log) == 1
    assert touching_log[0].lstrip().upper().startswith("INSERT")


def test_rows_cannot_be_changed_or_deleted(rf_request, file_at):
    application = file_at(Status.SUBMITTED)
    row = record_download(rf_request, Document.CONTROL_CARD, application_id=application.pk)
    row.address = "10.0.0.9"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        DocumentDownload.objects.filter(pk=row.pk).update(address="10.0.0.9")
    with pytest.raises(AppendOnlyError):
        DocumentDownload.objects.all().delete()
    assert DocumentDownload.objects.get().address == "127.0.0.1"


def test_the_admin_reads_the_log_but_cannot_write_it(rf_request):
    model_admin = site._registry[DocumentDownload]
    assert not model_admin.has_add_permission(rf_request)
    assert not model_admin.has_change_permission(rf_request)
    assert not model_admin.has_delete_permission(rf_request)


def test_the_admin_list_shows_who_downloaded_without_the_code(client, staff, numbered):  # noqa: F811
    download(client, numbered)
    admin = staff[Role.ADMIN]
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(reverse("admin:tracking_documentdownload_changelist")).content.decode()
    assert code_fingerprint(numbered.tracking_code) in html
    assert numbered.tracking_code not in html.replace(numbered.registration_number, "")


def test_a_row_always_says_who(file_at):
    application = file_at(Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentDownload.objects.create(
            document=Document.CONTROL_CARD,
            application=application,
            downloaded_at=timezone.now(),
        )


def test_the_file_page_shows_the_download_history_to_supervisors_only(client, staff, file_at):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.FO])
    client.get(reverse("pdf_control_card", args=[application.pk]))
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert "Riwayat unduhan" not in page.content.decode()

    client.force_login(staff[Role.SEKRETARIS])
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert "Riwayat unduhan" in page.content.decode()
    assert [(d.get_document_display(), d.user) for d in page.context["downloads"]] == [
        ("Kartu kendali", staff[Role.FO])
    ]


@pytest.fixture
def rf_request(staff):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    request.user = staff[Role.FO]
    return request
