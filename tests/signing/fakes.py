"""Stand-ins started by the tests on loopback: a BSrE-style esign service and a TSA.

The esign fake answers `POST /api/v2/sign/pdf` as docs/signing.md describes, signing with a
PKCS#12 key through pyHanko; `mode` makes it answer errors, garbage, or sleep past the
client's time-out. The TSA fake answers RFC 3161 requests with pyHanko's DummyTimeStamper.
"""

import asyncio
import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from permits.signing.base import SignatureBox
from permits.signing.pkcs12 import sign_with_pyhanko

NIK = "1602010101800001"
PASSPHRASE = "rahasia-tte-uji"
CLIENT_ID = "kendali"
CLIENT_SECRET = "rahasia-klien"


@dataclass
class FakeEsign:
    simple_signer: object
    mode: str = "ok"  # ok | 500 | 403 | sleep | garbage | not_pdf | other_pdf | unsigned
    sleep_seconds: float = 1.5
    requests: list = field(default_factory=list)
    url: str = ""
    tsa_url: str = ""  # the service's own TSA, for its signature timestamp (none: B-B)

    def answer(self, handler) -> tuple[int, bytes]:
        length = int(handler.headers.get("Content-Length") or 0)
        body = json.loads(handler.rfile.read(length) or b"{}")
        self.requests.append({"path": handler.path, "headers": dict(handler.headers), "body": body})
        if handler.path != "/api/v2/sign/pdf":
            return 404, json.dumps({"status_code": 404, "error": "Not found"}).encode()
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            return 403, json.dumps({"status_code": 403, "error": "Klien tidak dikenal"}).encode()
        if self.mode == "sleep":
            time.sleep(self.sleep_seconds)
        if self.mode == "500":
            return 500, json.dumps({"status_code": 500, "error": "Internal server error"}).encode()
        if self.mode == "garbage":
            return 200, b"<html>Gateway sedang pemeliharaan</html>"
        if body.get("nik") != NIK or body.get("passphrase") != PASSPHRASE:
            return 401, json.dumps({"status_code": 2031, "error": "Passphrase anda salah"}).encode()
        pdf = base64.b64decode(body["file"][0])
        if self.mode == "not_pdf":
            return 200, json.dumps({"file": [base64.b64encode(b"bukan pdf").decode()]}).encode()
        if self.mode == "unsigned":
            return 200, json.dumps({"file": [base64.b64encode(pdf + b"\n").decode()]}).encode()
        props = body["signatureProperties"][0]
        box = SignatureBox(
            page=int(props["page"]) - 1,
            x=float(props["originX"]),
            y=float(props["originY"]),
            width=float(props["width"]),
            height=float(props["height"]),
        )
        if self.mode == "other_pdf":  # sign a different document: the second header line
            start = pdf.index(b"\n") + 2
            end = pdf.index(b"\n", start)
            pdf = pdf[:start] + b"X" * (end - start) + pdf[end:]
        signed = sign_with_pyhanko(
            pdf,
            self.simple_signer,
            field=box,
            reason=props.get("reason", ""),
            signer_name="BSrE uji",
            location=props.get("location", ""),
            tsa_url=self.tsa_url or None,
        )
        return 200, json.dumps({"file": [base64.b64encode(signed).decode()]}).encode()


@dataclass
class FakeTsa:
    timestamper: object
    requests: int = 0
    url: str = ""

    def answer(self, handler) -> tuple[int, bytes]:
        from asn1crypto import tsp

        length = int(handler.headers.get("Content-Length") or 0)
        request = tsp.TimeStampReq.load(handler.rfile.read(length))
        self.requests += 1
        response = asyncio.run(self.timestamper.async_request_tsa_response(request))
        return 200, response.dump()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        status, body = self.server.fake.answer(self)
        content_type = (
            "application/timestamp-reply"
            if isinstance(self.server.fake, FakeTsa)
            else "application/json"
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out)
            pass

    def log_message(self, format, *args):  # keep the test output quiet
        pass


class LoopbackServer:
    """An http.server on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, fake):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = fake
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
