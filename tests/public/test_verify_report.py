"""The verification report of a signature (templates/public/_signature_report.html), on the
public verification page for the stored document and for an upload."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone

from permits.sample import SAMPLE_PDF
from permits.signing.validation import UNSIGNED, VALID, SignatureCheck, check_pdf_signature
from workflow.table import Status

pytestmark = pytest.mark.django_db


def url(permit) -> str:
    return f"/verifikasi/{permit.verification_code}/"


def stored_bytes(permit) -> bytes:
    with permit.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def signed_permit(file_at):
    return file_at(Status.NUMBERED).permit


def test_without_an_upload_the_page_reports_on_the_stored_document(client, signed_permit):
    response = client.get(url(signed_permit))

    html = response.content.decode()
    stored = response.context["stored_signature"]
    assert stored.summary == VALID
    assert 'data-summary="valid"' in html
    assert "Tanda tangan elektronik dokumen yang diterbitkan" in html
    assert stored.signer_name in html
    # The page shows the office's calendar day (WIB), not UTC's: they differ after 17:00 UTC.
    assert f"Berlaku {timezone.localtime(stored.certificate_not_before).day} " in html
    assert "Dipercaya" in html and "Utuh" in html
    assert "Seluruh dokumen" in html
    # The test CA names no CRL or OCSP; no TSA in the tests: no long-term data.
    assert "tidak mencantumkan layanan CRL/OCSP" in html
    assert "Dokumen tidak memuat data validasi jangka panjang" in html


def test_the_stored_check_is_kept_between_visits(client, signed_permit, monkeypatch):
    client.get(url(signed_permit))
    monkeypatch.setattr(
        "public.views.check_pdf_signature", lambda data: pytest.fail("validated again")
    )

    response = client.get(url(signed_permit))

    assert response.context["stored_signature"].summary == VALID


def test_an_upload_s_report_takes_the_place_of_the_stored_one(client, signed_permit):
    response = client.post(
        url(signed_permit),
        {"document": SimpleUploadedFile("izin.pdf", stored_bytes(signed_permit))},
    )

    html = response.content.decode()
    assert "stored_signature" not in response.context
    assert response.context["signature"].summary == VALID
    assert html.count('data-summary="valid"') == 1
    assert 'data-verdict="valid"' in html


def test_a_stored_document_without_a_valid_signature_is_reported_not_valid(client, file_at):
    permit = file_at(Status.NUMBERED).permit
    issued = SAMPLE_PDF + b"% tanpa tanda tangan\n"
    permit.pdf.save("izin.pdf", ContentFile(issued), save=False)
    permit.pdf_sha256 = hashlib.sha256(issued).hexdigest()
    permit.pdf_size = len(issued)
    permit.save()

    html = client.get(url(permit)).content.decode()

    assert 'data-summary="invalid"' in html
    assert "TIDAK SAH" in html


def test_an_unreadable_stored_document_says_so(client, signed_permit):
    signed_permit.pdf.storage.delete(signed_permit.pdf.name)

    response = client.get(url(signed_permit))

    assert response.status_code == 200
    assert "tidak dapat dibaca saat ini" in response.content.decode()


def test_the_report_needs_nothing_but_the_check(signed_permit):
    """The partial is included on other verification pages (numbered letters) as it is."""
    check = check_pdf_signature(stored_bytes(signed_permit))

    html = render_to_string("public/_signature_report.html", {"signature": check})
    unsigned = render_to_string(
        "public/_signature_report.html", {"signature": SignatureCheck(verdict=UNSIGNED)}
    )

    assert "SAH" in html and check.signer_name in html
    assert "Status pencabutan saat ditandatangani" in html
    assert "TIDAK SAH" in unsigned and "tidak memuat tanda tangan elektronik" in unsigned
