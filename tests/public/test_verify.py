import hashlib
import re
from datetime import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from office.models import OfficeProfile
from office.roles import Role
from office.throttle import FAILED_LOOKUPS, VERIFY_UPLOADS
from permits.models import Permit
from permits.sample import SAMPLE_PDF
from permits.signing import SignatureBox
from permits.signing.pkcs12 import sign_with_pyhanko
from tests.signing import appending
from tests.signing.keys import stranger_signer
from tests.signing.tampering import append_annotation, flip_signed_byte, unsigned_revision
from workflow.table import Status

ISSUED = SAMPLE_PDF + b"% izin terbit\n"
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


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


# --- the electronic signature of the upload (permits.signing.validation) ---------------


@pytest.fixture
def signed_permit(file_at) -> Permit:
    """A permit numbered through the services: its stored PDF is the signed one."""
    return file_at(Status.NUMBERED).permit


def stored_bytes(permit) -> bytes:
    with permit.pdf.open("rb") as handle:
        return handle.read()


def test_the_issued_signed_permit_shows_a_valid_signature_with_signer_and_time(
    client, signed_permit
):
    issued = stored_bytes(signed_permit)

    response = upload(client, signed_permit, issued)

    html = response.content.decode()
    signature = response.context["signature"]
    assert response.context["outcome"] == "match"
    assert signature.is_valid
    assert 'data-verdict="valid"' in html
    assert "Tanda tangan elektronik SAH" in html
    assert signature.signer_name in html
    signed_at = timezone.localtime(signed_permit.signed_at)
    assert f"{signed_at.day} {MONTHS[signed_at.month - 1]} {signed_at.year}" in html
    assert f"{signed_at:%H.%M}" in html
    assert "Utuh" in html and "Dipercaya" in html
    assert "persis dokumen yang diterbitkan" in html


def test_an_appended_edit_is_shown_as_modified_though_the_signed_part_was_issued(
    client, signed_permit
):
    edited = append_annotation(stored_bytes(signed_permit))

    response = upload(client, signed_permit, edited)

    html = response.content.decode()
    assert response.context["outcome"] == "mismatch"
    assert response.context["signed_part"] == "match"
    assert response.context["signature"].verdict == "modified"
    assert 'data-verdict="modified"' in html
    assert "Berkas telah diubah setelah ditandatangani" in html
    assert "Bagian yang ditandatangani sama dengan dokumen yang diterbitkan" in html
    assert "Tanda tangan elektronik SAH" not in html


def test_a_changed_byte_in_the_signed_permit_shows_the_signature_invalid(client, signed_permit):
    response = upload(client, signed_permit, flip_signed_byte(stored_bytes(signed_permit)))

    html = response.content.decode()
    assert response.context["outcome"] == "mismatch"
    assert response.context["signature"].verdict in ("invalid", "unreadable")
    assert "Tanda tangan elektronik SAH" not in html
    assert 'data-verdict="invalid"' in html or 'data-verdict="unreadable"' in html


def test_a_permit_signed_by_another_ca_is_shown_as_untrusted(client, signed_permit):
    forged = sign_with_pyhanko(
        unsigned_revision(stored_bytes(signed_permit)),
        stranger_signer(),
        field=SignatureBox(page=-1, x=300, y=300, width=160, height=80),
        reason="Palsu",
        signer_name="Orang Lain",
    )

    response = upload(client, signed_permit, forged)

    html = response.content.decode()
    assert response.context["signature"].verdict == "intact"
    assert not response.context["signature"].trusted
    assert 'data-verdict="untrusted"' in html
    assert "Tidak dipercaya" in html
    assert "Otoritas Sertifikat Lain" in html


def test_an_unsigned_upload_says_it_carries_no_signature(client, permit):
    response = upload(client, permit, ISSUED)

    html = response.content.decode()
    assert response.context["outcome"] == "match"  # the stored stand-in is unsigned too
    assert response.context["signature"].verdict in ("unsigned", "unreadable")
    assert "Tanda tangan elektronik SAH" not in html


def test_a_revoked_permit_with_a_valid_signature_still_says_it_is_revoked(client, signed_permit):
    Permit.objects.filter(pk=signed_permit.pk).update(
        revoked_at=timezone.make_aware(datetime(2026, 12, 1, 10, 0)),
        revocation_reason="Perusahaan menghentikan kegiatan usaha.",
    )

    html = upload(client, signed_permit, stored_bytes(signed_permit)).content.decode()

    assert "Tanda tangan elektronik SAH" in html
    assert "dicabut sejak 1 Desember 2026" in html


# --- anything after the signature is a change; the issued file's SHA-256 (issue 13, 15) ---

SHA256_HEX = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{64}(?![0-9A-Za-z])")

CHANGED_AFTER_SIGNING = {
    "bytes after %%EOF": appending.append_bytes,
    "one newline after %%EOF": lambda pdf: appending.append_bytes(pdf, b"\n"),
    "an update of /Info only": appending.update_info,
    "an update of the XMP metadata only": appending.update_xmp,
    "an annotation": append_annotation,
    "text drawn on the first page": appending.append_page_content,
    "metadata, then an annotation": lambda pdf: append_annotation(appending.update_info(pdf)),
}


def test_the_page_shows_the_sha256_of_the_issued_file(client, signed_permit):
    html = client.get(url(signed_permit)).content.decode()

    assert len(signed_permit.pdf_sha256) == 64
    assert signed_permit.pdf_sha256 in SHA256_HEX.findall(html)
    assert "SHA-256" in html


@pytest.mark.parametrize("name", CHANGED_AFTER_SIGNING)
def test_anything_appended_after_signing_is_shown_as_changed_and_never_utuh(
    client, signed_permit, name
):
    issued = stored_bytes(signed_permit)
    edited = CHANGED_AFTER_SIGNING[name](issued)

    response = upload(client, signed_permit, edited)

    html = response.content.decode()
    assert edited.startswith(issued)
    assert response.context["outcome"] == "mismatch"
    assert response.context["signed_part"] == "match"
    assert response.context["signature"].verdict == "modified"
    assert 'data-verdict="modified"' in html
    assert "diubah setelah ditandatangani" in html
    assert "Utuh" not in html
    assert "Tanda tangan elektronik SAH" not in html
    # Both fingerprints, so the applicant can see they differ.
    shown = SHA256_HEX.findall(html)
    assert signed_permit.pdf_sha256 in shown
    assert hashlib.sha256(edited).hexdigest() in shown


def test_the_untouched_issued_file_is_utuh_and_shows_the_same_sha256_twice(client, signed_permit):
    issued = stored_bytes(signed_permit)

    response = upload(client, signed_permit, issued)

    html = response.content.decode()
    assert response.context["outcome"] == "match"
    assert response.context["signature"].verdict == "intact"
    assert "Utuh" in html
    assert "diubah setelah ditandatangani" not in html
    assert SHA256_HEX.findall(html).count(signed_permit.pdf_sha256) >= 2


# --- revocation by an administrator (permits.admin) -------------------------------------


def revoke_in_admin(client, permit, reason: str):
    return client.post(
        reverse("admin:permits_permit_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [permit.pk], "confirm": "1", "reason": reason},
        follow=True,
    )


def test_an_administrator_revokes_a_permit_with_a_reason_and_verification_says_since_when(
    client, staff, permit
):
    client.force_login(staff[Role.ADMIN])
    User.objects.filter(pk=staff[Role.ADMIN].pk).update(is_staff=True, is_superuser=True)
    before = timezone.now()

    asking = client.post(
        reverse("admin:permits_permit_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [permit.pk]},
    )
    assert "Alasan pencabutan" in asking.content.decode()
    assert not Permit.objects.get(pk=permit.pk).is_revoked

    revoke_in_admin(client, permit, "Perusahaan menghentikan kegiatan usaha.")

    permit.refresh_from_db()
    assert permit.revoked_at >= before
    assert permit.revoked_by == staff[Role.ADMIN]
    assert permit.revocation_reason == "Perusahaan menghentikan kegiatan usaha."
    assert LogEntry.objects.filter(object_id=str(permit.pk), change_message__contains="dicabut")
    client.logout()
    html = client.get(url(permit)).content.decode()
    revoked = timezone.localtime(permit.revoked_at)
    assert f"Dicabut sejak {revoked.day} {MONTHS[revoked.month - 1]} {revoked.year}" in html
    assert "Perusahaan menghentikan kegiatan usaha." in html


def test_revocation_needs_a_reason(client, staff, permit):
    User.objects.filter(pk=staff[Role.ADMIN].pk).update(is_staff=True, is_superuser=True)
    client.force_login(staff[Role.ADMIN])

    response = revoke_in_admin(client, permit, "   ")

    assert "Alasan pencabutan" in response.content.decode()
    assert not Permit.objects.get(pk=permit.pk).is_revoked


def test_a_revoked_permit_is_not_revoked_again(client, staff, permit):
    User.objects.filter(pk=staff[Role.ADMIN].pk).update(is_staff=True, is_superuser=True)
    client.force_login(staff[Role.ADMIN])
    revoke_in_admin(client, permit, "Alasan pertama yang cukup panjang.")
    first = Permit.objects.get(pk=permit.pk)

    revoke_in_admin(client, permit, "Alasan kedua yang cukup panjang.")

    again = Permit.objects.get(pk=permit.pk)
    assert again.revoked_at == first.revoked_at
    assert again.revocation_reason == "Alasan pertama yang cukup panjang."


def test_only_administrators_may_revoke(client, staff, permit):
    clerk = staff[Role.BAGIAN_UMUM]
    User.objects.filter(pk=clerk.pk).update(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_permit"))
    client.force_login(clerk)

    listing = client.get(reverse("admin:permits_permit_changelist"))
    revoke_in_admin(client, permit, "Dicoba oleh yang tidak berwenang.")

    assert listing.status_code == 200
    assert 'value="revoke"' not in listing.content.decode()
    assert not Permit.objects.get(pk=permit.pk).is_revoked
