"""The office logo is checked like a scan (issue 13, item 8): by content, bytes and pixels.

It is printed on every permit and shown on the public pages, so the admin refuses a PDF with
another name and a decompression bomb, and says why next to the logo field.
"""

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from office.models import OfficeProfile
from office.uploads import validate_logo
from permits.sample import SAMPLE_PDF
from tests.conftest import PASSWORD
from tests.images import png_bomb, small_jpeg, small_png


@pytest.fixture
def profile(db) -> OfficeProfile:
    return OfficeProfile.objects.create(city="Kayuagung")


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("super", "super@contoh.id", PASSWORD))
    return client


def upload_logo(admin_client, profile, name: str, content: bytes):
    """The admin change form of the profile, sent with its fields as they are and a new logo."""
    data = {
        field: getattr(profile, field)
        for field in [
            "name",
            "short_name",
            "government",
            "city",
            "address",
            "phone",
            "email",
            "website",
            "head_position",
            "head_name",
            "head_nip",
            "kabid_name",
            "kabid_nip",
        ]
    }
    data["logo"] = SimpleUploadedFile(name, content)
    return admin_client.post(reverse("admin:office_officeprofile_change", args=[profile.pk]), data)


def logo_errors(response) -> str:
    """The error text the admin shows in the logo field's row."""
    page = lxml.html.fromstring(response.content.decode())
    rows = page.xpath('//div[contains(@class, "field-logo")]')
    assert rows, "no logo row on the page"
    return " ".join(" ".join(item.text_content().split()) for item in rows[0].xpath(".//ul/li"))


def test_a_decompression_bomb_is_refused_next_to_the_logo_field(admin_client, profile):
    response = upload_logo(admin_client, profile, "logo.png", png_bomb())

    assert response.status_code == 200
    assert "Gambar terlalu besar" in logo_errors(response)
    assert "megapiksel" in logo_errors(response)
    profile.refresh_from_db()
    assert not profile.logo


def test_a_picture_just_over_the_pixel_limit_is_refused_too(admin_client, profile):
    # Under Pillow's own limit, so only our check stops it.
    with override_settings(UPLOAD_MAX_PIXELS=1_000_000):
        response = upload_logo(admin_client, profile, "logo.png", png_bomb(1_100, 1_000))

    assert "Gambar terlalu besar: 1.100 × 1.000 piksel" in logo_errors(response)
    profile.refresh_from_db()
    assert not profile.logo


def test_a_pdf_named_png_is_refused_by_its_content(admin_client, profile):
    response = upload_logo(admin_client, profile, "logo.png", SAMPLE_PDF)

    assert response.status_code == 200
    assert "Logo harus berupa gambar PNG atau JPEG" in logo_errors(response)
    profile.refresh_from_db()
    assert not profile.logo


def test_a_file_over_the_byte_limit_is_refused(admin_client, profile):
    with override_settings(UPLOAD_MAX_BYTES=len(small_png()) - 1):
        response = upload_logo(admin_client, profile, "logo.png", small_png())

    assert response.status_code == 200, response.content[:300]
    assert "Ukuran berkas melebihi batas" in logo_errors(response)


def test_a_small_png_is_saved(admin_client, profile):
    response = upload_logo(admin_client, profile, "logo.png", small_png())

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.logo.name.startswith("office/")
    assert profile.logo.width == 20


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (small_jpeg(), None),
        (small_png(), None),
        (SAMPLE_PDF, "upload_type"),
        (b"GIF89a" + bytes(64), "upload_type"),
        (png_bomb(), "upload_too_many_pixels"),
        (small_png()[:40], "upload_broken_image"),
    ],
    ids=["jpeg", "png", "pdf", "gif", "bomb", "cut png"],
)
def test_validate_logo_takes_png_and_jpeg_only(content, code):
    upload = SimpleUploadedFile("logo.png", content)
    if code is None:
        validate_logo(upload)
        return
    with pytest.raises(ValidationError) as refused:
        validate_logo(upload)
    assert refused.value.code == code


def test_the_model_field_checks_the_logo_too(profile):
    profile.logo = SimpleUploadedFile("logo.png", SAMPLE_PDF)

    with pytest.raises(ValidationError) as refused:
        profile.full_clean()

    assert "logo" in refused.value.message_dict
