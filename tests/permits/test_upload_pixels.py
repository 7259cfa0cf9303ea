"""Images over settings.UPLOAD_MAX_PIXELS are refused wherever a desk takes an upload.

The intake scans and complaint attachments are tested through their pages
(tests/permits/test_intake.py, tests/complaints/test_public_pages.py); here the commitment
evidence of the back office and the FO's requirement checklist of a registered file.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits.forms.verification import RequirementCheckForm
from tests.images import jpeg_claiming, png_bomb, small_png
from workflow.table import Status

TOO_MANY_PIXELS = (
    "Gambar terlalu besar: paling banyak 50 megapiksel (misalnya 8.000 × 6.000 piksel). "
    "Perkecil resolusi pindaian atau foto, lalu unggah kembali."
)


def stored_files() -> set[Path]:
    return {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.fixture
def bo_client(client, staff):
    client.force_login(staff[Role.BACK_OFFICE])
    return client


def evidence_post(upload) -> dict:
    return {
        "reference_number": "503/77/BUKTI/2025",
        "evidence_date": timezone.localdate().isoformat(),
        "note": "Sesuai dokumen asli",
        "verified": "on",
        "evidence_file": upload,
    }


def test_a_png_bomb_as_commitment_evidence_is_refused_and_nothing_is_kept(bo_client, file_at):
    application = file_at(Status.RECEIPTED)
    check = application.commitment_checks.first()
    url = reverse("commitment", args=[application.pk, check.pk])
    files_before = stored_files()

    response = bo_client.post(url, evidence_post(SimpleUploadedFile("bukti.png", png_bomb())))

    assert response.status_code == 200
    assert response.context["form"].errors["evidence_file"] == [TOO_MANY_PIXELS]
    assert TOO_MANY_PIXELS in response.content.decode()
    assert stored_files() == files_before
    check.refresh_from_db()
    assert (check.verified, check.reference_number, check.evidence_file.name) == (False, "", "")


def test_a_real_png_as_commitment_evidence_is_kept(bo_client, file_at):
    application = file_at(Status.RECEIPTED)
    check = application.commitment_checks.first()
    url = reverse("commitment", args=[application.pk, check.pk])

    response = bo_client.post(url, evidence_post(SimpleUploadedFile("bukti.png", small_png())))

    assert response.status_code == 302
    check.refresh_from_db()
    assert check.verified and check.evidence_file.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Over Pillow's own hard limit: refused before its size is read out.
        pytest.param(png_bomb(), TOO_MANY_PIXELS, id="png-400-megapixels"),
        pytest.param(
            jpeg_claiming(9000, 8000),
            "Gambar terlalu besar: 9.000 × 8.000 piksel (72 megapiksel), paling banyak 50 "
            "megapiksel (misalnya 8.000 × 6.000 piksel). Perkecil resolusi pindaian atau foto, "
            "lalu unggah kembali.",
            id="jpeg-claiming-72-megapixels",
        ),
    ],
)
def test_an_image_bomb_on_the_requirement_checklist_is_refused(file_at, content, message):
    check = file_at(Status.INCOMPLETE).requirement_checks.first()
    form = RequirementCheckForm(
        {"present": "on", "note": ""},
        {"scan": SimpleUploadedFile("scan", content)},
        instance=check,
    )

    assert not form.is_valid()
    assert form.errors["scan"] == [message]
