"""Every public page counts requests per address: the limit is allowed, the next is refused
with 429 and the Indonesian message, another address is still served, and the window ends.

Limits and windows come from the Throttle constants (tracking/throttle.py), so changing
a limit does not break these tests. A window closes by timezone.now(), which time-machine
moves; the counters are rows, rolled back after each test.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Category, Complaint
from complaints.services import NewComplaint
from complaints.skm import ELEMENTS
from office.throttle import (
    COMPLAINT_POSTS,
    FAILED_LOOKUPS,
    LOOKUPS,
    TOO_MANY_ATTEMPTS,
    VERIFY_UPLOADS,
    Throttle,
)
from workflow.table import Status

ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"


@dataclass(frozen=True)
class Public:
    """One public page and what one request to it counts against."""

    name: str
    throttle: Throttle
    send: Callable  # (client, world, address) -> response


@pytest.fixture
def world(file_at):
    """A handed-over file (with its permit) and a complaint, as a visitor would meet them."""
    application = file_at(Status.HANDED_OVER)
    complaint = complaint_services.submit_complaint(
        data=NewComplaint(
            category=Category.TIME,
            subject="Izin belum terbit",
            description="Sudah lewat jangka waktu pelayanan.",
            name="Siti Rahmawati",
            email="siti@contoh.co.id",
        )
    )
    return {"application": application, "complaint": complaint}


def pair(world, *, right: bool) -> dict:
    application = world["application"]
    return {
        "no": application.registration_number,
        "kode": application.tracking_code if right else "ZZZZZZZZ",
    }


def complaint_form(**overrides) -> dict:
    return {
        "name": "Ahmad Fauzi",
        "email": "ahmad@contoh.co.id",
        "phone": "0812 3456 7890",
        "related_number": "IUPI-2026-00001",
        "category": "time",
        "subject": "Berkas belum selesai",
        "description": "Sudah lewat lima hari kerja sejak tanda terima.",
        "situs_web": "",
        **overrides,
    }


def survey_answers(world, **overrides) -> dict:
    return {
        **pair(world, right=True),
        "gender": "P",
        "age_band": "31-40",
        "education": "s1",
        "occupation": "wirausaha",
        "suggestion": "Ruang tunggu perlu kursi tambahan.",
        "situs_web": "",
        **{element.code: "3" for element in ELEMENTS},
        **overrides,
    }


def verify_url(world) -> str:
    return f"/verifikasi/{world['application'].permit.verification_code}/"


PUBLIC_PAGES = [
    Public(
        "lacak, pasangan salah",
        FAILED_LOOKUPS,
        lambda c, w, a: c.post("/lacak/", pair(w, right=False), REMOTE_ADDR=a),
    ),
    Public(
        "lacak, pasangan benar",
        LOOKUPS,
        lambda c, w, a: c.get("/lacak/", pair(w, right=True), REMOTE_ADDR=a),
    ),
    Public(
        "unduh, pasangan salah",
        FAILED_LOOKUPS,
        lambda c, w, a: c.post("/lacak/unduh/", pair(w, right=False), REMOTE_ADDR=a),
    ),
    Public(
        "unduh, pasangan benar",
        LOOKUPS,
        lambda c, w, a: c.post("/lacak/unduh/", pair(w, right=True), REMOTE_ADDR=a),
    ),
    Public(
        "verifikasi, kode tidak dikenal",
        FAILED_LOOKUPS,
        lambda c, w, a: c.get("/verifikasi/TIDAKADA123/", REMOTE_ADDR=a),
    ),
    Public(
        "verifikasi, unggah PDF",
        VERIFY_UPLOADS,
        lambda c, w, a: c.post(
            verify_url(w),
            {"document": SimpleUploadedFile("izin.pdf", b"bukan pdf")},
            REMOTE_ADDR=a,
        ),
    ),
    Public(
        "pengaduan, kirim formulir",
        COMPLAINT_POSTS,
        lambda c, w, a: c.post("/pengaduan/", complaint_form(), REMOTE_ADDR=a),
    ),
    Public(
        "status pengaduan, tiket salah",
        FAILED_LOOKUPS,
        lambda c, w, a: c.post("/pengaduan/status/", {"tiket": "ZZZZZZZZZZ"}, REMOTE_ADDR=a),
    ),
    Public(
        "status pengaduan, tiket benar",
        LOOKUPS,
        lambda c, w, a: c.get(
            "/pengaduan/status/", {"tiket": w["complaint"].ticket}, REMOTE_ADDR=a
        ),
    ),
    Public(
        "survei, pasangan salah",
        FAILED_LOOKUPS,
        lambda c, w, a: c.get("/survei/", pair(w, right=False), REMOTE_ADDR=a),
    ),
    Public(
        "survei, pasangan benar",
        LOOKUPS,
        lambda c, w, a: c.get("/survei/", pair(w, right=True), REMOTE_ADDR=a),
    ),
    Public(
        "survei, kirim jawaban tidak lengkap",
        LOOKUPS,
        lambda c, w, a: c.post("/survei/", survey_answers(w, u1=""), REMOTE_ADDR=a),
    ),
]


def text(response) -> str:
    return "" if response.streaming else response.content.decode()  # a download streams


def refused(response) -> bool:
    return response.status_code == 429 and TOO_MANY_ATTEMPTS in text(response)


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=lambda page: page.name)
def test_a_public_page_serves_its_limit_per_address_then_refuses_until_the_window_ends(
    client, world, page
):
    opened = timezone.now()
    with time_machine.travel(opened, tick=False):
        for attempt in range(page.throttle.limit):
            response = page.send(client, world, ADDRESS)
            assert response.status_code != 429, f"refused already at request {attempt + 1}"

        assert refused(page.send(client, world, ADDRESS))
        assert not refused(page.send(client, world, OTHER_ADDRESS))

    with time_machine.travel(opened + timedelta(seconds=page.throttle.window - 1), tick=False):
        assert refused(page.send(client, world, ADDRESS))

    with time_machine.travel(opened + timedelta(seconds=page.throttle.window + 1), tick=False):
        response = page.send(client, world, ADDRESS)
        assert response.status_code != 429
        assert TOO_MANY_ATTEMPTS not in text(response)


def test_the_verification_page_of_a_real_permit_is_counted_too(client, world):
    for _ in range(LOOKUPS.limit):
        client.get(verify_url(world), REMOTE_ADDR=ADDRESS)

    assert client.get(verify_url(world), REMOTE_ADDR=ADDRESS).status_code == 429


@pytest.mark.django_db
def test_a_refused_complaint_shows_everything_typed_again(client):
    for _ in range(COMPLAINT_POSTS.limit):
        client.post("/pengaduan/", {}, REMOTE_ADDR=ADDRESS)

    response = client.post(
        "/pengaduan/",
        complaint_form(
            subject="Antrean loket terlalu lama",
            anonymous="on",
            confidential="on",
            attachment=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n"),
        ),
        REMOTE_ADDR=ADDRESS,
    )

    html = response.content.decode()
    assert refused(response)
    assert not Complaint.objects.exists()
    form = response.context["form"]
    assert form["subject"].value() == "Antrean loket terlalu lama"
    assert form["related_number"].value() == "IUPI-2026-00001"
    assert form["phone"].value() == "0812 3456 7890"
    assert form["anonymous"].value() and form["confidential"].value()
    assert 'value="Antrean loket terlalu lama"' in html
    assert "lampiran yang tadi dipilih belum tersimpan" in html


def test_refused_survey_answers_are_shown_again_to_send_later(client, world):
    for _ in range(LOOKUPS.limit):
        client.get("/survei/", pair(world, right=True), REMOTE_ADDR=ADDRESS)

    response = client.post(
        "/survei/", survey_answers(world, u3="1", suggestion="Tambah kursi."), REMOTE_ADDR=ADDRESS
    )

    html = response.content.decode()
    assert refused(response)
    form = response.context["form"]
    assert form["u3"].value() == "1"
    assert form["suggestion"].value() == "Tambah kursi."
    assert form["gender"].value() == "P"
    assert "Tambah kursi." in html
    # Nothing about the file is shown before its pair has been checked.
    assert world["application"].company_name not in html

    with time_machine.travel(timezone.now() + timedelta(seconds=LOOKUPS.window + 1)):
        sent = client.post("/survei/", survey_answers(world), REMOTE_ADDR=ADDRESS)
    assert sent.status_code == 302


@pytest.mark.django_db
def test_the_daily_job_deletes_only_closed_windows(rf):
    from django.core.management import call_command

    from office.models import RequestCount

    here, there = rf.get("/", REMOTE_ADDR=ADDRESS), rf.get("/", REMOTE_ADDR=OTHER_ADDRESS)
    opened = timezone.now()
    with time_machine.travel(opened, tick=False):
        COMPLAINT_POSTS.hit(here)
    with time_machine.travel(opened + timedelta(seconds=COMPLAINT_POSTS.window - 60), tick=False):
        COMPLAINT_POSTS.hit(there)
    with time_machine.travel(opened + timedelta(seconds=COMPLAINT_POSTS.window + 1), tick=False):
        call_command("clear_request_counts", stdout=io.StringIO())

    assert list(RequestCount.objects.values_list("key", flat=True)) == [
        COMPLAINT_POSTS.key_for(there)
    ]
