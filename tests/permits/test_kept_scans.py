"""Issue 13 item 17: scans chosen on an intake form that comes back with an error are kept.

The clerk does not pick every file again: the re-displayed form names each kept scan, and
sending the corrected form registers the file with those scans (same bytes). A kept scan
belongs to one form (its intake token) and one clerk, and expires.
"""

import io
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits.models import Application, KeptUpload
from permits.models.kept_upload import KEPT_FOR
from permits.sample import SAMPLE_PDF
from tests.helpers import valid_post
from tests.images import small_png
from tests.permits.test_intake import FAKE_PDF, error_at, requirements

PNG = small_png()
TOKEN = "6f1c1d0e-3a55-4c57-9a2e-2d1f0f5b7a11"
OTHER_TOKEN = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def fo_client(client, staff):
    client.force_login(staff[Role.FO])
    return client


def two_scans() -> dict:
    reqs = requirements()
    return {
        f"req-{reqs['wni'].pk}-scan": SimpleUploadedFile("KTP Ahmad.pdf", SAMPLE_PDF),
        f"req-{reqs['all4'].pk}-scan": SimpleUploadedFile("npwp-ahmad.png", PNG),
    }


def send_with_an_error(client, token=TOKEN, **extra):
    data = valid_post(intake_token=token, **{"applicant-nik": "160201170885000"}, **extra)
    return client.post(reverse("intake_service", args=["iupi"]), data)


def test_an_invalid_form_with_two_scans_comes_back_showing_both_as_kept(fo_client):
    response = send_with_an_error(fo_client, **two_scans())
    content = response.content.decode()

    assert response.status_code == 200
    assert error_at(response, "id_applicant-nik") == "NIK harus terdiri dari 16 digit."
    assert "Pindaian tersimpan: <strong>KTP Ahmad.pdf</strong>" in content
    assert "Pindaian tersimpan: <strong>npwp-ahmad.png</strong>" in content
    assert content.count("(ganti?)") == 2
    assert "Pilih kembali berkasnya" not in content
    assert Application.objects.count() == 0
    # The same form comes back (same token), so the kept scans stay tied to it.
    assert f'name="intake_token" value="{TOKEN}"' in content


def test_the_corrected_form_sent_without_files_registers_the_file_with_both_scans(
    fo_client, django_capture_on_commit_callbacks
):
    reqs = requirements()
    send_with_an_error(fo_client, **two_scans())
    kept_paths = [Path(k.file.path) for k in KeptUpload.objects.all()]

    with django_capture_on_commit_callbacks(execute=True):
        response = fo_client.post(
            reverse("intake_service", args=["iupi"]), valid_post(intake_token=TOKEN)
        )

    assert response.status_code == 302
    application = Application.objects.get()
    nik_check = application.requirement_checks.get(requirement=reqs["wni"])
    npwp_check = application.requirement_checks.get(requirement=reqs["all4"])
    assert nik_check.scan.name.startswith(f"applications/{application.pk}/requirements/")
    assert nik_check.scan.name.endswith(".pdf") and npwp_check.scan.name.endswith(".png")
    assert Path(nik_check.scan.path).read_bytes() == SAMPLE_PDF
    assert Path(npwp_check.scan.path).read_bytes() == PNG
    # The kept rows and their files went with the registration.
    assert not KeptUpload.objects.exists()
    assert not any(path.exists() for path in kept_paths)


def test_a_new_file_picked_on_the_second_send_replaces_the_kept_one(
    fo_client, django_capture_on_commit_callbacks
):
    reqs = requirements()
    send_with_an_error(fo_client, **two_scans())
    kept_file = KeptUpload.objects.get(requirement=reqs["wni"]).file.path

    data = valid_post(
        intake_token=TOKEN, **{f"req-{reqs['wni'].pk}-scan": SimpleUploadedFile("ktp.png", PNG)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302

    check = Application.objects.get().requirement_checks.get(requirement=reqs["wni"])
    assert Path(check.scan.path).read_bytes() == PNG
    assert not Path(kept_file).exists()


def test_a_second_error_keeps_the_earlier_scans_and_a_replacement(
    fo_client, django_capture_on_commit_callbacks
):
    reqs = requirements()
    send_with_an_error(fo_client, **two_scans())
    replaced = Path(KeptUpload.objects.get(requirement=reqs["wni"]).file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_with_an_error(
            fo_client, **{f"req-{reqs['wni'].pk}-scan": SimpleUploadedFile("ktp-baru.png", PNG)}
        )
    content = response.content.decode()
    assert "Pindaian tersimpan: <strong>ktp-baru.png</strong>" in content
    assert "Pindaian tersimpan: <strong>npwp-ahmad.png</strong>" in content
    assert "KTP Ahmad.pdf" not in content
    assert KeptUpload.objects.count() == 2
    assert not replaced.exists()


def test_a_refused_file_is_not_kept_and_the_clerk_is_asked_to_pick_it_again(fo_client):
    reqs = requirements()
    response = send_with_an_error(
        fo_client, **{f"req-{reqs['wni'].pk}-scan": SimpleUploadedFile("ktp.pdf", FAKE_PDF)}
    )
    assert error_at(response, f"id_req-{reqs['wni'].pk}-scan").startswith(
        "Berkas harus berupa PDF, JPEG atau PNG"
    )
    assert "Pindaian tersimpan" not in response.content.decode()
    assert "Pilih kembali berkasnya" in response.content.decode()
    assert not KeptUpload.objects.exists()


def test_a_kept_scan_of_another_form_is_not_used(fo_client):
    reqs = requirements()
    send_with_an_error(fo_client, **two_scans())

    page = fo_client.post(
        reverse("intake_service", args=["iupi"]), valid_post(**{"applicant-nik": "1"})
    )
    assert "Pindaian tersimpan" not in page.content.decode()

    response = fo_client.post(
        reverse("intake_service", args=["iupi"]), valid_post(intake_token=OTHER_TOKEN)
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert not application.requirement_checks.filter(requirement=reqs["wni"]).exclude(scan="")
    assert not application.requirement_checks.exclude(scan="").exists()
    # The other form's scans are still its own.
    assert KeptUpload.objects.filter(intake_token=TOKEN).count() == 2


def test_another_clerk_sending_the_token_does_not_get_the_kept_scans(client, fo_client, staff):
    send_with_an_error(fo_client, **two_scans())
    other_fo = staff[Role.FO].__class__.objects.create_user("fo2", password="x-Kendali-2026")
    other_fo.groups.set(staff[Role.FO].groups.all())
    client.force_login(other_fo)

    response = send_with_an_error(client)
    assert "Pindaian tersimpan" not in response.content.decode()


def test_an_expired_kept_scan_is_not_shown_or_used(fo_client):
    send_with_an_error(fo_client, **two_scans())
    KeptUpload.objects.update(kept_at=timezone.now() - KEPT_FOR - timedelta(minutes=1))

    page = send_with_an_error(fo_client)
    assert "Pindaian tersimpan" not in page.content.decode()
    assert (
        fo_client.post(
            reverse("intake_service", args=["iupi"]), valid_post(intake_token=TOKEN)
        ).status_code
        == 302
    )
    assert not Application.objects.get().requirement_checks.exclude(scan="").exists()


def test_a_failing_registration_keeps_the_kept_scans_and_leaves_no_copy(fo_client, monkeypatch):
    send_with_an_error(fo_client, **two_scans())
    kept_paths = [Path(k.file.path) for k in KeptUpload.objects.all()]
    root = kept_paths[0].parents[2]
    files_before = {p for p in root.rglob("*") if p.is_file()}

    def broken_card(**kwargs):
        raise RuntimeError("kartu kendali tidak dapat ditulis")

    monkeypatch.setattr("permits.services.record_entry", broken_card)
    with pytest.raises(RuntimeError):
        fo_client.post(reverse("intake_service", args=["iupi"]), valid_post(intake_token=TOKEN))

    assert Application.objects.count() == 0
    assert KeptUpload.objects.count() == 2
    assert all(path.exists() for path in kept_paths)
    assert {p for p in root.rglob("*") if p.is_file()} == files_before


def test_the_sweep_removes_expired_kept_scans_and_their_files(staff, db):
    reqs = requirements()
    rows = {}
    for name, age in (("lama", KEPT_FOR + timedelta(hours=1)), ("baru", timedelta(hours=1))):
        row = KeptUpload(
            intake_token=uuid.uuid4(),
            requirement=reqs["wni"],
            original_name=f"{name}.pdf",
            size=len(SAMPLE_PDF),
            kept_by=staff[Role.FO],
            kept_at=timezone.now() - age,
        )
        row.file.save("berkas.pdf", ContentFile(SAMPLE_PDF), save=True)
        rows[name] = row

    call_command("remove_unreferenced_files", stdout=io.StringIO())

    assert list(KeptUpload.objects.values_list("original_name", flat=True)) == ["baru.pdf"]
    assert not Path(rows["lama"].file.path).exists()
    assert Path(rows["baru"].file.path).exists()


def test_the_kept_scan_names_its_file_input_as_the_replacement(fo_client):
    reqs = requirements()
    content = send_with_an_error(fo_client, **two_scans()).content.decode()
    row_id = f"id_req-{reqs['wni'].pk}-scan"
    assert re.search(rf'<label for="{row_id}">\(ganti\?\)</label>', content)
