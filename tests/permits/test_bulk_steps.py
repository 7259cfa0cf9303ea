"""Kabid initials and the Kepala Dinas signs several files in one go (issue 15): the files
waiting, each with its draft a click away; the password and the code once; each file through
the one transition service; the files that could not be taken listed with the reason."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.roles import Role
from permits import services
from permits.models import Application
from tests.conftest import PASSWORD
from tests.helpers import error_at
from workflow.table import Status

pytestmark = pytest.mark.django_db

# A Monday morning, at the start of a TOTP step.
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_of(user, *, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def signed_in(client, user):
    client.force_login(user)  # adds the authenticator device (tests/conftest.py)
    return client


def post(client, name, files, user, **overrides):
    data = {"files": [f.pk for f in files], "password": PASSWORD, "token": code_of(user)}
    data.update(overrides)
    return client.post(reverse("bulk_step", args=[name]), data)


def statuses(files) -> list[str]:
    return [Application.objects.get(pk=f.pk).status for f in files]


def test_the_kepala_dinas_signs_three_files_in_one_go(client, staff, file_at):
    kadis = staff[Role.KEPALA_DINAS]
    files = [file_at(Status.INITIALED) for _ in range(4)]
    signed_in(client, kadis)

    page = client.get(reverse("bulk_step", args=["sign"]))
    body = page.content.decode()
    assert "4 berkas menunggu" in body
    for application in files:
        assert application.registration_number in body
        assert reverse("pdf_draft", args=[application.pk]) in body  # the draft, one click away

    response = post(client, "sign", files[:3], kadis)

    assert response.status_code == 302
    assert response.url == reverse("bulk_result", args=["sign"])
    assert statuses(files) == [Status.SIGNED] * 3 + [Status.INITIALED]
    for application in files[:3]:
        entry = application.control_card.get(transition="sign")
        assert entry.actor == kadis
    result = client.get(response.url).content.decode()
    assert "3 berkas berhasil" in result
    assert "tidak dapat diproses" not in result


def test_the_password_is_derived_once_for_all_the_files(client, staff, file_at, monkeypatch):
    kadis = staff[Role.KEPALA_DINAS]
    files = [file_at(Status.INITIALED) for _ in range(3)]
    signed_in(client, kadis)
    checks = []
    original = User.check_password
    monkeypatch.setattr(
        User, "check_password", lambda self, raw: checks.append(raw) or original(self, raw)
    )

    post(client, "sign", files, kadis)

    assert statuses(files) == [Status.SIGNED] * 3
    assert len(checks) == 1


def test_a_file_taken_meanwhile_is_listed_with_its_reason_and_the_others_go_on(
    client, staff, file_at
):
    kadis = staff[Role.KEPALA_DINAS]
    files = [file_at(Status.INITIALED) for _ in range(3)]
    signed_in(client, kadis)
    # Between the list and the click, the middle file is sent back from its own page.
    services.perform_transition(
        application_id=files[1].pk,
        name="send_back_by_head",
        actor=kadis,
        data=services.StepInput(note="Nama perusahaan salah"),
    )

    response = post(client, "sign", files, kadis)

    assert statuses(files) == [Status.SIGNED, Status.PROCESSED, Status.SIGNED]
    result = client.get(response.url).content.decode()
    assert "2 berkas berhasil, 1 tidak dapat diproses" in result
    assert files[1].registration_number in result
    assert "sudah diproses oleh petugas lain" in result


def test_a_wrong_password_signs_nothing_and_spends_no_code(client, staff, file_at):
    kadis = staff[Role.KEPALA_DINAS]
    files = [file_at(Status.INITIALED) for _ in range(2)]
    signed_in(client, kadis)

    response = post(client, "sign", files, kadis, password="salah-sekali")

    assert response.status_code == 200
    assert error_at(response, "id_password") == "Kata sandi salah."
    assert "Belum ada berkas yang diproses" in response.content.decode()
    assert statuses(files) == [Status.INITIALED] * 2
    # The boxes stay ticked, and the same code still works with the right password.
    assert response.content.decode().count("checked") == 2
    post(client, "sign", files, kadis)
    assert statuses(files) == [Status.SIGNED] * 2


def test_a_wrong_or_spent_code_signs_nothing(client, staff, file_at, clock):
    kadis = staff[Role.KEPALA_DINAS]
    files = [file_at(Status.INITIALED) for _ in range(2)]
    signed_in(client, kadis)

    wrong = post(client, "sign", files, kadis, token="000000")
    assert "Kode tidak cocok" in error_at(wrong, "id_token")
    letters = post(client, "sign", files, kadis, token="12ab")
    assert "6 angka" in error_at(letters, "id_token")
    assert statuses(files) == [Status.INITIALED] * 2

    clock.shift(31)  # past the throttle of the wrong code, onto the next step
    post(client, "sign", files[:1], kadis)
    spent = post(client, "sign", files[1:], kadis)  # the same code again, same 30 seconds
    assert "baru saja dipakai" in error_at(spent, "id_token")
    assert statuses(files) == [Status.SIGNED, Status.INITIALED]


def test_nothing_ticked_is_said_next_to_the_list(client, staff, file_at):
    kadis = staff[Role.KEPALA_DINAS]
    file_at(Status.INITIALED)
    signed_in(client, kadis)

    response = post(client, "sign", [], kadis)

    assert error_at(response, "id_files") == "Pilih minimal satu berkas."


def test_kabid_initials_in_one_go_and_the_home_page_offers_it(client, staff, file_at):
    kabid = staff[Role.KABID]
    files = [file_at(Status.PRINTED) for _ in range(2)]
    signed_in(client, kabid)

    home = client.get(reverse("home")).content.decode()
    assert reverse("bulk_step", args=["initial"]) in home
    assert reverse("bulk_step", args=["sign"]) not in home

    post(client, "initial", files, kabid)
    assert statuses(files) == [Status.INITIALED] * 2


@pytest.mark.parametrize(
    ("role", "name", "status_code"),
    [
        (Role.KABID, "sign", 403),
        (Role.FO, "initial", 403),
        (Role.KEPALA_DINAS, "initial", 403),
        (Role.KEPALA_DINAS, "send_back_by_head", 404),  # not a step taken in bulk
        (Role.BAGIAN_UMUM, "number", 404),  # numbering is a batch in the background
    ],
)
def test_only_the_steps_role_opens_a_bulk_page(client, staff, role, name, status_code):
    signed_in(client, staff[role])
    assert client.get(reverse("bulk_step", args=[name])).status_code == status_code


def test_the_empty_list_says_so(client, staff):
    signed_in(client, staff[Role.KEPALA_DINAS])
    body = client.get(reverse("bulk_step", args=["sign"])).content.decode()
    assert "Tidak ada berkas yang menunggu untuk ditandatangani." in body


def test_the_bulk_list_costs_the_same_queries_for_2_files_as_for_6(client, staff, file_at):
    signed_in(client, staff[Role.KEPALA_DINAS])
    url = reverse("bulk_step", args=["sign"])
    for _ in range(2):
        file_at(Status.INITIALED)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        file_at(Status.INITIALED)
    with CaptureQueriesContext(connection) as more:
        body = client.get(url).content.decode()
    assert "6 berkas menunggu" in body
    assert len(more) == len(few)


def test_the_result_page_without_a_bulk_step_sends_back_to_the_list(client, staff):
    signed_in(client, staff[Role.KEPALA_DINAS])
    response = client.get(reverse("bulk_result", args=["sign"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("bulk_step", args=["sign"])
    assert "Belum ada hasil tindakan sekaligus" in response.content.decode()
