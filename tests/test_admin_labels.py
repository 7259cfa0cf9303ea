"""The admin speaks Indonesian (issue 13, item 24): app and model names of third-party apps too.

And every page has an icon, so browsers stop asking for a /favicon.ico that is not there.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.urls import reverse

RAW_LABELS = (
    "Axes",
    "AXES",
    "Otp_Totp",
    "OTP_TOTP",
    "Otp_Static",
    "OTP_STATIC",
    "Static devices",
    "TOTP devices",
    "devices",
)


@pytest.fixture
def admin_index(client, db) -> str:
    user = User.objects.create_superuser("super", "super@example.id", "kata-sandi-uji-123")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode().split('id="content-main"', 1)[1]


def app_names(page: str) -> list[str]:
    return [name.strip() for name in re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", page)]


def model_names(page: str) -> list[str]:
    return [
        name.strip() for name in re.findall(r'<th scope="row"[^>]*>\s*(?:<a[^>]*>)?([^<]*)<', page)
    ]


def test_the_admin_index_names_every_app_and_model_in_indonesian(admin_index):
    apps = app_names(admin_index)
    models = model_names(admin_index)
    for raw in RAW_LABELS:
        assert raw not in apps, apps
        assert not any(raw in name for name in models), models
    assert "Penguncian login" in apps
    assert "Verifikasi dua langkah: aplikasi autentikator" in apps
    assert "Verifikasi dua langkah: kode cadangan" in apps
    assert "Perangkat autentikator (TOTP)" in models
    assert "Kode cadangan" in models


def test_the_app_labels_stay_the_same_so_the_tables_and_addresses_do_not_move(admin_index):
    # Only the names shown change: /admin/otp_totp/totpdevice/ is where it was.
    assert 'href="/admin/otp_totp/totpdevice/"' in admin_index
    assert 'href="/admin/axes/accessattempt/"' in admin_index


def test_favicon_ico_answers(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    if response.status_code != 200:
        assert response["Location"].endswith(".svg")
        assert finders.find("img/favicon.svg")


def test_every_page_links_the_icon(client, db):
    assert finders.find("img/favicon.svg")
    source = get_template("base.html").template.source
    assert re.search(r'<link rel="icon"[^>]*href="\{% static .img/favicon\.svg. %\}"', source)
    page = client.get(reverse("login")).content.decode()
    assert re.search(
        r'<link rel="icon" type="image/svg\+xml" href="/static/img/favicon[^"]*\.svg"', page
    )
