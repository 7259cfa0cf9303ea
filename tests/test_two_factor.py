"""Two-factor sign-in through the real login form: password, then the code from the app.

No `force_login` here (conftest's shortcut would skip the gate): every user signs in at /masuk/.
Time is frozen at the start of a 30-second TOTP step, so codes and throttle delays are exact.
"""

import re
import time
from base64 import b32decode
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.roles import Role
from permits.forms.account import SPENT_CODE
from permits.management.commands.seed_demo import DEMO_TOTP_KEY, demo_devices
from permits.models import Application
from permits.two_factor import REQUIRED_ROLES, new_backup_codes
from tests.conftest import PASSWORD, make_user
from tracking.models import ControlCardEntry
from workflow.table import Status

LOGIN = reverse("login")
CODE = reverse("otp_verify")
ENROL = reverse("otp_enrol")
ACCOUNT = reverse("account_security")
HOME = reverse("home")
WRONG = "Kode tidak cocok atau sudah kedaluwarsa."

THROTTLED = "Terlalu banyak kode yang salah"

# 09.00 WIB on a Monday: a whole minute, so the start of a TOTP step.
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(key: bytes, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app holding `key` shows now (or `steps_ahead` steps later)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ponsel", confirmed=True)


def sign_in(client, user, next_url: str | None = None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def page(response) -> str:
    return response.content.decode()


def continue_link(html: str) -> str:
    return re.search(r'<a class="btn btn-primary" href="([^"]*)">Sudah saya simpan', html)[1]


def field_error(html: str) -> str:
    """The error text shown under the code field."""
    match = re.search(r'<div class="field-error" id="id_token_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def kabid(db):
    return make_user("kabid_uji", Role.KABID)


@pytest.fixture
def clerk(db):
    return make_user("fo_uji", Role.FO)


# --- Policy ------------------------------------------------------------------------------


def test_the_roles_that_sign_permits_and_the_administrator_must_use_a_second_factor():
    assert {Role.KABID, Role.KEPALA_DINAS, Role.BAGIAN_UMUM, Role.ADMIN} == REQUIRED_ROLES


# --- Enrolment at the first login of a required role ---------------------------------------


def test_kabid_without_a_device_is_sent_to_set_one_up_with_a_qr_code_and_the_key(client, kabid):
    response = client.get(sign_in(client, kabid).url, follow=True)

    assert response.redirect_chain[-1][0].startswith(ENROL)
    html = page(response)
    assert "Aktifkan verifikasi dua langkah" in html
    assert "wajib memakai verifikasi dua langkah" in html
    assert 'aria-label="Menu utama"' not in html  # no desk before the device is set up
    # The QR code is drawn here, as inline SVG: no image from another server.
    assert re.search(r'<svg [^>]*class="otp-qr"', html)
    assert "http" not in re.search(r"<svg.*?</svg>", html, re.S).group(0).replace(
        "http://www.w3.org/2000/svg", ""
    )
    device = TOTPDevice.objects.get(user=kabid)
    assert not device.confirmed
    shown = re.search(r'<code class="otp-secret" id="kunci-rahasia">([A-Z2-7 ]+)</code>', html)
    assert b32decode(shown.group(1).replace(" ", "")) == device.bin_key
    # Until it is confirmed, the desk stays closed.
    assert client.get(HOME).url.startswith(ENROL)


def test_a_wrong_code_keeps_the_device_off_and_the_right_one_opens_the_desk(client, kabid, clock):
    enrol_page = page(client.get(sign_in(client, kabid).url, follow=True))
    key = b32decode(re.search(r'id="kunci-rahasia">([A-Z2-7 ]+)<', enrol_page)[1].replace(" ", ""))

    wrong = client.post(ENROL, {"token": "000000", "next": HOME})
    assert wrong.status_code == 200
    assert WRONG in field_error(page(wrong))
    assert not TOTPDevice.objects.get(user=kabid).confirmed
    assert client.get(HOME).status_code == 302

    clock.shift(2)  # past django-otp's one-second pause after a failure
    right = client.post(ENROL, {"token": code_for(key), "next": HOME})

    assert right.status_code == 302
    assert TOTPDevice.objects.get(user=kabid).confirmed
    # First the backup codes, once; their "continue" button leads to the page asked for.
    codes_page = page(client.get(right.url))
    assert "Verifikasi dua langkah aktif" in codes_page
    assert "Simpan kode cadangan ini" in codes_page
    assert continue_link(codes_page) == HOME
    assert client.get(HOME).status_code == 200


def test_each_login_shows_a_new_key_until_one_is_confirmed(client, kabid):
    client.get(sign_in(client, kabid).url, follow=True)
    first = TOTPDevice.objects.get(user=kabid).key
    client.post(reverse("logout"))

    client.get(sign_in(client, kabid).url, follow=True)

    assert TOTPDevice.objects.filter(user=kabid).count() == 1
    assert TOTPDevice.objects.get(user=kabid).key != first


# --- The code at every login ----------------------------------------------------------------


def test_a_wrong_code_is_shown_next_to_the_field_and_the_desk_stays_closed(client, kabid):
    device_for(kabid)
    assert sign_in(client, kabid).status_code == 302
    assert client.get(HOME).url == f"{CODE}?next=%2F"

    response = client.post(CODE, {"token": "123456", "next": HOME})

    assert response.status_code == 200
    assert WRONG in field_error(page(response))
    assert 'aria-describedby="id_token_helptext id_token_error"' in page(response)
    assert client.get(HOME).url.startswith(CODE)


def test_letters_or_too_few_digits_get_their_own_message(client, kabid):
    device_for(kabid)
    sign_in(client, kabid)

    response = client.post(CODE, {"token": "12a45"})

    assert "Kode terdiri dari 6 angka" in field_error(page(response))


def test_the_right_code_opens_the_desk_under_a_new_session_id(client, kabid):
    device = device_for(kabid)
    sign_in(client, kabid)
    before = client.session.session_key

    response = client.post(CODE, {"token": code_for(device.bin_key), "next": HOME})

    assert response.status_code == 302
    assert response.url == HOME
    assert client.session.session_key != before
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("application_list")).status_code == 200


def test_the_code_page_shows_no_menu_but_lets_the_user_log_out(client, kabid):
    device_for(kabid)
    sign_in(client, kabid)

    html = page(client.get(CODE))

    assert 'aria-label="Menu utama"' not in html
    assert ACCOUNT not in html
    assert f'action="{reverse("logout")}"' in html
    client.post(reverse("logout"))
    assert client.get(HOME).url.startswith(LOGIN)


@pytest.mark.parametrize("role", sorted(REQUIRED_ROLES))
def test_a_required_role_reaches_no_staff_page_before_the_code(client, db, role, file_at):
    user = make_user(f"wajib_{role.value}", role)
    device_for(user)
    application = file_at(Status.PRINTED)
    sign_in(client, user)

    for url in (
        HOME,
        reverse("application_list"),
        reverse("application_detail", args=[application.pk]),
        reverse("pdf_draft", args=[application.pk]),
        reverse("supervision"),
        reverse("complaints:desk"),
        ACCOUNT,
        # Setting up another device would get round the code.
        ENROL,
        reverse("admin:index"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(CODE), url


def test_a_forced_step_before_the_code_is_refused_and_changes_nothing(client, staff, file_at):
    application = file_at(Status.PRINTED)
    kabid = staff[Role.KABID]
    device_for(kabid)
    entries = ControlCardEntry.objects.filter(application=application).count()
    sign_in(client, kabid)

    response = client.post(
        reverse("transition", args=[application.pk, "initial"]),
        {"expected_status": Status.PRINTED, "note": ""},
    )

    assert response.status_code == 302
    assert response.url.startswith(CODE)
    assert Application.objects.get(pk=application.pk).status == Status.PRINTED
    assert ControlCardEntry.objects.filter(application=application).count() == entries


def test_the_page_asked_for_survives_the_detour_through_the_code(client, kabid):
    device = device_for(kabid)
    target = reverse("application_list") + "?q=PT"

    after_password = sign_in(client, kabid, next_url=target)
    to_code = client.get(after_password.url)
    assert after_password.url == target
    assert to_code.url.startswith(CODE)
    code_page = page(client.get(to_code.url))
    assert 'name="next" value="/berkas/?q=PT"' in code_page

    response = client.post(CODE, {"token": code_for(device.bin_key), "next": target})

    assert response.url == target


def test_a_next_to_another_site_is_dropped(client, kabid):
    device = device_for(kabid)
    sign_in(client, kabid)

    response = client.post(
        CODE, {"token": code_for(device.bin_key), "next": "https://contoh-jahat.example/"}
    )

    assert response.url == HOME


def test_a_code_used_once_is_refused_the_second_time(client, kabid):
    device = device_for(kabid)
    code = code_for(device.bin_key)
    sign_in(client, kabid)
    assert client.post(CODE, {"token": code}).status_code == 302
    client.post(reverse("logout"))

    sign_in(client, kabid)
    response = client.post(CODE, {"token": code})

    assert response.status_code == 200
    # Not "Kode tidak cocok", which reads like a typo: the officer must wait for the next code.
    assert SPENT_CODE in field_error(page(response))
    assert WRONG not in field_error(page(response))
    assert client.get(HOME).url.startswith(CODE)


def test_after_a_spent_code_the_next_code_signs_in(client, kabid, clock):
    device = device_for(kabid)
    code = code_for(device.bin_key)
    sign_in(client, kabid)
    client.post(CODE, {"token": code})
    client.post(reverse("logout"))
    sign_in(client, kabid)
    assert SPENT_CODE in page(client.post(CODE, {"token": code}))

    clock.shift(30)
    assert client.post(CODE, {"token": code_for(device.bin_key)}).status_code == 302


def test_a_wrong_code_after_a_sign_in_is_still_called_wrong(client, kabid):
    device = device_for(kabid)
    sign_in(client, kabid)
    client.post(CODE, {"token": code_for(device.bin_key)})
    client.post(reverse("logout"))
    sign_in(client, kabid)
    wrong = f"{(int(code_for(device.bin_key)) + 1) % 1_000_000:06d}"

    response = client.post(CODE, {"token": wrong})

    assert WRONG in field_error(page(response))
    assert SPENT_CODE not in page(response)


def test_wrong_codes_make_the_user_wait_longer_each_time(client, kabid, clock):
    device = device_for(kabid)
    sign_in(client, kabid)
    for _ in range(4):
        assert WRONG in field_error(page(client.post(CODE, {"token": "000000"})))
        clock.shift(20)
    assert WRONG in field_error(page(client.post(CODE, {"token": "000000"})))

    # Five failures: 16 seconds of waiting, during which even the right code is refused.
    clock.shift(10)
    throttled = client.post(CODE, {"token": code_for(device.bin_key)})
    assert throttled.status_code == 200
    assert "Terlalu banyak kode yang salah. Tunggu 6 detik, lalu coba lagi." in page(throttled)
    assert client.get(HOME).url.startswith(CODE)

    clock.shift(7)
    response = client.post(CODE, {"token": code_for(device.bin_key)})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


# --- Other staff: optional ------------------------------------------------------------------


def test_an_officer_without_a_device_signs_in_with_the_password_alone(client, clerk):
    response = sign_in(client, clerk)

    assert response.url == HOME
    assert client.get(HOME).status_code == 200
    assert not TOTPDevice.objects.filter(user=clerk).exists()


def test_an_officer_turns_it_on_from_the_account_page_and_is_asked_at_the_next_login(
    client, clerk, clock
):
    sign_in(client, clerk)
    account = page(client.get(ACCOUNT))
    assert "Belum aktif" in account
    assert f'href="{ENROL}"' in account
    enrol_page = page(client.get(ENROL))
    assert "wajib memakai" not in enrol_page
    key = b32decode(re.search(r'id="kunci-rahasia">([A-Z2-7 ]+)<', enrol_page)[1].replace(" ", ""))

    response = client.post(ENROL, {"token": code_for(key)}, follow=True)

    assert response.redirect_chain[-1][0] == ACCOUNT
    assert "Simpan kode cadangan ini" in page(response)
    assert '<span class="badge badge-done">Aktif</span>' in page(client.get(ACCOUNT))
    client.post(reverse("logout"))
    clock.shift(30)
    sign_in(client, clerk)
    assert client.get(HOME).url.startswith(CODE)
    assert client.post(CODE, {"token": code_for(key)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_an_officer_with_a_device_must_enter_the_code(client, clerk):
    device = device_for(clerk)
    sign_in(client, clerk)

    assert client.get(HOME).url.startswith(CODE)
    assert client.post(CODE, {"token": code_for(device.bin_key)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_turning_it_off_needs_the_password(client, clerk, clock):
    device = device_for(clerk)
    sign_in(client, clerk)
    client.post(CODE, {"token": code_for(device.bin_key)})

    wrong = client.post(ACCOUNT, {"password": "bukan-kata-sandinya"})
    assert wrong.status_code == 200
    assert "Kata sandi salah." in page(wrong)
    assert TOTPDevice.objects.filter(user=clerk).exists()

    right = client.post(ACCOUNT, {"password": PASSWORD}, follow=True)
    assert "Verifikasi dua langkah dimatikan" in page(right)
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    client.post(reverse("logout"))
    sign_in(client, clerk)
    assert client.get(HOME).status_code == 200


def test_a_required_role_cannot_turn_it_off(client, kabid):
    device = device_for(kabid)
    sign_in(client, kabid)
    client.post(CODE, {"token": code_for(device.bin_key)})
    account = page(client.get(ACCOUNT))
    assert "tidak dapat dimatikan" in account
    assert 'name="password"' not in account

    response = client.post(ACCOUNT, {"password": PASSWORD})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=kabid, confirmed=True).exists()


def test_the_header_links_to_the_account_page(client, clerk):
    sign_in(client, clerk)

    assert f'href="{ACCOUNT}"' in page(client.get(HOME))


# --- Backup codes ---------------------------------------------------------------------------


def shown_codes(html: str) -> list[str]:
    """The backup codes listed on the page, as shown ("abcd efgh")."""
    listing = re.search(r'<ol class="backup-code-list".*?</ol>', html, re.S)
    return re.findall(r"<code[^>]*>([a-z2-7]{4} [a-z2-7]{4})</code>", listing[0]) if listing else []


def stored_codes(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def signed_in_with_app(client, user, device: TOTPDevice) -> None:
    sign_in(client, user)
    assert client.post(CODE, {"token": code_for(device.bin_key)}).status_code == 302


def codes_left_on_account_page(client) -> str:
    return re.search(r'id="sisa-kode-cadangan">([^<]*)<', page(client.get(ACCOUNT)))[1]


def test_setting_up_the_app_shows_ten_backup_codes_once(client, kabid):
    enrol_page = page(client.get(sign_in(client, kabid).url, follow=True))
    key = b32decode(re.search(r'id="kunci-rahasia">([A-Z2-7 ]+)<', enrol_page)[1].replace(" ", ""))

    response = client.post(ENROL, {"token": code_for(key), "next": HOME}, follow=True)

    html = page(response)
    codes = shown_codes(html)
    assert len(set(codes)) == 10
    assert {code.replace(" ", "") for code in codes} == stored_codes(kabid)
    assert "hanya ditampilkan sekali" in html
    assert "terpisah dari ponsel" in html
    assert re.search(r"<button [^>]*data-print[^>]*>Cetak</button>", html)
    assert "js/print-button" in html
    assert "no-store" in response["Cache-Control"]
    # Once left (or reloaded), the account page shows only how many there are.
    again = page(client.get(ACCOUNT))
    assert shown_codes(again) == []
    assert not any(code.replace(" ", "") in again for code in codes)
    assert codes_left_on_account_page(client) == "10 dari 10"


def test_the_code_page_says_a_backup_code_works_too(client, kabid):
    device_for(kabid)
    sign_in(client, kabid)

    html = page(client.get(CODE))

    assert "Kode 6 angka atau kode cadangan" in html
    assert "salah satu kode cadangan" in html
    assert 'inputmode="numeric"' not in html  # backup codes have letters


def test_a_backup_code_signs_in_once_and_is_refused_the_second_time(client, kabid):
    device_for(kabid)
    code = new_backup_codes(kabid)[0]
    typed = f"{code[:4].upper()}-{code[4:].upper()}"  # as read off the paper, any case or dash
    sign_in(client, kabid, next_url=reverse("application_list"))

    response = client.post(CODE, {"token": typed, "next": reverse("application_list")})

    assert response.url == reverse("application_list")
    assert "Sisa kode cadangan: 9." in page(client.get(response.url))
    assert code not in stored_codes(kabid)
    client.post(reverse("logout"))
    sign_in(client, kabid)
    again = client.post(CODE, {"token": typed})
    assert again.status_code == 200
    assert WRONG in field_error(page(again))
    assert client.get(HOME).url.startswith(CODE)


def test_the_account_page_shows_how_many_backup_codes_are_left(client, clerk, clock):
    device = device_for(clerk)
    codes = new_backup_codes(clerk)
    sign_in(client, clerk)
    client.post(CODE, {"token": codes[0]})
    assert codes_left_on_account_page(client) == "9 dari 10"
    client.post(reverse("logout"))

    clock.shift(30)
    signed_in_with_app(client, clerk, device)

    assert codes_left_on_account_page(client) == "9 dari 10"
    assert "tinggal sedikit" not in page(client.get(ACCOUNT))


def test_when_few_backup_codes_are_left_the_user_is_told_to_make_new_ones(client, kabid):
    device_for(kabid)
    codes = new_backup_codes(kabid)
    StaticToken.objects.filter(token__in=codes[3:]).delete()
    sign_in(client, kabid)

    response = client.post(CODE, {"token": codes[0]}, follow=True)

    assert "Sisa kode cadangan: 2. Sebaiknya buat kode cadangan baru" in page(response)
    assert "tinggal sedikit" in page(client.get(ACCOUNT))


def test_a_wrong_backup_code_gets_the_wrong_code_message_and_the_throttle(client, kabid, clock):
    device_for(kabid)
    code = new_backup_codes(kabid)[0]
    sign_in(client, kabid)

    wrong = client.post(CODE, {"token": "abcd efgh"})
    assert wrong.status_code == 200
    assert WRONG in field_error(page(wrong))
    # django-otp's pause after a failure holds for backup codes too, even the right one.
    throttled = client.post(CODE, {"token": code})
    assert "Terlalu banyak kode yang salah. Tunggu 1 detik" in page(throttled)
    assert client.get(HOME).url.startswith(CODE)
    assert code in stored_codes(kabid)

    clock.shift(2)
    assert client.post(CODE, {"token": code}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_a_backup_code_of_another_user_is_refused(client, kabid, clerk):
    device_for(kabid)
    device_for(clerk)
    new_backup_codes(kabid)
    other = new_backup_codes(clerk)[0]
    sign_in(client, kabid)

    assert WRONG in field_error(page(client.post(CODE, {"token": other})))
    assert other in stored_codes(clerk)


def test_new_backup_codes_need_the_password_and_void_the_old_ones(client, kabid, clock):
    device = device_for(kabid)
    old = new_backup_codes(kabid)
    signed_in_with_app(client, kabid, device)

    wrong = client.post(ACCOUNT, {"action": "new_codes", "codes-password": "bukan-sandinya"})
    assert wrong.status_code == 200
    assert "Kata sandi salah." in page(wrong)
    assert stored_codes(kabid) == set(old)

    right = client.post(ACCOUNT, {"action": "new_codes", "codes-password": PASSWORD})
    assert right.url == ACCOUNT
    html = page(client.get(ACCOUNT))
    assert "Kode cadangan baru dibuat" in html
    new = [code.replace(" ", "") for code in shown_codes(html)]
    assert len(new) == 10
    assert set(new) == stored_codes(kabid)
    assert not set(new) & set(old)
    assert shown_codes(page(client.get(ACCOUNT))) == []

    client.post(reverse("logout"))
    sign_in(client, kabid)
    assert WRONG in field_error(page(client.post(CODE, {"token": old[0]})))
    clock.shift(2)
    assert client.post(CODE, {"token": new[0]}).status_code == 302


def test_making_new_codes_keeps_a_session_signed_in_with_a_backup_code(client, kabid):
    device_for(kabid)
    code = new_backup_codes(kabid)[0]
    sign_in(client, kabid)
    client.post(CODE, {"token": code})

    client.post(ACCOUNT, {"action": "new_codes", "codes-password": PASSWORD})

    assert len(shown_codes(page(client.get(ACCOUNT)))) == 10
    assert client.get(HOME).status_code == 200


def test_turning_it_off_deletes_the_backup_codes(client, clerk):
    device = device_for(clerk)
    code = new_backup_codes(clerk)[0]
    signed_in_with_app(client, clerk, device)

    response = client.post(ACCOUNT, {"action": "turn_off", "password": PASSWORD}, follow=True)

    assert "kode cadangan dihapus" in page(response)
    assert not StaticDevice.objects.filter(user=clerk).exists()
    assert not StaticToken.objects.filter(device__user=clerk).exists()
    client.post(reverse("logout"))
    assert sign_in(client, clerk).url == HOME
    assert client.get(HOME).status_code == 200
    # The code page is gone for this user: an old code changes nothing.
    assert client.post(CODE, {"token": code}).status_code == 302
    assert "Sisa kode cadangan" not in page(client.get(HOME))


def test_backup_codes_without_the_app_are_not_two_factor(client, kabid, clerk):
    for user in (kabid, clerk):
        StaticDevice.objects.create(user=user, name="Kode cadangan")
        new_backup_codes(user)

    # A required role is still asked to set up the app; an officer signs in with the password.
    assert client.get(sign_in(client, kabid).url).url.startswith(ENROL)
    code = sorted(stored_codes(kabid))[0]
    assert client.post(CODE, {"token": code}).url.startswith(ENROL)
    assert code in stored_codes(kabid)
    assert client.get(HOME).url.startswith(ENROL)
    client.post(reverse("logout"))

    sign_in(client, clerk)
    assert client.get(HOME).status_code == 200
    assert "Belum aktif" in page(client.get(ACCOUNT))


# --- Demo data -----------------------------------------------------------------------------


@pytest.fixture
def demo_staff(db):
    return {
        role: make_user(name, role)
        for name, role in [
            ("kabid", Role.KABID),
            ("kadis", Role.KEPALA_DINAS),
            ("umum", Role.BAGIAN_UMUM),
            ("admin", Role.ADMIN),
        ]
    }


def test_demo_users_get_the_documented_key_and_demo_totp_prints_their_code(
    client, demo_staff, settings
):
    demo_devices(demo_staff)
    demo_devices(demo_staff)  # safe to run again
    demo_keys = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True)
    assert demo_keys.count() == len(REQUIRED_ROLES)
    documented = "NNSW 4ZDB NRUS 2ZDF NVXS 2MTG MEWW 623J"
    assert documented in (settings.BASE_DIR / "README.md").read_text()
    assert b32decode(documented.replace(" ", "")) == bytes.fromhex(DEMO_TOTP_KEY)

    settings.DEBUG = True
    out = StringIO()
    call_command("demo_totp", "kadis", stdout=out, stderr=StringIO())

    printed = out.getvalue().strip()
    assert printed == code_for(bytes.fromhex(DEMO_TOTP_KEY))
    sign_in(client, demo_staff[Role.KEPALA_DINAS])
    assert client.post(CODE, {"token": printed}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_demo_totp_refuses_without_debug_and_for_other_users(demo_staff, settings):
    demo_devices(demo_staff)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo_totp", "kabid")

    settings.DEBUG = True
    make_user("budi", Role.KABID)
    with pytest.raises(CommandError, match="bukan pengguna demo"):
        call_command("demo_totp", "budi")
    # A demo user who set up their own app keeps its key secret.
    TOTPDevice.objects.filter(user__username="umum").update(key="00" * 20)
    with pytest.raises(CommandError, match="tidak memakai kunci demo"):
        call_command("demo_totp", "umum")


def test_the_production_settings_name_the_office_in_authenticator_apps():
    middleware = django_settings.MIDDLEWARE
    assert django_settings.OTP_TOTP_ISSUER == "Kendali DPMPTSP OKI"
    assert middleware.index("django_otp.middleware.OTPMiddleware") < (
        middleware.index("permits.two_factor.TwoFactorMiddleware")
    )
