"""Two-factor sign-in in Chromium: a Kabid sets up the app at the first login, keeps the backup
codes, then gives a code from the app and later a backup code."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from office.roles import Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    page.goto("/masuk/")
    page.fill('[name="username"]', user.username)
    page.fill('[name="password"]', PASSWORD)
    page.locator("section.login button[type=submit]").click()


def test_kabid_sets_up_the_app_keeps_backup_codes_then_gives_codes_at_later_logins(
    staff, new_context, live_server, console, shot, authenticator
):
    kabid = staff[Role.KABID]
    page = console.watch(new_context(base_url=live_server.url).new_page())

    sign_in(page, kabid)
    page.wait_for_url(re.compile(r"/akun/keamanan/aktifkan/"))
    qr = page.locator("svg.otp-qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150  # big enough for a phone camera
    assert page.locator(".mainnav").count() == 0  # no desk before the code
    shot(page, "17-aktifkan-dua-langkah")

    # What a person types from the page into the app: the key shown under the QR code.
    key = b32decode(page.locator("#kunci-rahasia").inner_text().replace(" ", ""))
    page.fill('[name="token"]', "000000")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator("#id_token_error")).to_have_text("Kode tidak cocok atau sudah kedaluwarsa.")
    time.sleep(1.1)  # django-otp's pause after a wrong code
    totp = TOTP(key)
    page.fill('[name="token"]', f"{totp.token():06d}")
    page.get_by_role("button", name="Aktifkan").click()

    # The backup codes, once, with a print button (static/js/print-button.js, under the CSP).
    page.wait_for_url(re.compile(r"/akun/keamanan/\?next=%2F$"))
    expect(page.get_by_role("heading", name="Simpan kode cadangan ini")).to_be_visible()
    expect(page.get_by_text("Verifikasi dua langkah aktif")).to_be_visible()
    codes = page.locator("#daftar-kode-cadangan code").all_inner_texts()
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=kabid).confirmed
    shot(page, "20-kode-cadangan")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Cetak").click()
    assert page.evaluate("window.printed") is True
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name=re.compile("Keamanan akun")).click()
    expect(page.locator(".otp-status")).to_contain_text("tidak dapat dimatikan")
    expect(page.locator("#sisa-kode-cadangan")).to_have_text("10 dari 10")
    assert page.locator("#daftar-kode-cadangan").count() == 0  # shown once only
    shot(page, "18-keamanan-akun")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk/"))

    sign_in(page, kabid)
    page.wait_for_url(re.compile(r"/masuk/kode/"))
    shot(page, "19-kode-masuk")
    page.fill('[name="token"]', authenticator.code(kabid))
    page.locator("section.login button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".mainnav")).to_be_visible()

    # Phone left at home: a backup code, typed as printed, once.
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk/"))
    sign_in(page, kabid)
    page.wait_for_url(re.compile(r"/masuk/kode/"))
    page.fill('[name="token"]', codes[0].upper())
    page.locator("section.login button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("Sisa kode cadangan: 9.")).to_be_visible()
    assert not console.errors, console.errors
