import hashlib
from datetime import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from permits.models import OfficeProfile, Permit
from permits.sample import SAMPLE_PDF
from permits.workflow import Status
from tracking.throttle import FAILED_LOOKUPS, VERIFY_UPLOADS

ISSUED = SAMPLE_PDF + b"% izin terbit\n"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def permit(file_at) -> Permit:
    application = file_at(Status.NUMBERED)
    permit = application.permit
    permit.pdf.save("izin.pdf", ContentFile(ISSUED), save=False)
    permit.pdf_sha256 = hashlib.sha256(ISSUED).hexdigest()
    permit.pdf_size = len(ISSUED)
    permit.save()
    return permit


def url(permit) -> str:
    return f"/verifikasi/{permit.verification_code}/"


def upload(client, permit, content: bytes):
    return client.post(url(permit), {"document": SimpleUploadedFile("izin.pdf", content)})


def test_a_valid_permit_shows_its_number_and_sah(client, permit):
    response = client.get(url(permit))

    html = response.content.decode()
    assert response.status_code == 200
    assert permit.number in html
    assert permit.application.company_name in html
    assert OfficeProfile.current().name in html
    assert "Sah" in html
    assert "Dicabut" not in html


def test_the_date_of_issue_is_written_in_indonesian(client, permit):
    Permit.objects.filter(pk=permit.pk).update(issued_on=datetime(2026, 8, 17).date())

    html = client.get(url(permit)).content.decode()

    assert "17 Agustus 2026" in html


def test_a_revoked_permit_shows_dicabut_with_date_and_reason(client, permit):
    revoked_at = timezone.make_aware(datetime(2026, 12, 1, 10, 0))
    Permit.objects.filter(pk=permit.pk).update(
        revoked_at=revoked_at, revocation_reason="Perusahaan menghentikan kegiatan usaha."
    )

    html = client.get(url(permit)).content.decode()

    assert "Dicabut sejak 1 Desember 2026" in html
    assert "Perusahaan menghentikan kegiatan usaha." in html
    assert ">Sah<" not in html


def test_uploading_the_exact_bytes_says_they_match(client, permit):
    response = upload(client, permit, ISSUED)

    assert response.context["outcome"] == "match"
    assert "Dokumen SAMA dengan dokumen yang diterbitkan" in response.content.decode()


def test_one_changed_byte_says_they_do_not_match(client, permit):
    tampered = bytearray(ISSUED)
    tampered[-3] ^= 0x01

    response = upload(client, permit, bytes(tampered))

    assert response.context["outcome"] == "mismatch"
    assert "Dokumen TIDAK sama dengan dokumen yang diterbitkan" in response.content.decode()


def test_a_file_that_is_not_a_pdf_is_refused(client, permit):
    response = upload(client, permit, b"bukan pdf sama sekali")

    assert "outcome" not in response.context
    assert response.context["form"].errors


def test_uploads_are_throttled(client, permit):
    for _ in range(VERIFY_UPLOADS.limit):
        upload(client, permit, ISSUED)

    response = upload(client, permit, ISSUED)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "outcome" not in response.context


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["tidak-ada", "x" * 300])
def test_an_unknown_code_gets_the_neutral_404(client, code):
    response = client.get(f"/verifikasi/{code}/")

    assert response.status_code == 404
    assert "Dokumen tidak ditemukan." in response.content.decode()


@pytest.mark.django_db
def test_guessing_codes_is_throttled(client):
    for i in range(FAILED_LOOKUPS.limit):
        client.get(f"/verifikasi/tebakan-{i}/")

    response = client.get("/verifikasi/tebakan-lagi/")

    assert response.status_code == 429
