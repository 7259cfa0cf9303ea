import hashlib

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse

from office.throttle import FAILED_LOOKUPS
from permits.sample import SAMPLE_PDF
from tracking.models import ControlCardEntry
from workflow.table import Status

URL = "/lacak/unduh/"
NO_MATCH = "Nomor registrasi atau kode lacak tidak cocok."


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def store_pdf(application, content: bytes = SAMPLE_PDF):
    """What the PDF renderer does at numbering: keep the bytes with their hash and size."""
    permit = application.permit
    permit.pdf.save("izin.pdf", ContentFile(content), save=False)
    permit.pdf_sha256 = hashlib.sha256(content).hexdigest()
    permit.pdf_size = len(content)
    permit.save()
    return permit


@pytest.fixture
def numbered(file_at):
    application = file_at(Status.NUMBERED)
    store_pdf(application, SAMPLE_PDF + b"% izin uji\n")
    return application


def download(client, application, code=None):
    return client.post(
        URL, {"no": application.registration_number, "kode": code or application.tracking_code}
    )


def handovers(application):
    return ControlCardEntry.objects.filter(application=application, transition="hand_over")


def test_the_url_is_named():
    assert reverse("public:download") == URL


def test_before_numbering_the_page_offers_no_download(client, file_at):
    application = file_at(Status.SIGNED)

    response = client.post(
        "/lacak/", {"no": application.registration_number, "kode": application.tracking_code}
    )

    assert response.context["tracking"].downloadable is False
    assert URL not in response.content.decode()


def test_before_numbering_the_download_is_refused(client, file_at):
    application = file_at(Status.SIGNED)

    response = download(client, application)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "belum dapat diunduh" in response.content.decode()


def test_after_numbering_the_page_offers_the_download(client, numbered):
    response = client.post(
        "/lacak/", {"no": numbered.registration_number, "kode": numbered.tracking_code}
    )

    assert response.context["tracking"].downloadable is True
    assert URL in response.content.decode()


def test_it_serves_the_stored_bytes(client, numbered):
    permit = numbered.permit
    permit.refresh_from_db()

    response = download(client, numbered)

    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="izin-{numbered.registration_number}.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    with permit.pdf.open("rb") as stored:
        assert body == stored.read()
    assert hashlib.sha256(body).hexdigest() == permit.pdf_sha256


def test_it_refuses_a_wrong_code(client, numbered):
    response = download(client, numbered, code="ZZZZZZZZ")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert NO_MATCH in response.content.decode()
    assert not handovers(numbered).exists()


def test_it_refuses_get(client, numbered):
    response = client.get(URL, {"no": numbered.registration_number, "kode": numbered.tracking_code})

    assert response.status_code == 405


def test_it_throttles_repeated_failures(client, numbered):
    for _ in range(FAILED_LOOKUPS.limit):
        download(client, numbered, code="ZZZZZZZZ")

    response = download(client, numbered)

    assert response.status_code == 429
    assert not handovers(numbered).exists()


def test_the_first_download_records_the_electronic_handover(client, numbered):
    download(client, numbered)

    entry = handovers(numbered).get()
    assert entry.actor is None
    assert entry.context["channel"] == "download"
    numbered.refresh_from_db()
    assert numbered.status == Status.HANDED_OVER


def test_repeated_downloads_record_the_handover_once(client, numbered):
    first = download(client, numbered)
    second = download(client, numbered)

    assert first.status_code == second.status_code == 200
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)
    assert handovers(numbered).count() == 1


def test_no_handover_is_recorded_when_the_counter_handed_it_over(client, file_at):
    application = file_at(Status.HANDED_OVER)
    store_pdf(application)

    response = download(client, application)

    assert response.status_code == 200
    entry = handovers(application).get()
    assert entry.context["channel"] == "counter"


def test_a_stored_file_that_went_missing_is_not_handed_over(client, numbered):
    numbered.permit.pdf.storage.delete(numbered.permit.pdf.name)

    response = download(client, numbered)

    assert response.status_code == 404
    assert not handovers(numbered).exists()
