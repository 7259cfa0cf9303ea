"""A fake SP4N-LAPOR! on loopback, answering the API shape of docs/lapor.md.

It keeps the complaints "forwarded" to the office in order; the cursor is how many of them a
listing has covered. It checks the bearer token, pages the listing, records every request and
every follow-up, and answers scripted failures (status, body, delay) per method.
"""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "lapor-uji-rahasia-123"


def report(lapor_id, **fields) -> dict:
    """A forwarded complaint as LAPOR! would list it."""
    record = {
        "id": lapor_id,
        "title": f"Izin belum terbit ({lapor_id})",
        "content": "Sudah tiga minggu berkas saya belum ada kabar.",
        "forwarded_at": "2026-12-21T09:00:00+07:00",
        "category": "Perizinan",
        "anonymous": False,
        "confidential": False,
        "reporter": {"name": "Rudi Hartono"},
    }
    record.update(fields)
    return record


class FakeLapor:
    def __init__(self, page_size: int = 2):
        self.page_size = page_size
        self.records: list = []
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.follow_ups: list[tuple[str, dict, dict]] = []
        self.failures: dict[str, list[tuple[int, bytes, float]]] = {"GET": [], "POST": []}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, raw: bytes, delay: float = 0):
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the time-out tests)

            def _scripted(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._answer(401, b'{"error": {"message": "invalid token"}}')
                    return True
                queue = fake.failures[self.command]
                if queue:
                    self._answer(*queue.pop(0))
                    return True
                return False

            def do_GET(self):
                fake.requests.append(("GET", self.path, dict(self.headers), b""))
                if self._scripted():
                    return
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path != "/api/v1/complaints":
                    return self._answer(404, b'{"error": {"message": "not found"}}')
                since, page = int(query.get("since") or 0), int(query.get("page") or 1)
                listing = fake.records[since:]
                start = (page - 1) * fake.page_size
                body = {
                    "data": listing[start : start + fake.page_size],
                    "meta": {
                        "page": page,
                        "has_more": start + fake.page_size < len(listing),
                        "next_cursor": str(len(fake.records)),
                    },
                }
                self._answer(200, json.dumps(body).encode())

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append(("POST", self.path, dict(self.headers), raw))
                if self._scripted():
                    return
                parts = urllib.parse.urlsplit(self.path).path.split("/")
                # /api/v1/complaints/<id>/follow-ups
                lapor_id = urllib.parse.unquote(parts[4]) if len(parts) == 6 else ""
                known = {str(r.get("id")) for r in fake.records if isinstance(r, dict)}
                if parts[-1] != "follow-ups" or lapor_id not in known:
                    return self._answer(404, b'{"error": {"message": "unknown complaint"}}')
                fake.follow_ups.append((lapor_id, dict(self.headers), json.loads(raw)))
                answer = {"id": f"TL-{len(fake.follow_ups)}"}
                self._answer(201, json.dumps(answer).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, *records):
        self.records.extend(records)

    def fail(self, method: str, status: int, body: bytes = b"", delay: float = 0):
        self.failures[method].append((status, body, delay))

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def gets(self) -> list[str]:
        return [path for method, path, _, _ in self.requests if method == "GET"]


def serving(settings):
    """The body of a test module's `lapor_server` fixture: a fake LAPOR!, configured."""
    fake = FakeLapor()
    settings.LAPOR_API_URL = fake.url
    settings.LAPOR_API_TOKEN = TOKEN
    settings.LAPOR_TIMEOUT = 1
    settings.LAPOR_SYNC_MINUTES = 15
    settings.LAPOR_ACTION_DAYS = 5
    yield fake
    fake.stop()
