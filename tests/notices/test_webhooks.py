"""Outgoing events: recorded with the step, signed, retried, never personal unless allowed (#17).

A fake receiver on loopback checks every signature with notices.signatures.check (as an
integrator's server would) and answers as each test scripts it: a status, a delay, or bytes
that are not HTTP at all. Tasks run with the immediate backend once the commit callbacks run.
"""

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import ComplaintTier
from complaints.services import ActionInput
from notices import signatures, webhook_sender, webhooks
from notices.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from office.roles import Role
from permits import events as permit_events
from permits.models import Applicant, Permit
from permits.services import perform_transition
from permits.step_work import StepInput
from tests.complaints.conftest import new_complaint
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Status

REASON = "Lokasi pabrik berada di luar kawasan peruntukan industri."
# The applicant of the file under test, with values no public field could hold by chance.
PERSON = {
    "name": "Siti Nurhaliza Wibowo",
    "nik": "1602015501900003",
    "npwp": "0912345678901234",
    "email": "siti.wibowo@contoh.co.id",
    "phone": "081299887766",
    "address": "Jl. Kenanga No. 17, Kayuagung",
}


class FakeReceiver:
    """An integrator's endpoint: verifies signatures, records requests, answers as scripted."""

    def __init__(self):
        self.secrets: dict[str, str] = {}  # path -> the secret it verifies with
        self.requests: list[dict] = []
        self.replies: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                secret = fake.secrets.get(self.path, "")
                fake.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "refusal": signatures.check(secret, self.headers, body),
                    }
                )
                reply = fake.replies.pop(0) if fake.replies else {}
                time.sleep(reply.get("delay", 0))
                if "raw" in reply:
                    self.wfile.write(reply["raw"])
                    return
                raw = reply.get("body", b'{"ok":true}')
                self.send_response(reply.get("status", 200))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that gave up (the time-out test) is not an error here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reply(self, status: int = 200, body: bytes = b"", **extra):
        self.replies.append({"status": status, "body": body, **extra})

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_TIMEOUT = 1
    fake = FakeReceiver()
    yield fake
    fake.stop()


@pytest.fixture
def endpoint(db, receiver):
    """Factory: an endpoint on the fake receiver, at its own path, verified with its secret."""
    counter = iter(range(100))

    def build(*events, personal=False, active=True) -> WebhookEndpoint:
        path = f"/hook/{next(counter)}"
        made = WebhookEndpoint.objects.create(
            name=f"Penerima {path}",
            url=receiver.url + path,
            events=list(events) or [WebhookEvent.FILE_STEP],
            personal=personal,
            active=active,
        )
        receiver.secrets[path] = made.secret
        return made

    return build


def reject(application, staff):
    return perform_transition(
        application_id=application.pk,
        name="reject",
        actor=staff[Role.BACK_OFFICE],
        data=StepInput(note=REASON),
    )


def receipted_file(file_at):
    """A file at step 2 whose applicant has the values of PERSON."""
    application = file_at(Status.RECEIPTED)
    Applicant.objects.filter(pk=application.applicant_id).update(**PERSON)
    return application


def sent_bodies(receiver) -> list[dict]:
    return [json.loads(request["body"]) for request in receiver.requests]


# --- what a step publishes, to whom ----------------------------------------------------------


def test_a_step_is_delivered_once_to_each_subscribed_active_endpoint(
    file_at, staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    application = receipted_file(file_at)
    first, second = endpoint(WebhookEvent.FILE_STEP), endpoint(WebhookEvent.FILE_STEP)
    endpoint(WebhookEvent.COMPLAINT_CLOSED)  # another event
    endpoint(WebhookEvent.FILE_STEP, active=False)

    with django_capture_on_commit_callbacks(execute=True):
        reject(application, staff)

    deliveries = list(WebhookDelivery.objects.order_by("endpoint_id"))
    assert [d.endpoint for d in deliveries] == [first, second]
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    assert {d.last_status_code for d in deliveries} == {200}
    assert sorted(r["path"] for r in receiver.requests) == sorted(
        [first.url.removeprefix(receiver.url), second.url.removeprefix(receiver.url)]
    )
    one, two = sent_bodies(receiver)
    # One event, one id, whichever endpoint hears it; each message has its own delivery id.
    assert one["event_id"] == two["event_id"] == str(deliveries[0].event_id)
    assert len({r["headers"]["x-kendali-delivery"] for r in receiver.requests}) == 2
    assert one["event"] == "file.step"
    data = one["data"]
    assert data["registration_number"] == application.registration_number
    assert (data["transition"], data["status"], data["from_status"]) == (
        "reject",
        "rejected",
        "receipted",
    )
    assert data["status_label"] == "Ditolak"
    assert data["service_code"] == application.standard.service.code
    assert data["permit_number"] is None
    assert data["due_on"]  # the clock started at the receipt


def test_the_public_body_carries_no_personal_data_the_allowed_endpoint_does(
    file_at, staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    application = receipted_file(file_at)
    plain, trusted = endpoint(), endpoint(personal=True)
    company = application.company_name

    with django_capture_on_commit_callbacks(execute=True):
        reject(application, staff)

    public = WebhookDelivery.objects.get(endpoint=plain).body
    personal = WebhookDelivery.objects.get(endpoint=trusted).body
    assert {r["body"].decode() for r in receiver.requests} == {public, personal}
    for value in [*PERSON.values(), company, REASON]:
        assert value not in public
        assert value in personal
    data = json.loads(personal)["data"]
    assert data["applicant"]["nik"] == PERSON["nik"]
    assert data["note"] == REASON
    # Never sent, not even to the trusted one: the tracking code opens the applicant's page.
    application.refresh_from_db()
    assert application.tracking_code not in personal


def test_the_signature_verifies_with_the_endpoints_secret_only(
    file_at, staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    application = receipted_file(file_at)
    hook = endpoint()
    other = endpoint(WebhookEvent.COMPLAINT_CLOSED)

    with django_capture_on_commit_callbacks(execute=True):
        reject(application, staff)

    [request] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    headers, body = request["headers"], request["body"]
    assert request["refusal"] is None  # the receiver's own check passed
    assert signatures.check(hook.secret, headers_of(headers), body) is None
    assert signatures.check(other.secret, headers_of(headers), body) == signatures.MISMATCH
    assert headers["x-kendali-delivery"] == str(delivery.delivery_id)
    assert headers["x-kendali-event"] == "file.step"
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == "Kendali"
    assert body == delivery.body.encode()
    assert hook.secret not in body.decode()


def headers_of(lowered: dict) -> dict:
    names = (signatures.TIMESTAMP_HEADER, signatures.SIGNATURE_HEADER, signatures.DELIVERY_HEADER)
    return {name: lowered[name.lower()] for name in names}


def test_registration_and_numbering_publish_their_own_events(
    file_at, staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint(WebhookEvent.FILE_RECEIVED, WebhookEvent.PERMIT_ISSUED)
    with django_capture_on_commit_callbacks(execute=True):
        application = file_at(Status.SIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(
            application_id=application.pk, name="number", actor=staff[Role.BAGIAN_UMUM]
        )

    received, issued = sent_bodies(receiver)
    assert received["event"] == "file.received"
    assert (received["data"]["status"], received["data"]["step"]) == ("submitted", 1)
    assert received["data"]["registration_number"] == application.registration_number
    assert issued["event"] == "permit.issued"
    permit = Permit.objects.get(application=application)
    assert issued["data"]["permit_number"] == permit.number
    assert issued["data"]["permit_issued_on"] == permit.issued_on.isoformat()
    assert issued["data"]["status"] == "numbered"
    # The steps between were not asked for.
    assert WebhookDelivery.objects.count() == 2


# --- retries and failures ------------------------------------------------------------------


def test_a_retry_sends_the_same_body_signed_again_with_a_new_timestamp(
    file_at, staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    application = receipted_file(file_at)
    endpoint()
    receiver.reply(500, b"<html>Internal Server Error</html>")

    with django_capture_on_commit_callbacks(execute=True):
        reject(application, staff)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.RETRYING,
        1,
        500,
    )
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)

    later = timezone.now() + timedelta(minutes=1, seconds=5)
    assert webhook_sender.attempt(delivery.pk) == "belum waktunya"
    assert webhook_sender.attempt(delivery.pk, now=later) == "Terkirim"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SENT,
        2,
        200,
    )
    assert delivery.last_error == ""
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert first["headers"]["x-kendali-delivery"] == second["headers"]["x-kendali-delivery"]
    stamps = [int(r["headers"]["x-kendali-timestamp"]) for r in receiver.requests]
    assert stamps[1] - stamps[0] >= 60
    assert first["headers"]["x-kendali-signature"] != second["headers"]["x-kendali-signature"]
    assert [r["refusal"] for r in receiver.requests] == [None, None]
    # Sent: another run of the task sends nothing more.
    assert webhook_sender.attempt(delivery.pk, now=later) == "sudah selesai"
    assert len(receiver.requests) == 2


def test_retries_back_off_then_the_delivery_fails_with_its_error(endpoint, receiver):
    delivery = published(endpoint())
    now = timezone.now()
    waits = []
    for _ in range(webhook_sender.MAX_ATTEMPTS):
        receiver.reply(503)
        webhook_sender.attempt(delivery.pk, now=now)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at

    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 6)
    assert delivery.next_attempt_at is None
    assert "HTTP 503" in delivery.last_error


def published(hook: WebhookEndpoint, dedupe_key: str = "uji:1") -> WebhookDelivery:
    """A delivery of a test event, recorded as a step would (its task not run)."""
    [delivery] = webhooks.publish(
        WebhookEvent.FILE_STEP,
        public={"registration_number": "503/0001/IUPI/2026"},
        personal={"applicant": {"name": PERSON["name"]}},
        dedupe_key=dedupe_key,
    )
    assert delivery.endpoint == hook
    return delivery


def test_a_time_out_is_tried_again(endpoint, receiver):
    delivery = published(endpoint())
    receiver.reply(200, delay=2)

    started = time.monotonic()
    assert webhook_sender.attempt(delivery.pk) == "Akan dicoba lagi"
    assert time.monotonic() - started < 1.9  # gave up at WEBHOOK_TIMEOUT, 1 second

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.last_status_code is None
    assert "tidak menjawab dalam 1 detik" in delivery.last_error


def test_a_receiver_that_refuses_fails_at_once_without_leaking_the_secret(endpoint, receiver):
    hook = endpoint()
    delivery = published(hook)
    receiver.reply(410, f"gone; secret was {hook.secret}".encode())

    assert webhook_sender.attempt(delivery.pk) == "Gagal"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.FAILED,
        1,
        410,
    )
    assert delivery.next_attempt_at is None
    assert "Penerima menolak pesan (HTTP 410)" in delivery.last_error
    assert "gone; secret was [rahasia]" in delivery.last_error
    assert hook.secret not in delivery.last_error


@pytest.mark.parametrize(("status", "retried"), [(429, True), (408, True), (400, False)])
def test_rate_limits_and_request_time_outs_are_retried_other_4xx_are_not(
    endpoint, receiver, status, retried
):
    delivery = published(endpoint())
    receiver.reply(status)

    webhook_sender.attempt(delivery.pk)

    delivery.refresh_from_db()
    expected = DeliveryStatus.RETRYING if retried else DeliveryStatus.FAILED
    assert (delivery.status, delivery.last_status_code) == (expected, status)


def test_a_redirect_is_not_followed(endpoint, receiver):
    delivery = published(endpoint())
    receiver.replies.append({"status": 301, "body": b""})

    webhook_sender.attempt(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, 301)
    assert "pengalihan tidak diikuti" in delivery.last_error
    assert len(receiver.requests) == 1


def test_an_answer_that_is_not_http_is_tried_again(endpoint, receiver):
    delivery = published(endpoint())
    receiver.replies.append({"raw": b"\x00\xffbukan http sama sekali\r\n\r\n"})

    assert webhook_sender.attempt(delivery.pk) == "Akan dicoba lagi"

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "bukan HTTP yang sah" in delivery.last_error


def test_a_refused_connection_is_tried_again(endpoint):
    hook = endpoint()
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    WebhookEndpoint.objects.filter(pk=hook.pk).update(url=f"http://127.0.0.1:{port}/hook")
    delivery = published(hook)

    assert webhook_sender.attempt(delivery.pk) == "Akan dicoba lagi"

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "tidak dapat dihubungi (ConnectionRefusedError)" in delivery.last_error
    assert f":{port}" not in delivery.last_error  # the URL may carry a token: never logged


def test_a_deactivated_endpoint_gets_nothing_more(endpoint, receiver):
    hook = endpoint()
    delivery = published(hook)
    WebhookEndpoint.objects.filter(pk=hook.pk).update(active=False)

    assert webhook_sender.attempt(delivery.pk) == "Gagal"

    delivery.refresh_from_db()
    assert "tidak aktif" in delivery.last_error
    assert receiver.requests == []


# --- the outbox's promises -------------------------------------------------------------------


def test_a_rolled_back_step_queues_and_sends_nothing(
    file_at, staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    application = receipted_file(file_at)
    endpoint()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        reject(application, staff)
        raise RuntimeError("the request fails after the step")

    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_the_same_event_is_never_queued_twice(file_at, staff, endpoint, receiver):
    application = receipted_file(file_at)
    hook = endpoint()
    application = reject(application, staff)
    entry = ControlCardEntry.objects.get(application=application, transition="reject")
    spec = TRANSITIONS["reject"]

    permit_events.publish_step(application, spec, entry)  # the same step, published again
    later = endpoint()
    permit_events.publish_step(application, spec, entry)

    first, second = WebhookDelivery.objects.order_by("pk")
    assert (first.endpoint, second.endpoint) == (hook, later)
    # The late endpoint hears the same event: same id, same time.
    assert first.event_id == second.event_id
    assert json.loads(first.body)["occurred_at"] == json.loads(second.body)["occurred_at"]
    assert receiver.requests == []  # the test's transaction never committed


def test_a_failing_publication_neither_fails_nor_undoes_the_step(
    file_at, staff, endpoint, monkeypatch, caplog
):
    application = receipted_file(file_at)
    endpoint()

    def broken(*args, **kwargs):
        raise RuntimeError("payload builder bug")

    monkeypatch.setattr(permit_events, "file_data", broken)
    application = reject(application, staff)

    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert not WebhookDelivery.objects.exists()
    assert "tidak dapat dicatat" in caplog.text


def test_the_sweep_sends_a_delivery_whose_task_was_lost(file_at, staff, endpoint, receiver):
    application = receipted_file(file_at)
    endpoint()
    reject(application, staff)  # the commit callbacks never run: the task is "lost"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.queued_at) == (DeliveryStatus.PENDING, None)

    assert webhook_sender.sweep(now=timezone.now() + webhook_sender.LOST_AFTER) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.requests) == 1
    # Just queued, and sent: a second sweep (the beat runs it every few seconds) does nothing.
    assert webhook_sender.sweep() == 0
    assert webhook_sender.sweep(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(receiver.requests) == 1


def test_the_sweep_waits_for_a_retrys_time(endpoint, receiver):
    delivery = published(endpoint())
    receiver.reply(500)
    webhook_sender.attempt(delivery.pk)

    delivery.refresh_from_db()
    # Its task could not be deferred (the immediate backend), but it is not due yet.
    assert webhook_sender.sweep(now=delivery.next_attempt_at - timedelta(seconds=1)) == 0
    with time_machine.travel(delivery.next_attempt_at, tick=False):
        assert webhook_sender.sweep() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)


# --- complaints --------------------------------------------------------------------------------


def closed_complaint(staff, capture, *, final="close", **fields):
    officer = staff[Role.COMPLAINT_OFFICER]
    tier = ComplaintTier.objects.get(code="simple")
    complaint = complaint_services.submit_complaint(data=new_complaint(**fields))
    steps = ["verify", "assign", "answer", "close"] if final == "close" else [final]
    for name in steps:
        with capture(execute=True):
            complaint_services.perform_action(
                complaint_id=complaint.pk,
                name=name,
                actor=officer,
                data=ActionInput(
                    tier_id=tier.pk,
                    assignee_id=officer.pk,
                    reply="Jawaban untuk pelapor.",
                    note="Catatan internal petugas.",
                ),
            )
    complaint.refresh_from_db()
    return complaint


def test_a_closed_complaint_is_published_once_and_only_when_final(
    staff, endpoint, receiver, django_capture_on_commit_callbacks
):
    plain = endpoint(WebhookEvent.COMPLAINT_CLOSED)
    trusted = endpoint(WebhookEvent.COMPLAINT_CLOSED, personal=True)

    complaint = closed_complaint(staff, django_capture_on_commit_callbacks)

    # verify, assign and answer published nothing; close did, to each endpoint once.
    assert WebhookDelivery.objects.count() == 2
    assert len(receiver.requests) == 2
    public = json.loads(WebhookDelivery.objects.get(endpoint=plain).body)
    assert public["event"] == "complaint.closed"
    assert public["data"]["status"] == "closed"
    assert public["data"]["category"] == complaint.category
    assert public["data"]["closed_at"]
    raw = WebhookDelivery.objects.get(endpoint=plain).body
    for value in (complaint.name, complaint.email, complaint.phone, complaint.ticket):
        assert value not in raw
    personal = json.loads(WebhookDelivery.objects.get(endpoint=trusted).body)["data"]
    assert personal["complainant"] == {
        "name": complaint.name,
        "email": complaint.email,
        "phone": complaint.phone,
    }
    assert personal["ticket"] == complaint.ticket


@pytest.mark.parametrize("hidden", [{"anonymous": True}, {"confidential": True}])
def test_a_hidden_complainant_is_never_sent_even_to_a_trusted_endpoint(
    staff, endpoint, receiver, django_capture_on_commit_callbacks, hidden
):
    endpoint(WebhookEvent.COMPLAINT_CLOSED, personal=True)

    complaint = closed_complaint(
        staff, django_capture_on_commit_callbacks, final="decline_not_ours", **hidden
    )

    [request] = receiver.requests
    body = request["body"].decode()
    assert json.loads(body)["data"]["status"] == "not_our_matter"
    for value in ("Siti Rahmawati", "siti@contoh.co.id", "081234567890"):
        assert value not in body
    assert "complainant" not in json.loads(body)["data"]
    assert complaint.email  # kept by the office, just not sent


# --- the administrator ---------------------------------------------------------------------


def test_the_administrator_registers_an_endpoint_and_copies_its_secret(client, superuser):
    client.force_login(superuser)
    add = reverse("admin:notices_webhookendpoint_add")
    page = client.get(add).content.decode()
    assert 'type="checkbox" name="events" value="file.step"' in page
    assert "Izin terbit" in page

    response = client.post(
        add,
        {
            "name": "Dasbor Bupati",
            "url": "https://dasbor.okikab.go.id/kendali/peristiwa",
            "events": ["file.step", "permit.issued"],
            "active": "on",
        },
    )

    made = WebhookEndpoint.objects.get()
    assert response["Location"] == reverse("admin:notices_webhookendpoint_change", args=[made.pk])
    assert made.events == ["file.step", "permit.issued"]
    assert (made.personal, made.created_by) == (False, superuser)
    assert len(made.secret) >= 43
    page = client.get(response["Location"]).content.decode()
    assert made.secret in page
    assert "Salin ke sistem penerima" in page


def test_a_bad_endpoint_is_refused_with_its_reasons_and_nothing_saved(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:notices_webhookendpoint_add"),
        {"name": "Salah", "url": "ftp://dasbor.okikab.go.id/", "active": "on"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Masukkan alamat yang diawali https:// atau http://." in page
    assert "Pilih sedikitnya satu peristiwa." in page
    assert not WebhookEndpoint.objects.exists()


def test_the_administrator_rotates_a_secret(client, superuser, endpoint):
    hook = endpoint()
    old = hook.secret
    client.force_login(superuser)

    client.post(
        reverse("admin:notices_webhookendpoint_changelist"),
        {"action": "rotate_secret", "_selected_action": [hook.pk]},
    )

    hook.refresh_from_db()
    assert hook.secret != old
    assert len(hook.secret) >= 43


def test_the_log_shows_failures_and_the_administrator_resends_them(
    client, superuser, endpoint, receiver, django_capture_on_commit_callbacks
):
    hook = endpoint()
    failed = published(hook, "uji:gagal")
    sent = published(hook, "uji:terkirim")
    WebhookDelivery.objects.filter(pk=failed.pk).update(
        status=DeliveryStatus.FAILED, attempts=6, last_error="Penerima menjawab HTTP 503."
    )
    WebhookDelivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)
    client.force_login(superuser)

    endpoints = client.get(reverse("admin:notices_webhookendpoint_changelist")).content.decode()
    assert 'class="field-deliveries_24h">2<' in endpoints
    assert f"endpoint__id__exact={hook.pk}&amp;status__exact=failed" in endpoints
    url = reverse("admin:notices_webhookdelivery_changelist")
    page = client.get(url, {"q": str(failed.event_id)}).content.decode()
    assert "Penerima menjawab HTTP 503." in page
    assert client.get(url, {"q": "bukan-uuid"}).status_code == 200
    detail = client.get(reverse("admin:notices_webhookdelivery_change", args=[failed.pk]))
    assert failed.body.replace('"', "&quot;") in detail.content.decode()  # the exact body sent

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "resend", "_selected_action": [failed.pk, sent.pk]})

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.SENT, 1)
    assert len(receiver.requests) == 1  # the one already sent was not sent again


# --- notices.signatures.check, as a receiver uses it ------------------------------------------

SECRET = "rahasia-uji-yang-panjang"
BODY = b'{"event":"file.step","event_id":"0d1f"}'
NOW = 1_764_770_400


def signed(body: bytes = BODY, *, secret: str = SECRET, at: float = NOW) -> dict:
    return signatures.sign(secret, body, delivery_id="6f1c", now=at)


def test_a_signed_message_passes():
    assert signatures.check(SECRET, signed(), BODY, now=NOW + 10) is None


def test_an_unsigned_message_is_refused_as_unsigned():
    refusal = signatures.check(SECRET, {}, BODY, now=NOW)
    assert (refusal.status, refusal.code) == (401, "unsigned")
    headers = signed()
    del headers[signatures.SIGNATURE_HEADER]
    assert signatures.check(SECRET, headers, BODY, now=NOW) == signatures.UNSIGNED


def test_a_stale_or_future_timestamp_is_refused():
    headers = signed(at=NOW - 301)
    assert signatures.check(SECRET, headers, BODY, now=NOW) == signatures.STALE
    assert signatures.check(SECRET, signed(at=NOW + 301), BODY, now=NOW) == signatures.STALE
    assert signatures.check(SECRET, signed(at=NOW - 299), BODY, now=NOW) is None


def test_a_wrong_secret_or_a_tampered_body_is_refused():
    assert signatures.check("rahasia-lain", signed(), BODY, now=NOW) == signatures.MISMATCH
    tampered = BODY.replace(b"file.step", b"permit.issued")
    assert signatures.check(SECRET, signed(), tampered, now=NOW) == signatures.MISMATCH
    # A new timestamp on an old signature does not pass either.
    moved = {**signed(), signatures.TIMESTAMP_HEADER: str(NOW + 60)}
    assert signatures.check(SECRET, moved, BODY, now=NOW + 60) == signatures.MISMATCH


@pytest.mark.parametrize(
    "changes",
    [
        {signatures.TIMESTAMP_HEADER: "kemarin"},
        {signatures.SIGNATURE_HEADER: "v0=abcdef"},
        {signatures.SIGNATURE_HEADER: "v1="},
        {signatures.SIGNATURE_HEADER: "abcdef"},
    ],
)
def test_a_malformed_header_is_refused(changes):
    headers = {**signed(), **changes}
    refusal = signatures.check(SECRET, headers, BODY, now=NOW)
    assert refusal == signatures.MALFORMED
    assert refusal.status == 401


def test_the_signature_covers_the_delivery_id():
    # A captured message resent under a new id (to slip past the receiver's list) fails.
    renamed = {**signed(), signatures.DELIVERY_HEADER: "7a2d"}
    assert signatures.check(SECRET, renamed, BODY, now=NOW) == signatures.MISMATCH
