"""Two app servers behind one proxy (issue 18): shared database, sessions, throttles and files.

    .venv/bin/python -m bench.cluster [--database kendali_bench_cluster] [--write]

Everything runs on 127.0.0.1. The database kendali_bench_cluster is dropped, created and
migrated, with the staff of every role (bench.fill), a confirmed TOTP device of known key
for the roles that must give a second factor, and a development CA (`create_dev_ca`) copied
into both servers, so either can sign. moto's S3 server holds the bucket. Two gunicorn
servers (A and B, `config.wsgi`, bench.settings, 2 sync workers each) run with identical
settings but each with its own empty KENDALI_VAR_DIR, so nothing can pass between them on
the local disk. A small round-robin proxy sends each request to the next server, sets
X-Real-IP to the client's address and says which server answered (X-Kendali-Server).

Through the proxy only, one IUPI file goes through every desk as in tests/test_journey.py
(each officer logs in through the login page with CSRF; Kabid, Kepala Dinas and Bagian Umum
enter their authenticator code), then the applicant tracks it, downloads the signed permit
and opens (and checks the PDF on) its verification page. Shown: which server served every
request of every step; a session made on one server used on the other; the public tracking
limit and the login lockout counted across both servers; the evidence scans and the permit
in the bucket and nothing in either server's media folder, the downloaded permit's SHA-256
equal to the recorded one; the journey's time and the proxy's own cost on a bare page.
--write puts the section in docs/benchmarks.md between its marks. Exits 1 if a check fails.
"""

import argparse
import hashlib
import html
import http.client
import io
import logging
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import requests
from requests.adapters import HTTPAdapter

from bench import env
from bench.fill import PASSWORD, make_staff
from bench.load import free_port, get
from bench.machine import cpu_and_python, write_doc_section

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench.cluster: start -->", "<!-- bench.cluster: end -->"
COMMAND = ".venv/bin/python -m bench.cluster"
# Our own folders: other bench processes use /tmp/kendali-bench-var.
WORK = Path("/tmp/kendali-bench-cluster")
SERVERS = ("A", "B")
WORKERS = 2
BUCKET = "kendali-bench-cluster"
S3_KEY_ID, S3_SECRET = "kendali-bench", "rahasia-bench-bukan-produksi"
SERVED_BY = "X-Kendali-Server"
# Each person browses from an address of their own (all of 127/8 is loopback).
APPLICANT, THROTTLED, GUESSER, COLLEAGUE = "127.0.5.5", "127.0.6.6", "127.0.7.7", "127.0.7.8"
# An FO who takes no part in the journey: the one whose login is guessed.
LOCKED_OUT = "bench_fo2"
TIMED_REQUESTS = 40
PLAIN_PAGE = "/bench/kosong/"

# The intake form as a clerk fills it in for a WNI applicant (tests/helpers.py valid_post);
# the requirement boxes are read from the page.
INTAKE = {
    "applicant-kind": "wni",
    "applicant-name": "Ahmad Fauzi",
    "applicant-nik": "1602 0117 0885 0001",
    "applicant-npwp": "01.312.166.0-091.000",
    "applicant-kswp_result": "valid",
    "applicant-email": "ahmad.fauzi@contoh.co.id",
    "applicant-phone": "0812-3456-7890",
    "applicant-address": "Jl. Letnan Muchtar Saleh No. 12, Kayuagung",
    "company-company_name": "PT Sawit Lestari Kayuagung",
    "company-company_address": "Jl. Lintas Timur Km 5, Kayuagung",
    "company-nib": "9120000000001",
    "company-kbli_code": "10431",
    "company-kbli_title": "Industri Minyak Mentah Kelapa Sawit",
    "company-kbli_edition": "2020",
    "company-commodity": "CPO",
    "company-capacity_current": "12000",
    "company-capacity_added": "4800.50",
    "company-capacity_unit": "ton",
    "company-investment_value": "25000000000",
    "company-workers_id_men": "120",
    "company-workers_id_women": "45",
    "company-workers_foreign_men": "2",
    "company-workers_foreign_women": "0",
    "company-factory_location": "Desa Celikah, Kecamatan Kayuagung",
    "company-in_industrial_estate": "on",
    "company-iui_number": "503/101/IUI/DPMPTSP/2023",
    "company-iui_date": "2023-03-14",
}


class Failure(Exception):
    """A response or a state that the journey cannot go on from."""


@dataclass
class Check:
    text: str  # in Bahasa Indonesia, for the report
    ok: bool


@dataclass
class Hit:
    method: str
    path: str
    status: int
    server: str

    def __str__(self) -> str:
        return f"{self.method} {self.server} {self.status}"


@dataclass
class Step:
    name: str
    who: str
    hits: list[Hit]


@dataclass
class Result:
    """Everything the report shows."""

    machine: str = ""
    ports: dict = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    throttle: list[Hit] = field(default_factory=list)
    lockout: list[Hit] = field(default_factory=list)
    colleague: Hit | None = None
    objects: list[tuple[str, int, str]] = field(default_factory=list)
    local_files: dict = field(default_factory=dict)
    sha256: dict = field(default_factory=dict)
    verification: dict = field(default_factory=dict)
    setup_s: float = 0.0
    journey_s: float = 0.0
    p50: dict = field(default_factory=dict)
    served: dict = field(default_factory=dict)

    def check(self, text: str, ok) -> None:
        self.checks.append(Check(text, bool(ok)))


# --- setting up: database, users, signing material, folders ---------------------------------


def recreate_database(name: str) -> None:
    import psycopg

    env.database_url(name)  # refuses any name but kendali_bench*
    with psycopg.connect(env.PG + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def fresh_folders() -> dict[str, Path]:
    """setup/ (this process: collected static files, the CA) and one empty var dir per server."""
    folders = {"setup": WORK / "setup", **{name: WORK / name for name in SERVERS}}
    for name in SERVERS:
        shutil.rmtree(folders[name], ignore_errors=True)
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def prepare_django(database: str, setup_dir: Path) -> dict[str, str]:
    """Django in this process on the new database; returns the variables the servers share."""
    values = env.configure(database)
    values["KENDALI_VAR_DIR"] = os.environ["KENDALI_VAR_DIR"] = str(setup_dir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    # The hashed static files and their manifest, which the pages need with DEBUG off.
    call_command("collectstatic", interactive=False, verbosity=0)
    # An explicit folder, as `make prepare` would make var/signing; no CRL/OCSP named (nothing
    # serves them here) and no TSA: both servers sign with this key and trust this root.
    call_command(
        "create_dev_ca",
        dir=str(setup_dir / "signing"),
        force=True,
        pki_url="",
        stdout=io.StringIO(),
    )
    return values


def make_people() -> dict[str, str]:
    """The staff of every role; a TOTP device for those who must give a code. Returns
    {role: username} of the first user of each role."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from permits.two_factor import otp_mandatory

    usernames = {}
    for role, users in make_staff().items():
        usernames.setdefault(role.value, users[0].username)
        for user in users:
            if otp_mandatory(user):
                TOTPDevice.objects.create(
                    user=user, name="Aplikasi autentikator", confirmed=True, key=totp_key(user)
                )
    return usernames


def totp_key(user) -> str:
    # Known to this script, as the officer's phone knows it: 20 bytes in hex.
    return hashlib.sha1(f"bench.cluster:{user.username}".encode()).hexdigest()


def totp_code(username: str) -> str:
    """The code the authenticator app shows now."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def give_servers_their_files(folders: dict[str, Path]) -> None:
    """Static files and the signing material into each server's var dir; nothing else."""
    from permits.signing import devca

    # What signing and the verification page read; the root's and the TSA's keys stay here.
    signing = (devca.P12_FILE, devca.KABID_P12_FILE, devca.PASSPHRASE_FILE, devca.CA_FILE)
    for name in SERVERS:
        shutil.copytree(folders["setup"] / "static", folders[name] / "static")
        (folders[name] / "signing").mkdir(mode=0o700)
        for part in signing:
            shutil.copy2(folders["setup"] / "signing" / part, folders[name] / "signing" / part)


# --- S3, the app servers and the proxy ------------------------------------------------------


def start_s3(stack: ExitStack) -> str:
    """moto's S3 server on a free loopback port, with the bucket; returns its URL."""
    from moto.server import ThreadedMotoServer

    # Its request log would drown the report.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    # start() waits forever if the server thread dies while binding: give it a deadline.
    starter = threading.Thread(target=server.start, daemon=True)
    starter.start()
    starter.join(timeout=15)
    host, port = server.get_host_and_port()
    stack.callback(server.stop)
    url = f"http://{host}:{port}"
    s3_client(url).create_bucket(Bucket=BUCKET)
    return url


def s3_client(url: str):
    return boto3.client(
        "s3",
        endpoint_url=url,
        aws_access_key_id=S3_KEY_ID,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
    )


def server_environment(shared: dict[str, str], s3_url: str, proxy_port: int) -> dict[str, str]:
    """The settings both servers run with (their var dirs apart)."""
    return {
        **os.environ,
        **shared,
        "KENDALI_S3_BUCKET": BUCKET,
        "KENDALI_S3_ENDPOINT_URL": s3_url,
        "KENDALI_S3_ACCESS_KEY_ID": S3_KEY_ID,
        "KENDALI_S3_SECRET_ACCESS_KEY": S3_SECRET,
        "KENDALI_S3_REGION": "us-east-1",
        # The proxy connects from 127.0.0.1: its X-Real-IP is the visitor's address.
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        # Links and QR codes on documents point to the proxy, the one address visitors know.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{proxy_port}",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }


def start_server(stack: ExitStack, name: str, environment: dict, var_dir: Path) -> int:
    """gunicorn (its own process group) with this var dir; returns its port once it answers."""
    port = free_port()
    log = (WORK / f"gunicorn-{name}.log").open("w")
    stack.callback(log.close)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**environment, "KENDALI_VAR_DIR": str(var_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack.callback(stop_group, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"gunicorn {name} berhenti; lihat {log.name}")
        try:
            if get(port, PLAIN_PAGE)[0] == 200:
                return port
        except OSError:
            pass
        time.sleep(0.3)
    raise Failure(f"gunicorn {name} tidak menjawab dalam 60 detik; lihat {log.name}")


def stop_group(process: subprocess.Popen) -> None:
    """The master and its workers: the process group started for it, by its id."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Headers of one connection, not of the request (RFC 9110, 7.6.1), and the length, which
# the proxy sets itself.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
}


class Proxy:
    """Round-robin reverse proxy in a thread: each request to the next server in turn."""

    def __init__(self, port: int, backends: dict[str, int]):
        self.backends = list(backends.items())
        self.turn = 0
        self.lock = threading.Lock()
        self.log: list[Hit] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self.handler())
        self.httpd.daemon_threads = True
        self.port = port

    def next_backend(self) -> tuple[str, int]:
        with self.lock:
            backend = self.backends[self.turn % len(self.backends)]
            self.turn += 1
        return backend

    def record(self, hit: Hit) -> None:
        with self.lock:
            self.log.append(hit)

    def handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                proxy.forward(self)

            do_POST = do_HEAD = do_GET

            def log_message(self, *args):
                pass

        return Handler

    def forward(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        name, port = self.next_backend()
        try:
            status, reason, headers, data = self.ask(request, port, body)
        except (OSError, http.client.HTTPException) as exc:
            status, reason, headers, data = 502, "Bad Gateway", [], str(exc).encode()
        request.send_response_only(status, reason)
        for header, value in headers:
            if header.lower() not in HOP_BY_HOP:
                request.send_header(header, value)
        request.send_header("Content-Length", str(len(data)))
        request.send_header(SERVED_BY, name)
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(data)
        self.record(Hit(request.command, request.path, status, name))

    @staticmethod
    def ask(request: BaseHTTPRequestHandler, port: int, body: bytes):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.putrequest(
                request.command, request.path, skip_host=True, skip_accept_encoding=True
            )
            for header, value in request.headers.items():
                # The visitor's own X-Real-IP is dropped: only the proxy says who is asking.
                if header.lower() not in HOP_BY_HOP and header.lower() != "x-real-ip":
                    conn.putheader(header, value)
            conn.putheader("X-Real-IP", request.client_address[0])
            if body or request.command == "POST":
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            response = conn.getresponse()
            return response.status, response.reason, response.getheaders(), response.read()
        finally:
            conn.close()

    def start(self, stack: ExitStack) -> "Proxy":
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        stack.callback(self.httpd.server_close)
        stack.callback(self.httpd.shutdown)
        return self


# --- one person's browser -------------------------------------------------------------------


class FromAddress(HTTPAdapter):
    """Connections from one loopback address, so the proxy sees this person's address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


class Browser:
    """A requests.Session through the proxy, following no redirect by itself."""

    def __init__(self, base: str, who: str, address: str):
        self.base, self.who, self.address = base, who, address
        self.session = requests.Session()
        self.session.trust_env = False  # loopback only, whatever the environment says
        self.session.mount("http://", FromAddress(address))
        self.hits: list[Hit] = []

    def call(self, method: str, path: str, expect, **kwargs) -> requests.Response:
        response = self.session.request(
            method, self.base + path, allow_redirects=False, timeout=120, **kwargs
        )
        hit = Hit(method, path, response.status_code, response.headers.get(SERVED_BY, "?"))
        self.hits.append(hit)
        expected = expect if isinstance(expect, tuple) else (expect,)
        if response.status_code not in expected:
            raise Failure(
                f"{self.who}: {method} {path} memberi HTTP {response.status_code} "
                f"(diharapkan {expect}), server {hit.server}: {response.text[:600]!r}"
            )
        return response

    def get(self, path: str, expect=200, **kwargs) -> requests.Response:
        return self.call("GET", path, expect, **kwargs)

    def post(self, path: str, page: requests.Response, data: dict, expect=302, files=None):
        """Submit the form of `page` (its CSRF token) with `data`."""
        form = {"csrfmiddlewaretoken": field_value(page.text, "csrfmiddlewaretoken"), **data}
        return self.call("POST", path, expect, data=form, files=files)

    def login(self, username: str, password: str = PASSWORD, *, code: bool = False) -> None:
        """The login page (CSRF), then the authenticator code for the roles that need one."""
        page = self.get("/masuk/")
        answer = self.post("/masuk/", page, {"username": username, "password": password})
        expect_location(answer, "/")
        if code:
            asked = self.get("/", expect=302)
            expect_location(asked, "/masuk/kode/")
            page = self.get(asked.headers["Location"])
            answer = self.post(
                "/masuk/kode/", page, {"token": totp_code(username), "next": "/"}, expect=302
            )
            expect_location(answer, "/")
        self.get("/")


def field_value(page: str, name: str) -> str:
    """The value of the form input named `name` on the page."""
    for tag in re.findall(r"<input\b[^>]*>", page):
        if f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            return html.unescape(value.group(1)) if value else ""
    raise Failure(f"Isian {name!r} tidak ada di halaman.")


def expect_location(response: requests.Response, prefix: str) -> str:
    location = response.headers.get("Location", "")
    if not location.startswith(prefix):
        raise Failure(f"Dialihkan ke {location!r}, diharapkan {prefix}...")
    return location


# --- the journey ----------------------------------------------------------------------------


class Journey:
    """The steps of the file, each with the requests it took and the server of each."""

    def __init__(self, result: Result):
        self.result = result

    @contextmanager
    def step(self, name: str, browser: Browser):
        start = len(browser.hits)
        try:
            yield
        finally:
            self.result.steps.append(Step(name, browser.who, browser.hits[start:]))


def status_of(pk: int) -> str:
    from permits.models import Application

    return Application.objects.get(pk=pk).status


def take_step(browser: Browser, pk: int, name: str, then: str, **data) -> None:
    """A workflow step through its confirmation page; the file must reach `then`."""
    url = f"/berkas/{pk}/tindakan/{name}/"
    page = browser.get(url)
    expected = field_value(page.text, "expected_status")
    answer = browser.post(url, page, {"expected_status": expected, **data})
    expect_location(answer, f"/berkas/{pk}/")
    if status_of(pk) != then:
        raise Failure(f"Langkah {name}: berkas berstatus {status_of(pk)}, bukan {then}.")


def register(journey: Journey, fo: Browser) -> int:
    with journey.step("Pendaftaran berkas IUPI", fo):
        page = fo.get("/berkas/baru/iupi/")
        boxes = re.findall(r'name="(req-\d+)-present"', page.text)
        if not boxes:
            raise Failure("Formulir pendaftaran tanpa daftar persyaratan.")
        data = {**INTAKE, "applicant-kswp_checked_on": today()}
        for box in boxes:
            data[f"{box}-present"] = "on"
        answer = fo.post("/berkas/baru/iupi/", page, data)
        pk = int(re.fullmatch(r"/berkas/(\d+)/", expect_location(answer, "/berkas/")).group(1))
    return pk


def verify_commitments(journey: Journey, bo: Browser, pk: int) -> None:
    """Evidence (a scan) for every commitment, then the field inspection (BAP)."""
    from permits import verification
    from permits.models import CommitmentCheck
    from permits.sample import SAMPLE_PDF

    checks = CommitmentCheck.objects.filter(application_id=pk).select_related("commitment")
    # The field-inspection commitment's evidence is the BAP below.
    uploads = [c for c in checks.order_by("pk") if not verification.is_verified_by_bap(c)]
    for number, check in enumerate(uploads, 1):
        url = f"/berkas/{pk}/komitmen/{check.pk}/"
        with journey.step(f"Bukti komitmen {number}/{len(uploads)} (unggah PDF)", bo):
            page = bo.get(url)
            data = {
                "reference_number": f"BUKTI/{check.pk}",
                "evidence_date": today(),
                "verified": "on",
            }
            files = {"evidence_file": ("bukti.pdf", SAMPLE_PDF, "application/pdf")}
            answer = bo.post(url, page, data, files=files)
            expect_location(answer, f"/berkas/{pk}/verifikasi/")
    with journey.step("BAP pemeriksaan lapangan", bo):
        page = bo.get(f"/berkas/{pk}/bap/")
        data = {
            "inspected_on": today(),
            "team_members": "Ir. Hendra Wijaya\nRina Marlina, S.T.",
            "findings": "Mesin tambahan terpasang.",
            "recommendation": "feasible",
        }
        expect_location(bo.post(f"/berkas/{pk}/bap/", page, data), f"/berkas/{pk}/verifikasi/")
    unverified = checks.filter(verified=False).count()
    if unverified:
        raise Failure(f"{unverified} komitmen belum terverifikasi.")


def today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def officer(base: str, journey: Journey, who: str, number: int, *, code=False) -> Browser:
    browser = Browser(base, who, f"127.0.2.{number}")
    with journey.step(f"Masuk{' + kode autentikator' if code else ''}", browser):
        browser.login(who, code=code)
    return browser


def run_journey(base: str, users: dict[str, str], result: Result) -> tuple[int, dict]:
    """The file from the counter to handover, then the applicant's pages. Returns the file's
    pk and the browsers of the staff, by role."""
    from workflow.table import Status

    journey = Journey(result)
    started = time.perf_counter()
    fo = officer(base, journey, users["fo"], 1)
    pk = register(journey, fo)
    with journey.step("Tanda terima (issue_receipt)", fo):
        take_step(fo, pk, "issue_receipt", Status.RECEIPTED)
    bo = officer(base, journey, users["back_office"], 2)
    verify_commitments(journey, bo, pk)
    with journey.step("Selesai diproses (process)", bo):
        take_step(bo, pk, "process", Status.PROCESSED)
    with journey.step("Cetak draf (print_draft)", bo):
        take_step(bo, pk, "print_draft", Status.PRINTED)
    kabid = officer(base, journey, users["kabid"], 3, code=True)
    with journey.step("Paraf (initial)", kabid):
        take_step(kabid, pk, "initial", Status.INITIALED)
    head = officer(base, journey, users["kepala_dinas"], 4, code=True)
    with journey.step("Tanda tangan dengan kata sandi (sign)", head):
        take_step(head, pk, "sign", Status.SIGNED, password=PASSWORD)
    umum = officer(base, journey, users["bagian_umum"], 5, code=True)
    with journey.step("Nomor izin, PDF ditandatangani (number)", umum):
        take_step(umum, pk, "number", Status.NUMBERED)
    with journey.step("Penyerahan (hand_over)", fo):
        take_step(
            fo,
            pk,
            "hand_over",
            Status.HANDED_OVER,
            recipient="applicant",
            recipient_name="Ahmad Fauzi",
            recipient_identity="KTP 1602011708850001",
        )
    secretary = officer(base, journey, users["sekretaris"], 6)
    with journey.step("Sekretaris membuka berkas", secretary):
        page = secretary.get(f"/berkas/{pk}/")
        permit_number = permit_of(pk).number
        if permit_number not in page.text:
            raise Failure(f"Nomor izin {permit_number} tidak tampil di halaman berkas.")
    applicant_pages(journey, Browser(base, "pemohon", APPLICANT), pk, result)
    result.journey_s = time.perf_counter() - started
    staff = {
        "fo": fo,
        "back_office": bo,
        "kabid": kabid,
        "kepala_dinas": head,
        "bagian_umum": umum,
        "sekretaris": secretary,
    }
    return pk, staff


def permit_of(pk: int):
    from permits.models import Permit

    return Permit.objects.select_related("application").get(application_id=pk)


def applicant_pages(journey: Journey, applicant: Browser, pk: int, result: Result) -> None:
    """Track the file, download the permit, open and use its verification page."""
    permit = permit_of(pk)
    credentials = {
        "no": permit.application.registration_number,
        "kode": permit.application.tracking_code,
    }
    with journey.step("Pemohon melacak berkas", applicant):
        form = applicant.get("/lacak/")
        found = applicant.post("/lacak/", form, credentials, expect=200)
        if permit.number not in found.text:
            raise Failure("Halaman lacak tidak menampilkan nomor izin.")
    with journey.step("Pemohon mengunduh izin", applicant):
        download = applicant.post("/lacak/unduh/", found, credentials, expect=200)
        if not download.content.startswith(b"%PDF"):
            raise Failure("Unduhan izin bukan PDF.")
        result.sha256["unduhan"] = hashlib.sha256(download.content).hexdigest()
    code = permit.verification_code
    with journey.step("Halaman verifikasi izin", applicant):
        page = applicant.get(f"/verifikasi/{code}/")
        summary = re.search(r'data-summary="(\w+)"', page.text)
        result.verification["tersimpan"] = summary.group(1) if summary else "?"
        files = {"document": ("izin.pdf", download.content, "application/pdf")}
        checked = applicant.post(f"/verifikasi/{code}/", page, {}, expect=200, files=files)
        result.verification["unggahan sama"] = "Dokumen SAMA dengan dokumen yang diterbitkan" in (
            checked.text
        )


# --- the evidence ---------------------------------------------------------------------------


def check_servers(result: Result, staff: dict) -> None:
    """(a) Both servers served the journey; every session was used on the other server."""
    servers = {hit.server for step in result.steps for hit in step.hits}
    result.check(
        f"perjalanan dilayani kedua server ({', '.join(sorted(servers))})", servers == set(SERVERS)
    )
    crossed = True
    for browser in staff.values():
        made = [
            i
            for i, hit in enumerate(browser.hits)
            if hit.method == "POST" and hit.path.startswith("/masuk/")
        ]
        later = {hit.server for hit in browser.hits[made[-1] + 1 :]}
        creator = browser.hits[made[-1]].server
        result.sessions.append(
            f"`{browser.who}`: sesi dibuat di server {creator}, lalu dipakai di server "
            f"{' dan '.join(sorted(later))} ({len(browser.hits) - made[-1] - 1} permintaan)"
        )
        crossed = crossed and bool(later - {creator})
    result.check("setiap sesi petugas dipakai juga di server yang tidak membuatnya", crossed)


def check_sessions(result: Result, secretary: Browser, ports: dict) -> None:
    """(b) One login is enough: the same cookie opens the desk on each server directly."""
    for _ in range(4):
        secretary.get("/")
    servers = [hit.server for hit in secretary.hits[-4:]]
    result.check(
        f"sesi Sekretaris: 4 kali beranda lewat proxy, HTTP 200 dari {'/'.join(servers)}"
        " tanpa masuk ulang",
        set(servers) == set(SERVERS),
    )
    cookie = "; ".join(f"{k}={v}" for k, v in secretary.session.cookies.items())
    direct = {name: get(port, "/", cookie)[0] for name, port in ports.items()}
    result.check(
        "cookie sesi yang sama langsung ke setiap server: "
        + ", ".join(f"{name} HTTP {status}" for name, status in direct.items()),
        set(direct.values()) == {200},
    )


def check_throttle(result: Result, base: str) -> None:
    """(c) The tracking page's per-address limit, counted across both servers."""
    from office.throttle import LOOKUPS
    from permits.models import Application

    application = Application.objects.get()
    query = f"/lacak/?no={application.registration_number}&kode={application.tracking_code}"
    visitor = Browser(base, "pengunjung", THROTTLED)
    for _ in range(LOOKUPS.limit + 2):
        visitor.get(query, expect=(200, 429))
    result.throttle = visitor.hits
    allowed, refused = visitor.hits[: LOOKUPS.limit], visitor.hits[LOOKUPS.limit :]
    result.check(
        f"lacak dari satu alamat: {LOOKUPS.limit} kali HTTP 200 (A {count(allowed, 'A')}, "
        f"B {count(allowed, 'B')}), lalu HTTP 429 dari server "
        f"{' dan '.join(hit.server for hit in refused)}",
        all(hit.status == 200 for hit in allowed)
        and {hit.server for hit in allowed} == set(SERVERS)
        and all(hit.status == 429 for hit in refused)
        and {hit.server for hit in refused} == set(SERVERS),
    )


def count(hits: list[Hit], server: str) -> int:
    return sum(hit.server == server for hit in hits)


def check_lockout(result: Result, base: str, username: str) -> None:
    """(c) django-axes: failed logins of one user from one address lock that pair, whichever
    server answers; the same user from another address still gets in."""
    from django.conf import settings

    guesser = Browser(base, "penebak", GUESSER)
    page = guesser.get("/masuk/")
    # One page, then POSTs only: they alternate between the servers.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(
            "/masuk/",
            page,
            {"username": username, "password": f"salah-{attempt}"},
            expect=(200, 429),
        )
    right = guesser.post(
        "/masuk/", page, {"username": username, "password": PASSWORD}, expect=(302, 429)
    )
    result.lockout = guesser.hits[1:]
    failures = result.lockout[:-1]
    result.check(
        f"{settings.AXES_FAILURE_LIMIT} kata sandi salah untuk `{username}` dari satu alamat "
        f"(server {'/'.join(hit.server for hit in failures)}): yang terakhir HTTP "
        f"{failures[-1].status}, lalu kata sandi benar ditolak HTTP {right.status_code} "
        f"oleh server {result.lockout[-1].server}",
        right.status_code == 429
        and "sessionid" not in right.cookies
        and {hit.server for hit in result.lockout} == set(SERVERS),
    )
    colleague = Browser(base, username, COLLEAGUE)
    colleague.login(username)  # raises unless it gets in
    result.colleague = colleague.hits[1]
    result.check(
        f"`{username}` dari alamat lain tetap dapat masuk (HTTP "
        f"{result.colleague.status}, server {result.colleague.server}): yang dikunci pasangan "
        "nama pengguna dan alamat pengunjung, bukan alamat proxy",
        result.colleague.status == 302,
    )


def check_files(result: Result, pk: int, s3_url: str, folders: dict[str, Path]) -> None:
    """(d) Scans and the permit are objects in the bucket; neither server keeps a file."""
    from permits.models import CommitmentCheck

    client = s3_client(s3_url)
    listing = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
    sizes = {item["Key"]: item["Size"] for page in listing for item in page.get("Contents", [])}
    permit = permit_of(pk)
    evidence = set(
        CommitmentCheck.objects.filter(application_id=pk)
        .exclude(evidence_file="")
        .values_list("evidence_file", flat=True)
    )
    for key, size in sorted(sizes.items()):
        kind = (
            "izin (PDF bertanda tangan)"
            if key == permit.pdf.name
            else "bukti komitmen"
            if key in evidence
            else "lain"
        )
        result.objects.append((key, size, kind))
    result.check(
        f"{len(evidence)} bukti komitmen ada di bucket", evidence and evidence <= set(sizes)
    )
    result.check("PDF izin ada di bucket", permit.pdf.name in sizes)
    stored = client.get_object(Bucket=BUCKET, Key=permit.pdf.name)["Body"].read()
    result.sha256.update(
        {"Permit.pdf_sha256": permit.pdf_sha256, "objek S3": hashlib.sha256(stored).hexdigest()}
    )
    result.check(
        "SHA-256 unduhan lewat proxy = objek S3 = Permit.pdf_sha256",
        len(set(result.sha256.values())) == 1,
    )
    for name in SERVERS:
        # Only the copied static files and signing material may be there.
        found = [
            str(path.relative_to(folders[name]))
            for path in folders[name].rglob("*")
            if path.is_file()
            and path.relative_to(folders[name]).parts[0] not in ("static", "signing")
        ]
        result.local_files[name] = found
        result.check(f"KENDALI_VAR_DIR server {name}: {len(found)} berkas unggahan", not found)


def check_verification(result: Result) -> None:
    result.check(
        f"halaman verifikasi terbuka (laporan dokumen tersimpan: "
        f"{result.verification['tersimpan']}); PDF unduhan diunggah: dokumen SAMA",
        result.verification["tersimpan"] == "valid" and result.verification["unggahan sama"],
    )


def time_plain_page(result: Result, proxy_port: int, direct_port: int) -> None:
    """(e) p50 of the bare page through the proxy and straight to server A, interleaved,
    one new connection per request each way."""
    for _ in range(8):  # every worker has loaded its templates
        get(proxy_port, PLAIN_PAGE)
        get(direct_port, PLAIN_PAGE)
    samples = {"proxy": [], "langsung": []}
    for _ in range(TIMED_REQUESTS):
        for key, port in (("proxy", proxy_port), ("langsung", direct_port)):
            started = time.perf_counter()
            status, _ = get(port, PLAIN_PAGE)
            samples[key].append(time.perf_counter() - started)
            if status != 200:
                raise Failure(f"{PLAIN_PAGE} lewat {key}: HTTP {status}")
    result.p50 = {key: statistics.median(values) * 1000 for key, values in samples.items()}


# --- the run --------------------------------------------------------------------------------


def machine() -> str:
    import django
    import gunicorn
    import moto
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{cpu_and_python()}, Django {django.get_version()}, gunicorn {gunicorn.__version__}, "
        f"PostgreSQL {pg}, moto {moto.__version__}"
    )


def run(args, stack: ExitStack) -> Result:
    result = Result()
    started = time.perf_counter()
    folders = fresh_folders()
    print(f"Menyiapkan {args.database} ...", flush=True)
    recreate_database(args.database)
    shared = prepare_django(args.database, folders["setup"])
    users = make_people()
    give_servers_their_files(folders)
    result.machine = machine()

    s3_url = start_s3(stack)
    proxy_port = free_port()
    environment = server_environment(shared, s3_url, proxy_port)
    ports = {name: start_server(stack, name, environment, folders[name]) for name in SERVERS}
    for name, port in ports.items():
        status, body = get(port, "/healthz")
        if status != 200 or b'"storage": "ok"' not in body:
            raise Failure(f"/healthz server {name}: HTTP {status} {body[:200]!r}")
    proxy = Proxy(proxy_port, ports).start(stack)
    result.setup_s = time.perf_counter() - started
    result.ports = {"S3": s3_url.rsplit(":", 1)[1], **ports, "proxy": proxy.port}
    base = f"http://127.0.0.1:{proxy.port}"
    print(f"S3 {s3_url}, server {ports}, proxy {base}; perjalanan berkas ...", flush=True)

    pk, staff = run_journey(base, users, result)
    check_servers(result, staff)
    check_sessions(result, staff["sekretaris"], ports)
    check_throttle(result, base)
    check_lockout(result, base, LOCKED_OUT)
    check_files(result, pk, s3_url, folders)
    check_verification(result)
    time_plain_page(result, proxy.port, ports["A"])
    result.served = {name: count(proxy.log, name) for name in SERVERS}
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kendali_bench_cluster")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args(argv)
    stack = ExitStack()
    try:
        result = run(args, stack)
    except Failure as failure:
        print(f"GAGAL: {failure}", file=sys.stderr)
        return 1
    finally:
        stack.close()  # the proxy, both gunicorn process groups, moto: also on failure
    section = report(args, result)
    print()
    print(section)
    failed = [check.text for check in result.checks if not check.ok]
    if failed:
        print("\nPemeriksaan gagal:\n- " + "\n- ".join(failed), file=sys.stderr)
        print("docs/benchmarks.md tidak ditulis.", file=sys.stderr)
        return 1
    if args.write:
        write_doc_section(section, START, END)
    return 0


# --- the report -----------------------------------------------------------------------------


def x(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def report(args, result: Result) -> str:
    from django.utils import timezone

    ports = result.ports
    lines = [
        START,
        "## Dua server aplikasi di belakang satu proxy (issue 18)",
        "",
        "**Perintah** (dari akar proyek; PostgreSQL di 127.0.0.1, semua di loopback):",
        "",
        "```",
        COMMAND
        + (f" --database {args.database}" if args.database != "kendali_bench_cluster" else "")
        + (" --write" if args.write else ""),
        "```",
        "",
        f"**Mesin:** {result.machine}. Tanggal: {timezone.localdate():%Y-%m-%d}.",
        "",
        "**Yang dijalankan:**",
        "",
        f"- Basis data `{args.database}` dibuat ulang dan dimigrasi; petugas setiap peran "
        "(`bench.fill`), perangkat TOTP terkonfirmasi dengan kunci yang diketahui untuk Kabid, "
        'Kepala Dinas dan Bagian Umum; CA pengembangan (`create_dev_ca --pki-url ""`, tanpa '
        "TSA) yang disalin ke kedua server, sehingga keduanya dapat menandatangani.",
        f"- Server S3 moto di port {ports['S3']}, bucket `{BUCKET}`.",
        f"- Server A (port {ports['A']}) dan B (port {ports['B']}): gunicorn `config.wsgi`, "
        f"{WORKERS} worker sync masing-masing, DEBUG mati, pengaturan sama (`bench.env`, "
        "`KENDALI_S3_*`, `FORWARDED_ALLOW_IPS=127.0.0.1`, SECRET_KEY yang sama), masing-masing "
        "dengan `KENDALI_VAR_DIR` sendiri yang kosong (hanya berkas statis dan kunci tanda "
        "tangan yang disalin). Tanpa worker latar belakang: pemberitahuan tinggal di antrean.",
        f"- Proxy round-robin (ThreadingHTTPServer + http.client) di port {ports['proxy']}: "
        "setiap permintaan ke server berikutnya, `X-Real-IP` = alamat klien, "
        f"`{SERVED_BY}` = server yang menjawab. Setiap orang memakai `requests.Session` "
        "sendiri dari alamat 127.x.y.z sendiri, hanya lewat proxy.",
        "",
        f"**Perjalanan satu berkas IUPI** ({x(result.journey_s)} s, dari login FO sampai "
        "verifikasi; setiap permintaan: metode, server, status HTTP):",
        "",
        "| # | Langkah | Oleh | Permintaan |",
        "|---:|---|---|---|",
    ]
    for number, step in enumerate(result.steps, 1):
        requests_cell = ", ".join(str(hit) for hit in step.hits)
        lines.append(f"| {number} | {step.name} | `{step.who}` | {requests_cell} |")
    total = sum(result.served.values())
    lines += [
        "",
        f"Seluruh jalannya: {total} permintaan lewat proxy, server A {result.served['A']}, "
        f"server B {result.served['B']}.",
        "",
        "**Sesi bersama** (basis data):",
        "",
        *(f"- {line}" for line in result.sessions),
        "",
        "**Batas bersama** (baris basis data, dihitung per alamat pengunjung dari `X-Real-IP`):",
        "",
        "- Halaman lacak: "
        + ", ".join(f"{hit.server} {hit.status}" for hit in result.throttle[-4:])
        + f" (empat terakhir dari {len(result.throttle)}; sebelumnya semua 200).",
        "- Login (django-axes): "
        + ", ".join(f"{h.method} {h.server} {h.status}" for h in result.lockout)
        + f"; dari alamat lain: {result.colleague}.",
        "",
        "**Berkas di S3** (bucket moto):",
        "",
        "| Objek | Ukuran | Isi |",
        "|---|---:|---|",
        *(f"| `{key}` | {thousands(size)} B | {kind} |" for key, size, kind in result.objects),
        "",
        "SHA-256 izin: "
        + "; ".join(f"{where} `{digest[:16]}...`" for where, digest in result.sha256.items())
        + ". Berkas unggahan di `KENDALI_VAR_DIR`: "
        + ", ".join(f"server {name} {len(files)}" for name, files in result.local_files.items())
        + ".",
        "",
        f"**Waktu:** persiapan (basis data baru dan migrasi, collectstatic, kunci, S3, dua "
        f"server) {x(result.setup_s, 0)} s; perjalanan {x(result.journey_s)} s. Halaman "
        f"kosong (`{PLAIN_PAGE}`), "
        f"{TIMED_REQUESTS} permintaan setiap jalur bergantian, koneksi baru setiap kali: p50 "
        f"lewat proxy {x(result.p50['proxy'])} ms, langsung ke server A "
        f"{x(result.p50['langsung'])} ms (biaya proxy sekitar "
        f"{x(result.p50['proxy'] - result.p50['langsung'])} ms).",
        "",
        "**Pemeriksaan:**",
        "",
        *(f"- {'ok' if check.ok else '**GAGAL**'}: {check.text}" for check in result.checks),
        "",
        END,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
