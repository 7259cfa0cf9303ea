"""The development PKI on loopback: its CRL, an OCSP responder and an RFC 3161 TSA.

`manage.py dev_pki serve` runs `DevPkiServer` on KENDALI_DEV_PKI_URL (127.0.0.1:8079 by
default); the tests start their own on a free port. It answers from a development CA
directory (permits/signing/devca.py), read again at every request, so `dev_pki revoke` and
`dev_pki issue-new` take effect at once:

    GET  /crl           the CRL (DER, application/pkix-crl), every revoked certificate listed
    POST /ocsp          an OCSP request (application/ocsp-request) -> the answer, signed by the CA
    GET  /ocsp/<b64>    the same, in the GET form of RFC 6960
    POST /tsa           an RFC 3161 TimeStampReq -> TimeStampResp, signed with the TSA's key
    GET  /              a line of text saying what this is

`faults` (path -> "500" | "sleep" | "garbage") makes a path fail, for the tests of the clients
(permits/signing/ltv.py): an error status, an answer after `sleep_seconds`, bytes that are no
CRL, OCSP or TSA answer. No Django here.
"""

import base64
import binascii
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from permits.signing import devca

GARBAGE = b"<html><body>Bukan jawaban PKI</body></html>"
MAX_REQUEST = 64 * 1024


def _asn1_cert(certificate):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _asn1_key(key):
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization

    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


class DevPki:
    """The answers of the development PKI kept in `directory`."""

    def __init__(self, directory: Path | str):
        self.files = devca.DevCaFiles(Path(directory))

    def crl(self) -> bytes:
        return devca.crl_der(self.files)

    def ocsp(self, request_der: bytes) -> bytes:
        return devca.ocsp_response_der(self.files, request_der)

    def timestamp(self, request_der: bytes) -> bytes:
        from asn1crypto import tsp
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        request = tsp.TimeStampReq.load(request_der)
        request.native  # noqa: B018 (parse it all now: a broken request fails here)
        tsa_key, tsa_cert = devca.load_tsa(self.files)
        _ca_key, ca_cert = devca.load_ca(self.files)
        timestamper = DummyTimeStamper(
            tsa_cert=_asn1_cert(tsa_cert),
            tsa_key=_asn1_key(tsa_key),
            certs_to_embed=[_asn1_cert(ca_cert)],
        )
        return timestamper.request_tsa_response(request).dump()


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == devca.CRL_PATH:
            self._answer("crl", "application/pkix-crl", self.server.pki.crl)
        elif path.startswith(devca.OCSP_PATH + "/"):
            encoded = unquote(path[len(devca.OCSP_PATH) + 1 :])
            try:
                request = base64.b64decode(encoded)
            except (binascii.Error, ValueError):
                request = b""
            self._answer("ocsp", "application/ocsp-response", lambda: self.server.pki.ocsp(request))
        elif path == "/":
            text = "PKI pengembangan Kendali: /crl, /ocsp, /tsa (bukan untuk produksi)\n"
            self._send(200, "text/plain; charset=utf-8", text.encode())
        else:
            self._send(404, "text/plain; charset=utf-8", b"tidak ada\n")

    def do_POST(self):
        path = urlsplit(self.path).path
        length = min(int(self.headers.get("Content-Length") or 0), MAX_REQUEST)
        body = self.rfile.read(length)
        if path == devca.OCSP_PATH:
            self._answer("ocsp", "application/ocsp-response", lambda: self.server.pki.ocsp(body))
        elif path == devca.TSA_PATH:
            self._answer(
                "tsa", "application/timestamp-reply", lambda: self.server.pki.timestamp(body)
            )
        else:
            self._send(404, "text/plain; charset=utf-8", b"tidak ada\n")

    def _answer(self, name: str, content_type: str, make) -> None:
        server = self.server
        server.requests[name] += 1
        fault = server.faults.get(name)
        if fault == "500":
            self._send(500, "text/plain; charset=utf-8", b"galat server\n")
            return
        if fault == "sleep":
            time.sleep(server.sleep_seconds)
        if fault == "garbage":
            self._send(200, content_type, GARBAGE)
            return
        try:
            body = make()
        except (ValueError, devca.DevPkiError) as exc:
            self._send(400, "text/plain; charset=utf-8", f"{exc}\n".encode())
            return
        self._send(200, content_type, body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out)
            pass

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pki: DevPki
    faults: dict
    requests: Counter
    sleep_seconds: float
    verbose: bool


class DevPkiServer:
    """The development PKI's HTTP server on `host`:`port` (0: a free port), in a thread.

    As a context manager it starts and stops; `serve_forever()` runs in the calling thread.
    """

    def __init__(
        self,
        directory: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
    ):
        self.httpd = _Server((host, port), _Handler)
        self.httpd.pki = DevPki(directory)
        self.httpd.faults = {}
        self.httpd.requests = Counter()
        self.httpd.sleep_seconds = 3.0
        self.httpd.verbose = verbose
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def faults(self) -> dict:
        return self.httpd.faults

    @property
    def requests(self) -> Counter:
        return self.httpd.requests

    @property
    def sleep_seconds(self) -> float:
        return self.httpd.sleep_seconds

    @sleep_seconds.setter
    def sleep_seconds(self, value: float) -> None:
        self.httpd.sleep_seconds = value

    def start(self) -> "DevPkiServer":
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread.join(timeout=5)
            self.thread = None
        self.httpd.server_close()

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()

    def __enter__(self) -> "DevPkiServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
