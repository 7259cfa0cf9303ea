"""The WhatsApp adapter against a fake Graph API on loopback: success and every failure (issue 15).

The fake answers like the Cloud API: it checks the bearer token and the phone number id, and
replies with the scripted status, body, headers and delay.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notices import whatsapp

NUMBER_ID = "109876543210"
TOKEN = "EAAG-uji-rahasia"


class FakeGraph:
    def __init__(self):
        self.requests: list[tuple[str, dict, dict]] = []
        self.replies: list[tuple[int, bytes, dict, float]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((self.path, dict(self.headers), body))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    status, raw, headers, delay = 401, error_body(190, "Invalid OAuth"), {}, 0
                elif fake.replies:
                    status, raw, headers, delay = fake.replies.pop(0)
                else:
                    status, raw, headers, delay = 200, success_body(body["to"]), {}, 0
                time.sleep(delay)
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v21.0"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reply(self, status: int, body: bytes, headers: dict | None = None, delay: float = 0):
        self.replies.append((status, body, headers or {}, delay))


def success_body(to: str) -> bytes:
    return json.dumps(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": "wamid.HBgNNjI4MTIzNDU2Nzg5MA"}],
        }
    ).encode()


def error_body(code: int, message: str) -> bytes:
    return json.dumps(
        {"error": {"message": message, "type": "OAuthException", "code": code}}
    ).encode()


@pytest.fixture
def graph(settings):
    fake = FakeGraph()
    settings.WHATSAPP_API_URL = fake.url
    settings.WHATSAPP_PHONE_NUMBER_ID = NUMBER_ID
    settings.WHATSAPP_ACCESS_TOKEN = TOKEN
    settings.WHATSAPP_TIMEOUT = 1
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def send():
    return whatsapp.send_template(
        to="+6281234567890",
        template="kendali_tanda_terima",
        parameters=["Siti  Aminah", "Surat Izin\nPraktik Bidan", "SIPB-2026-00001"],
    )


def refused(**kwargs) -> whatsapp.DeliveryError:
    with pytest.raises(whatsapp.DeliveryError) as error:
        send()
    assert TOKEN not in error.value.message
    return error.value


def test_a_template_message_is_sent_as_the_cloud_api_expects(graph):
    assert send() == "wamid.HBgNNjI4MTIzNDU2Nzg5MA"

    [(path, headers, body)] = graph.requests
    assert path == f"/v21.0/{NUMBER_ID}/messages"
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "kendali_tanda_terima",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Siti Aminah"},
                        {"type": "text", "text": "Surat Izin Praktik Bidan"},
                        {"type": "text", "text": "SIPB-2026-00001"},
                    ],
                }
            ],
        },
    }


def test_a_wrong_token_is_not_retried(graph, settings):
    settings.WHATSAPP_ACCESS_TOKEN = "token-lama"
    error = refused()
    assert (error.retry, error.retry_after) == (False, None)
    assert "Token akses WhatsApp ditolak" in error.message
    assert "token-lama" not in error.message


def test_a_rate_limit_is_retried_after_the_wait_it_asks(graph):
    graph.reply(429, error_body(130429, "Rate limit hit"), {"Retry-After": "30"})
    error = refused()
    assert (error.retry, error.retry_after) == (True, 30.0)


def test_a_rate_limit_without_a_wait_is_retried(graph):
    graph.reply(429, error_body(130429, "Rate limit hit"))
    error = refused()
    assert (error.retry, error.retry_after) == (True, None)


def test_a_server_error_is_retried(graph):
    graph.reply(500, b"<html>Internal Server Error</html>")
    error = refused()
    assert error.retry
    assert "HTTP 500" in error.message


def test_a_time_out_is_retried_and_says_so(graph):
    graph.reply(200, success_body("6281234567890"), delay=2)
    started = time.monotonic()
    error = refused()
    assert time.monotonic() - started < 1.9  # gave up at the 1-second time-out
    assert error.retry
    assert "tidak menjawab dalam 1 detik" in error.message


def test_garbage_is_retried(graph):
    graph.reply(200, b"\x00\xffbukan json")
    error = refused()
    assert error.retry
    assert "tidak dapat dibaca" in error.message


def test_a_number_without_whatsapp_is_not_retried(graph):
    graph.reply(400, error_body(131026, "Message undeliverable"))
    error = refused()
    assert not error.retry
    assert "bukan akun WhatsApp" in error.message


def test_a_template_not_approved_is_not_retried(graph):
    graph.reply(404, error_body(132001, "Template name does not exist in the translation"))
    error = refused()
    assert not error.retry
    assert "Templat pesan WhatsApp tidak ada" in error.message


def test_an_unreachable_server_is_retried(graph, settings):
    graph.server.shutdown()
    graph.server.server_close()
    error = refused()
    assert error.retry
    assert "tidak dapat dihubungi" in error.message


def test_without_configuration_nothing_is_sent(settings):
    settings.WHATSAPP_ACCESS_TOKEN = ""
    assert not whatsapp.is_configured()
    error = refused()
    assert not error.retry
    assert "belum dikonfigurasi" in error.message
