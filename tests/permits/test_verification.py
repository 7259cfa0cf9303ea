"""Back office verification (step 3): commitment evidence and the field inspection report."""

import html
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits import services
from permits.models import CommitmentCheck, FieldInspection
from permits.sample import SAMPLE_PDF
from tests.helpers import error_at
from workflow.table import Status

FAKE_PDF = b"bukan pdf, hanya teks\n"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def stored_files() -> set[Path]:
    return {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


def evidence_post(check: CommitmentCheck, *, verified=True, upload=True, **overrides) -> dict:
    data = {
        "reference_number": f"503/{check.pk}/BUKTI/2025",
        "evidence_date": timezone.localdate().isoformat(),
        "note": "Sesuai dokumen asli",
    }
    if verified:
        data["verified"] = "on"
    if upload:
        data["evidence_file"] = SimpleUploadedFile("bukti dari pemohon.pdf", SAMPLE_PDF)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


BAP_POST = {
    "inspected_on": timezone.localdate().isoformat(),
    "team_members": "Ir. Hendra Wijaya\n\n  Rina Marlina, S.T.  \n",
    "findings": "Mesin tambahan telah terpasang sesuai rencana perluasan.",
    "recommendation": "feasible",
}


@pytest.fixture
def bo_client(client, staff):
    client.force_login(staff[Role.BACK_OFFICE])
    return client


@pytest.fixture
def receipted(file_at):
    return file_at(Status.RECEIPTED)


# --- commitment items ----------------------------------------------------------------------


def test_back_office_verifies_a_commitment_with_its_evidence(bo_client, staff, receipted):
    check = receipted.commitment_checks.first()
    url = reverse("commitment", args=[receipted.pk, check.pk])
    assert bo_client.get(url).status_code == 200

    response = bo_client.post(url, evidence_post(check))

    assert response.status_code == 302
    assert response.url == reverse("verification", args=[receipted.pk])
    check.refresh_from_db()
    assert check.verified is True
    assert check.verified_by == staff[Role.BACK_OFFICE]
    assert check.verified_at is not None
    assert check.reference_number == f"503/{check.pk}/BUKTI/2025"
    assert check.evidence_date == timezone.localdate()
    assert check.evidence_file.name.startswith(f"applications/{receipted.pk}/commitments/")
    assert "bukti" not in Path(check.evidence_file.name).name
    assert Path(check.evidence_file.path).read_bytes() == SAMPLE_PDF
    assert "ditandai terverifikasi" in messages_of(response)[0]


def test_marking_verified_requires_a_number_a_date_and_a_file(bo_client, receipted):
    check = receipted.commitment_checks.first()
    url = reverse("commitment", args=[receipted.pk, check.pk])

    response = bo_client.post(
        url, evidence_post(check, upload=False, reference_number="", evidence_date="")
    )

    assert response.status_code == 200
    assert error_at(response, "id_reference_number") == (
        "Nomor bukti wajib diisi sebelum komitmen ditandai terverifikasi."
    )
    assert error_at(response, "id_evidence_date") == (
        "Tanggal bukti wajib diisi sebelum komitmen ditandai terverifikasi."
    )
    assert error_at(response, "id_evidence_file") == (
        "Unggah berkas bukti sebelum komitmen ditandai terverifikasi."
    )
    check.refresh_from_db()
    assert check.verified is False
    assert check.verified_by is None


def test_a_commitment_without_a_file_can_be_saved_unverified_and_verified_later(
    bo_client, staff, receipted
):
    check = receipted.commitment_checks.first()
    url = reverse("commitment", args=[receipted.pk, check.pk])

    # Number and date only, not verified: saved, still unverified.
    assert (
        bo_client.post(url, evidence_post(check, verified=False, upload=False)).status_code == 302
    )
    check.refresh_from_db()
    assert (check.verified, check.reference_number != "") == (False, True)

    # Verified without a file: refused.
    response = bo_client.post(url, evidence_post(check, upload=False))
    assert response.status_code == 200
    assert error_at(response, "id_evidence_file").startswith("Unggah berkas bukti")

    # File uploaded unverified, then verified without uploading again: the stored file counts.
    assert bo_client.post(url, evidence_post(check, verified=False)).status_code == 302
    check.refresh_from_db()
    stored = check.evidence_file.name
    assert stored
    assert bo_client.post(url, evidence_post(check, upload=False)).status_code == 302
    check.refresh_from_db()
    assert check.verified is True
    assert check.evidence_file.name == stored


def test_unticking_verified_clears_who_verified(bo_client, receipted):
    check = receipted.commitment_checks.first()
    url = reverse("commitment", args=[receipted.pk, check.pk])
    bo_client.post(url, evidence_post(check))
    bo_client.post(url, evidence_post(check, verified=False, upload=False))
    check.refresh_from_db()
    assert (check.verified, check.verified_by, check.verified_at) == (False, None, None)


def test_a_fake_pdf_as_evidence_is_refused_and_not_stored(bo_client, receipted):
    check = receipted.commitment_checks.first()
    url = reverse("commitment", args=[receipted.pk, check.pk])
    files_before = stored_files()

    data = evidence_post(check, evidence_file=SimpleUploadedFile("bukti.pdf", FAKE_PDF))
    response = bo_client.post(url, data)

    assert response.status_code == 200
    assert error_at(response, "id_evidence_file").startswith(
        "Berkas harus berupa PDF, JPEG atau PNG"
    )
    assert "Pilih kembali berkasnya" in response.content.decode()
    assert stored_files() == files_before
    check.refresh_from_db()
    assert check.verified is False
    assert check.reference_number == ""


def test_an_evidence_date_in_the_future_is_refused(bo_client, receipted):
    check = receipted.commitment_checks.first()
    url = reverse("commitment", args=[receipted.pk, check.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = bo_client.post(url, evidence_post(check, evidence_date=tomorrow))
    assert response.status_code == 200
    assert error_at(response, "id_evidence_date") == "Tanggal tidak boleh melewati hari ini."


def test_a_commitment_of_another_application_is_not_found(bo_client, file_at):
    mine = file_at(Status.RECEIPTED)
    other = file_at(Status.RECEIPTED)
    foreign = other.commitment_checks.first()
    url = reverse("commitment", args=[mine.pk, foreign.pk])

    assert bo_client.get(url).status_code == 404
    assert bo_client.post(url, evidence_post(foreign)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.verified is False


# --- field inspection (BAP) -------------------------------------------------------------------


def test_back_office_records_a_field_inspection(bo_client, staff, receipted):
    url = reverse("field_inspection", args=[receipted.pk])
    assert bo_client.get(url).status_code == 200

    response = bo_client.post(url, BAP_POST)

    assert response.status_code == 302
    assert response.url == reverse("verification", args=[receipted.pk])
    inspection = FieldInspection.objects.get(application=receipted)
    assert inspection.team_members == "Ir. Hendra Wijaya\nRina Marlina, S.T."
    assert inspection.team_list == ["Ir. Hendra Wijaya", "Rina Marlina, S.T."]
    assert inspection.recorded_by == staff[Role.BACK_OFFICE]
    assert inspection.recommendation == FieldInspection.Recommendation.FEASIBLE
    assert messages_of(response) == ["Berita Acara Pemeriksaan Lapangan (BAP) disimpan."]


def test_editing_the_bap_updates_the_same_record(bo_client, receipted):
    url = reverse("field_inspection", args=[receipted.pk])
    bo_client.post(url, BAP_POST)
    bo_client.post(url, {**BAP_POST, "recommendation": "not_feasible", "findings": "Belum ada"})
    assert FieldInspection.objects.filter(application=receipted).count() == 1
    inspection = FieldInspection.objects.get(application=receipted)
    assert (inspection.recommendation, inspection.findings) == ("not_feasible", "Belum ada")


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"team_members": "  \n \n"}, "id_team_members", "Isi paling sedikit satu anggota tim."),
        (
            {"inspected_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "id_inspected_on",
            "Tanggal tidak boleh melewati hari ini.",
        ),
        ({"findings": "   "}, "id_findings", "Hasil pemeriksaan wajib diisi."),
        ({"recommendation": ""}, "id_recommendation", "Pilih rekomendasi."),
    ],
)
def test_a_bap_with_bad_input_is_not_saved(bo_client, receipted, changes, field_id, message):
    response = bo_client.post(
        reverse("field_inspection", args=[receipted.pk]), {**BAP_POST, **changes}
    )
    assert response.status_code == 200
    assert error_at(response, field_id) == message
    assert not FieldInspection.objects.filter(application=receipted).exists()


# --- the whole step ----------------------------------------------------------------------------


def test_after_verification_and_bap_the_file_can_be_processed(bo_client, staff, receipted):
    with pytest.raises(services.TransitionError):
        services.perform_transition(
            application_id=receipted.pk, name="process", actor=staff[Role.BACK_OFFICE]
        )

    for check in receipted.commitment_checks.all():
        response = bo_client.post(
            reverse("commitment", args=[receipted.pk, check.pk]), evidence_post(check)
        )
        assert response.status_code == 302
    assert (
        bo_client.post(reverse("field_inspection", args=[receipted.pk]), BAP_POST).status_code
        == 302
    )

    overview = bo_client.get(reverse("verification", args=[receipted.pk]))
    assert "Semua komitmen terverifikasi dan BAP sudah diisi." in overview.content.decode()

    processed = services.perform_transition(
        application_id=receipted.pk, name="process", actor=staff[Role.BACK_OFFICE]
    )
    assert processed.status == Status.PROCESSED


def test_the_overview_lists_each_commitment_with_its_evidence_and_verifier(bo_client, receipted):
    check = receipted.commitment_checks.first()
    bo_client.post(reverse("commitment", args=[receipted.pk, check.pk]), evidence_post(check))

    response = bo_client.get(reverse("verification", args=[receipted.pk]))
    content = html.unescape(response.content.decode())

    assert response.status_code == 200
    for item in receipted.commitment_checks.all():
        assert item.commitment.text in content
        assert reverse("commitment", args=[receipted.pk, item.pk]) in content
    assert f"503/{check.pk}/BUKTI/2025" in content
    assert reverse("document", args=[receipted.pk, "komitmen", check.pk]) in content
    assert "Terverifikasi" in content
    assert "oleh Petugas Back Office," in content  # the verifier (full name of the fixture user)
    assert "Komitmen terverifikasi: 1 dari 4." in content
    assert reverse("field_inspection", args=[receipted.pk]) in content
    assert "BAP belum diisi." in content


# --- who may verify, and when ----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.FO, Role.KABID, Role.BAGIAN_UMUM])
def test_other_roles_cannot_open_the_verification_pages(client, staff, receipted, role):
    client.force_login(staff[role])
    check = receipted.commitment_checks.first()
    assert client.get(reverse("verification", args=[receipted.pk])).status_code == 403
    assert client.get(reverse("commitment", args=[receipted.pk, check.pk])).status_code == 403
    assert (
        client.post(
            reverse("commitment", args=[receipted.pk, check.pk]), evidence_post(check)
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("field_inspection", args=[receipted.pk]), BAP_POST).status_code == 403
    )
    check.refresh_from_db()
    assert check.verified is False
    assert not FieldInspection.objects.filter(application=receipted).exists()


def test_an_account_without_a_role_cannot_open_verification(client, outsider, receipted):
    client.force_login(outsider)
    assert client.get(reverse("verification", args=[receipted.pk])).status_code == 403


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PROCESSED])
def test_verification_outside_the_receipted_step_sends_back_to_the_file(bo_client, file_at, status):
    application = file_at(status)
    check = application.commitment_checks.first()
    detail = reverse("application_detail", args=[application.pk])
    for url in (
        reverse("verification", args=[application.pk]),
        reverse("commitment", args=[application.pk, check.pk]),
        reverse("field_inspection", args=[application.pk]),
    ):
        response = bo_client.get(url)
        assert response.status_code == 302, url
        assert response.url == detail
        assert "Verifikasi hanya dapat dilakukan" in messages_of(response)[0]

    before = (check.reference_number, check.verified)
    bo_client.post(reverse("commitment", args=[application.pk, check.pk]), evidence_post(check))
    check.refresh_from_db()
    assert (check.reference_number, check.verified) == before


def test_an_unknown_file_is_not_found(bo_client, db):
    assert bo_client.get(reverse("verification", args=[999999])).status_code == 404


def test_a_file_that_moves_on_while_the_form_is_open_is_not_changed(
    bo_client, file_at, monkeypatch
):
    # The page was opened while the file was receipted; by the time of saving it has moved on.
    application = file_at(Status.PROCESSED)
    check = application.commitment_checks.first()
    monkeypatch.setattr("permits.verification.can_verify", lambda user, application: True)
    before = (check.reference_number, check.evidence_file.name)

    response = bo_client.post(
        reverse("commitment", args=[application.pk, check.pk]),
        evidence_post(check, reference_number="BARU/1"),
    )

    assert response.status_code == 302
    assert response.url == reverse("application_detail", args=[application.pk])
    assert messages_of(response)[0].startswith("Data ini tidak dapat diubah pada berkas berstatus")
    check.refresh_from_db()
    assert (check.reference_number, check.evidence_file.name) == before
