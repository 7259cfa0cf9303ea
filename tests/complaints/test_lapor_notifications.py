"""LAPOR!'s signed notifications: each refusal with its status and a JSON error, never a 500."""

import json
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint, LaporNotification, LaporSyncRun
from notices import signatures
from tests.complaints import fake_lapor
from tests.complaints.fake_lapor import report


@pytest.fixture
def lapor_server(settings):
    yield from fake_lapor.serving(settings)


URL = "/pengaduan/lapor/notifikasi/"
SECRET = "rahasia-notifikasi-lapor-uji"
BODY = json.dumps({"event": "complaint.forwarded", "complaint_id": "LPR-0001"}).encode()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def secret(settings):
    settings.LAPOR_WEBHOOK_SECRET = SECRET


def headers_for(body: bytes = BODY, *, secret: str = SECRET, now=None, delivery=None) -> dict:
    delivery = uuid.uuid4().hex if delivery is None else delivery
    signed = signatures.sign(secret, body, delivery_id=delivery, now=now)
    return {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in signed.items()}


def post(client, body: bytes = BODY, content_type="application/json", **headers):
    return client.post(URL, data=body, content_type=content_type, **headers)


def error_of(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["message"]
    return error["code"]


def test_a_signed_notification_is_accepted_and_syncs(
    client, lapor_server, django_capture_on_commit_callbacks
):
    lapor_server.forward(report("LPR-0001"))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, **headers_for())

    assert response.status_code == 202
    assert response.json() == {"status": "accepted"}
    assert Complaint.objects.filter(lapor_id="LPR-0001").exists()
    assert LaporSyncRun.objects.get().ok


def test_an_unsigned_notification_is_refused(client):
    assert error_of(post(client), 401) == "unsigned"


def test_a_wrong_signature_is_refused(client):
    assert error_of(post(client, **headers_for(secret="rahasia-lain")), 401) == "bad_signature"


def test_a_changed_body_is_refused(client):
    tampered = BODY.replace(b"LPR-0001", b"LPR-9999")
    assert error_of(post(client, tampered, **headers_for(BODY)), 401) == "bad_signature"


def test_a_stale_notification_is_refused(client):
    old = headers_for(now=time.time() - 600)
    assert error_of(post(client, **old), 401) == "stale_timestamp"


def test_a_garbled_timestamp_is_refused_not_a_500(client):
    headers = headers_for() | {"HTTP_X_KENDALI_TIMESTAMP": "kemarin"}
    assert error_of(post(client, **headers), 401) == "bad_signature_format"


def test_a_replay_is_refused(client):
    headers = headers_for()
    assert post(client, **headers).status_code == 202

    assert error_of(post(client, **headers), 409) == "replayed"


def test_a_replay_under_a_new_delivery_id_is_refused_too(client):
    headers = headers_for()
    assert post(client, **headers).status_code == 202

    # The signature covers the delivery id: under a new id the old signature no longer fits.
    again = headers | {"HTTP_X_KENDALI_DELIVERY": uuid.uuid4().hex}
    assert error_of(post(client, **again), 401) == "bad_signature"


def test_a_notification_without_a_delivery_id_is_refused(client):
    # Signed over an empty id, so the signature holds and the missing id is what is named.
    headers = headers_for(delivery="")
    del headers["HTTP_X_KENDALI_DELIVERY"]
    assert error_of(post(client, **headers), 400) == "bad_delivery_id"


def test_malformed_json_is_refused(client):
    body = b'{"event": "complaint.forwarded",'
    assert error_of(post(client, body, **headers_for(body)), 400) == "malformed_json"


def test_json_that_is_not_an_object_is_refused(client):
    body = b'["complaint.forwarded"]'
    assert error_of(post(client, body, **headers_for(body)), 400) == "malformed_json"


def test_another_content_type_is_refused(client):
    body = b"event=complaint.forwarded"
    response = post(client, body, "application/x-www-form-urlencoded", **headers_for(body))
    assert error_of(response, 415) == "not_json"


def test_a_body_over_64_kb_is_refused_before_it_is_read(client):
    body = json.dumps({"event": "x", "padding": "a" * 65 * 1024}).encode()
    assert error_of(post(client, body, **headers_for(body)), 413) == "too_large"


def test_other_methods_are_refused(client):
    response = client.get(URL)
    assert error_of(response, 405) == "method_not_allowed"
    assert response["Allow"] == "POST"
    assert error_of(client.put(URL, data=BODY), 405) == "method_not_allowed"


def test_without_a_secret_nothing_is_accepted(client, settings):
    settings.LAPOR_WEBHOOK_SECRET = ""
    assert error_of(post(client, **headers_for()), 503) == "not_configured"


def test_seen_ids_are_kept_a_day(client):
    LaporNotification.objects.create(
        delivery_id="lama", signature="a" * 64, received_at=timezone.now() - timedelta(days=2)
    )
    LaporNotification.objects.create(
        delivery_id="baru", signature="b" * 64, received_at=timezone.now() - timedelta(hours=2)
    )

    assert post(client, **headers_for()).status_code == 202

    assert set(LaporNotification.objects.values_list("delivery_id", flat=True)) >= {"baru"}
    assert not LaporNotification.objects.filter(delivery_id="lama").exists()
    assert LaporNotification.objects.count() == 2
