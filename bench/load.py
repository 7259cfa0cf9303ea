"""Load and scale benchmark (issues 8, 14, 18): the real server under a bounded load, on PostgreSQL.

    .venv/bin/python -m bench.fill --applications 1000000 --years 10 --database kendali_bench_1m
    .venv/bin/python -m bench.fill --applications 10 --days 3 --services 20 \
        --database kendali_bench_small
    .venv/bin/python -m bench.load [--database kendali_bench] [--small kendali_bench_small]
        [--requests 300] [--time-limit 20] [--rounds 3] [--workers 3] [--label sesudah] [--write]

Starts gunicorn (`config.wsgi`, bench.settings: the product plus a bare view; DEBUG off,
sync workers, 127.0.0.1 on a free port) and drives it with a bounded load generator
(threads and http.client; a fixed number of requests and a time limit per page and
round): every page of bench/pages.py (the staff pages of FO, back office and Sekretaris, the
public pages, the API's list endpoints, open data) and the bare view that renders base.html
with no query of its own, once per login, each page's yardstick. Pages take turns within
each round, so load from other processes on the machine hits all of them alike. Staff log
in through the login page (CSRF, django-axes) as roles without a second factor; API calls
carry the bench client's token. The public page counts look-ups per address: each client
address (127.0.x.y; all of 127/8 is loopback) asks at most `PER_ADDRESS` times, as many
applicants would.

Reports per page: median and 95th percentile at 1 and at 8 clients, each as a ratio to the
bare view's in the same run, requests per second at 8 clients, and the query count on this
database and on the 10-file one of the same services (bench.queries, in-process; the
queries of a page whose counts differ are listed). Then 32 clients taking permit numbers
at once (bench.numbering). --write puts the section "Sejuta berkas (issue 18): LABEL" in
docs/benchmarks.md between its own marks (earlier issues' sections are left as measured).
Targets (issue 18): p50 within 2x and p95 within 2.5x of the bare view at 1 and 8 clients,
with the same query count as with 10 files.
"""

import argparse
import http.client
import itertools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench import env
from bench.fill import PASSWORD
from bench.machine import cpu_and_python, write_doc_section
from bench.pages import Page

ROOT = Path(__file__).resolve().parent.parent
# The sections of issues 8 and 14 keep their own marks, written once and left alone; each
# --label of issue 18 ("sebelum", "sesudah") has its own section.
COMMAND = ".venv/bin/python -m bench.load"
CONCURRENCY = (1, 8)
PER_ADDRESS = 40  # under the public look-up limit (60 per address per 15 minutes)
TARGET_P50, TARGET_P95 = 2.0, 2.5  # times the bare view's, at 1 and at 8 clients


def marks(label: str) -> tuple[str, str]:
    return (
        f"<!-- bench.load issue 18 {label}: start -->",
        f"<!-- bench.load issue 18 {label}: end -->",
    )


NOTES = """**Catatan.**
- Tampilan kosong dengan login: 4 kueri (sesi, pengguna, perangkat OTP, grup untuk menu). Rasio
  halaman dihitung terhadap tampilan kosong dengan login yang sama, diukur dalam putaran yang
  sama; panggilan API terhadap tampilan kosong petugas FO (permintaan yang diautentikasi).
- Halaman yang hanya dibuka peran dengan langkah kedua (tanda tangan sekaligus, penomoran
  sekaligus, surat keluar baru) tidak diukur: alat beban masuk tanpa kode autentikator.
- Halaman satu layanan membuka layanan bentukan dengan versi terbanyak (`bench.pages.showcase`),
  layanan yang sama di kedua basis data; pengisi memberinya berkas pertama, sehingga halamannya
  berisi berkas juga pada basis data 10 berkas.
- Halaman lacak memakai alamat klien yang berbeda-beda (127.x.0.y, paling banyak 40 permintaan
  per alamat); hitungan per alamat dikosongkan sebelum mulai, sehingga batas 60 per 15 menit
  tidak pernah tercapai.
- Klien beban berjalan di mesin yang sama dan ikut memakai CPU; req/s pada 8 klien dibatasi oleh
  2 CPU yang dipakai bersama gunicorn, PostgreSQL dan proses lain, bukan oleh basis data."""


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1, stopped (its process group) when the block ends."""

    def __init__(self, workers: int, log: Path):
        self.port = free_port()
        self.workers = workers
        self.log = log

    def __enter__(self):
        self.log_file = self.log.open("w")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            # Above gunicorn's 1024, else 8 clients queue in the kernel and fail to connect.
            "--backlog",
            "2048",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn berhenti; lihat {self.log}")
            try:
                status, _ = get(self.port, "/bench/kosong/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn tidak menjawab dalam 60 detik; lihat {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()


def get(port: int, path: str, cookie: str = "", source: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str) -> str:
    """Log in through the login page (CSRF token and cookie); returns the Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", "/masuk/")
        response = conn.getresponse()
        body = response.read().decode()
        csrf = cookies_of(response)["csrftoken"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        conn.close()
        form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        conn.request(
            "POST",
            "/masuk/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
            },
        )
        response = conn.getresponse()
        response.read()
        session = cookies_of(response).get("sessionid")
        if response.status != 302 or not session:
            raise SystemExit(f"Login {username} gagal: HTTP {response.status}")
    finally:
        conn.close()
    cookie = f"sessionid={session}; csrftoken={csrf}"
    status, _ = get(port, "/", cookie)
    if status != 200:
        raise SystemExit(f"Login {username}: beranda memberi HTTP {status} (langkah kedua?)")
    return cookie


# --- the load generator ---------------------------------------------------------------------


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0  # wall time of the runs, summed
    errors: Counter = field(default_factory=Counter)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


class Addresses:
    """Client addresses for the public page: each one used `PER_ADDRESS` times at most."""

    def __init__(self):
        self.counter = itertools.count()
        self.lock = threading.Lock()

    def next(self) -> str:
        with self.lock:
            high, low = divmod(next(self.counter) // PER_ADDRESS, 250)
        return f"127.{1 + high % 250}.0.{1 + low}"


def drive(
    port: int,
    page: Page,
    cookies: list[str],
    clients: int,
    requests: int,
    time_limit: float,
    addresses: Addresses,
    sample: Sample,
) -> None:
    """`requests` GETs of the page from `clients` threads, stopped early at `time_limit`."""
    issued = itertools.count()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        cookie = cookies[index % len(cookies)] if cookies else ""
        conn, source = None, ""
        barrier.wait()
        while time.perf_counter() < deadline[0] and next(issued) < requests:
            if page.public:
                wanted = addresses.next()
                if wanted != source and conn is not None:
                    conn.close()
                    conn = None
                source = wanted
            if conn is None:
                conn = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=60, source_address=(source, 0) if source else None
                )
            started = time.perf_counter()
            try:
                headers = {"Cookie": cookie} if cookie else {}
                conn.request("GET", page.path, headers={**headers, **page.headers})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = None
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    sample.latencies.append(elapsed)
                else:
                    sample.errors[status] += 1
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + time_limit
    barrier.wait()
    for thread in threads:
        thread.join()
    sample.seconds += time.perf_counter() - started


# --- the run --------------------------------------------------------------------------------


def query_counts(database: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(query count, SQL) of every page on `database`, counted by bench.queries."""
    sql = Path("/tmp") / f"bench-queries-{database}.json"
    output = subprocess.run(
        [sys.executable, "-m", "bench.queries", "--database", database, "--sql", str(sql)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise SystemExit(f"bench.queries {database} gagal:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1]), json.loads(sql.read_text())


LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def query_shape(sql: str) -> str:
    """A statement without its literals: the same query for another file or date."""
    return LITERAL.sub("?", sql)


def differing_queries(big: list[str], small: list[str]) -> list[str]:
    """The statements one database ran and the other did not (by shape), marked +/-."""
    import difflib

    shapes = difflib.ndiff([query_shape(q) for q in small], [query_shape(q) for q in big])
    return [line[:300] for line in shapes if line.startswith(("+ ", "- "))]


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    import django
    import gunicorn

    return (
        f"{cpu_and_python()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, PostgreSQL {pg}"
    )


def data_summary() -> dict:
    from django.db.models import Count, Max, Min
    from sequences.models import Sequence

    from complaints.models import Complaint, SurveyResponse
    from notices.models import Delivery
    from permits.models import Application, Letter, Permit, Service, ServiceStandard
    from tracking.models import ControlCardEntry, Tally

    span = Application.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    fill = dict(Sequence.objects.filter(name__startswith="bench/fill-").values_list("name", "last"))
    per_version = dict(
        Application.objects.values_list("standard__version")
        .annotate(n=Count("pk"))
        .values_list("standard__version", "n")
    )
    iupi = Application.objects.filter(standard__service__code="iupi").count()
    files = Application.objects.count()
    return {
        "days": (span["last"] - span["first"]).days if span["first"] else 0,
        "rows_s": fill.get("bench/fill-rows_s", 0),
        "rebuild_s": fill.get("bench/fill-rebuild_s", 0),
        "vacuum_s": fill.get("bench/fill-vacuum_s", 0),
        "files": files,
        "services": Service.objects.count(),
        "versions": ServiceStandard.objects.count(),
        "with_versions": Service.objects.annotate(n=Count("versions")).filter(n__gt=1).count(),
        "per_version": dict(sorted(per_version.items())),
        "iupi_share": 100 * iupi / files if files else 0,
        "with_data": Application.objects.exclude(data={}).count(),
        "entries": ControlCardEntry.objects.count(),
        "permits": Permit.objects.count(),
        "letters": Letter.objects.count(),
        "deliveries": Delivery.objects.count(),
        "complaints": Complaint.objects.count(),
        "surveys": SurveyResponse.objects.count(),
        "tallies": Tally.objects.count(),
        "tallies_all": Tally.objects.filter(service_id=0).count(),
    }


def load_average() -> str:
    return "/".join(f"{x:.1f}".replace(".", ",") for x in os.getloadavg())


def run(args) -> int:
    from django.core.cache import cache

    from bench import numbering
    from bench.pages import pages, targets
    from office.models import RequestCount

    env.collect_static()
    counts, statements = query_counts(args.database)
    small_counts, small_statements = query_counts(args.small) if args.small else ({}, {})
    differences = {
        key: differing_queries(statements[key], small_statements.get(key, []))
        for key in counts
        if small_counts and counts[key] != small_counts.get(key)
    }
    page_list = pages(targets())
    cache.clear()
    RequestCount.objects.all().delete()  # the public look-up limits start afresh
    loads = [load_average()]
    samples: dict[tuple[str, int], Sample] = {}
    with Server(args.workers, Path("/tmp") / f"bench-gunicorn-{args.database}.log") as server:
        users = {page.user for page in page_list if page.user}
        sessions = {u: [login(server.port, u) for _ in range(max(CONCURRENCY))] for u in users}
        addresses = Addresses()
        # Warm-up: every worker loads templates and opens its connection.
        for page in page_list:
            sample = Sample()
            drive(server.port, page, sessions.get(page.user, []), 2, 6 * args.workers, 60,
                  addresses, sample)  # fmt: skip
            if sample.errors:
                raise SystemExit(f"{page.path}: {dict(sample.errors)} saat pemanasan")
        per_round = max(1, args.requests // args.rounds)
        for clients in CONCURRENCY:
            for round_no in range(args.rounds):
                for page in page_list:
                    sample = samples.setdefault((page.key, clients), Sample())
                    drive(server.port, page, sessions.get(page.user, []), clients, per_round,
                          args.time_limit / args.rounds, addresses, sample)  # fmt: skip
                print(f"  {clients} klien, putaran {round_no + 1}/{args.rounds}", flush=True)
                loads.append(load_average())
    result = numbering.run(clients=args.numbering_clients, per_client=args.numbers_per_client)
    loads.append(load_average())

    section = report(args, page_list, samples, counts, small_counts, result, loads, differences)
    print()
    print(section)
    if args.write:
        write_section(section, args.label)
    bad = [k for (k, _c), s in samples.items() if s.errors]
    return 1 if bad or not result.consecutive else 0


def report(args, page_list, samples, counts, small_counts, numbers, loads, differences) -> str:
    from django.utils import timezone

    def x(value: float, digits: int = 1) -> str:
        return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")

    def n(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    data = data_summary()
    versions = ", ".join(
        f"versi {version}: {n(files)}" for version, files in data["per_version"].items()
    )
    lines = [
        marks(args.label)[0],
        f"## Sejuta berkas (issue 18): {args.label}",
        "",
        "**Perintah** (dari akar proyek; PostgreSQL di 127.0.0.1, basis data khusus tolok ukur):",
        "",
        "```",
        f".venv/bin/python -m bench.fill --applications {data['files']} "
        f"--years {max(1, round(data['days'] / 365.25))} "
        f"--services {data['services']} --database {args.database} --reset",
        f".venv/bin/python -m bench.fill --applications 10 --days 3 "
        f"--services {data['services']} --database {args.small} --reset",
        f"{COMMAND} --database {args.database} --small {args.small} --requests {args.requests} "
        f"--time-limit {args.time_limit:g} --rounds {args.rounds} --workers {args.workers} "
        f"--label {args.label}" + (" --write" if args.write else ""),
        "```",
        "",
        f"**Mesin:** {machine()}. Tanggal: {timezone.localdate():%Y-%m-%d}. Mesin dipakai "
        f"bersama proses lain (load average 1/5/15 menit di awal, setelah setiap putaran dan "
        f"setelah penomoran: {'; '.join(loads)}), jadi angka mutlak bergoyang; rasio "
        "terhadap tampilan kosong diukur dalam putaran yang sama dan lebih stabil.",
        "",
        f"**Data:** {n(data['files'])} berkas dari {data['services']} layanan "
        f"({n(data['versions'])} versi standar; {data['with_versions']} layanan dengan lebih "
        f"dari satu versi; berkas per nomor versi: {versions}; IUPI "
        f"{x(data['iupi_share'], 0)}% berkas; {n(data['with_data'])} berkas dengan isian "
        f"khusus) selama {x(data['days'] / 365.25)} tahun di semua langkah, "
        f"{n(data['entries'])} entri kartu kendali, {n(data['permits'])} izin, "
        f"{n(data['letters'])} surat keluar, {n(data['deliveries'])} catatan pengiriman "
        "pemberitahuan, "
        f"{n(data['complaints'])} pengaduan, {n(data['surveys'])} jawaban survei, "
        f"{n(data['tallies'])} baris rekap ({n(data['tallies_all'])} untuk semua layanan, "
        "sisanya per layanan). Pengisian (`bench.fill`): "
        f"{data['rows_s']} s untuk layanan dan baris (bulk_create dan COPY), "
        f"{data['rebuild_s']} s untuk membangun jam layanan dan rekap per layanan dari kartu "
        "kendali (kode yang sama dengan `manage.py rebuild_clocks`), "
        f"{data['vacuum_s']} s untuk `VACUUM ANALYZE`. Pembanding jumlah kueri: basis data "
        f"10 berkas di semua langkah (`--days 3`) dengan {data['services']} layanan yang sama.",
        "",
        f"**Cara ukur:** gunicorn `config.wsgi` ({args.workers} worker sync, DEBUG mati, "
        "bench.settings), klien HTTP dari pustaka standar (thread + http.client) di mesin yang "
        f"sama; per halaman dan per tingkat klien {args.requests} permintaan atau "
        f"{x(args.time_limit, 0)} detik (yang lebih dulu), dibagi {args.rounds} putaran "
        "bergantian antarhalaman, setelah pemanasan. Petugas masuk lewat halaman login (FO, "
        "Sekretaris: tanpa langkah kedua). Worker sync menutup koneksi setelah setiap jawaban, "
        "jadi setiap permintaan membuka koneksi TCP baru. Kueri dihitung di dalam proses "
        "(django.test.Client + CaptureQueriesContext), termasuk sesi, pengguna dan menu.",
        "",
        "| Halaman | p50 1 klien | p95 1 klien | p50 8 klien | p95 8 klien | req/s 8 klien "
        "| Kueri | Kueri 10 berkas | Rasio p50/p95, 1 klien | Rasio p50/p95, 8 klien "
        f"| Target p50 <= {x(TARGET_P50)}x, p95 <= {x(TARGET_P95)}x, kueri sama |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    missed = []
    for page in page_list:
        cells, met = [], page.key in small_counts and counts.get(page.key) == small_counts[page.key]
        for clients in CONCURRENCY:
            sample, bare = samples[(page.key, clients)], samples[(page.bare, clients)]
            p50 = sample.median / bare.median
            p95 = sample.percentile(0.95) / bare.percentile(0.95)
            met = met and p50 <= TARGET_P50 and p95 <= TARGET_P95
            cells.append(f"{x(p50, 2)}x / {x(p95, 2)}x")
        one, eight = samples[(page.key, 1)], samples[(page.key, 8)]
        is_bare = page.key == page.bare
        verdict = "-" if is_bare else "tercapai" if met else "**belum**"
        if not is_bare and not met:
            missed.append(page.label)
        errors = sum(one.errors.values()) + sum(eight.errors.values())
        lines.append(
            f"| {page.label}{f' ({errors} galat)' if errors else ''} | {x(one.median)} ms "
            f"| {x(one.percentile(0.95))} ms | {x(eight.median)} ms "
            f"| {x(eight.percentile(0.95))} ms | {x(eight.rps)} | {counts.get(page.key, '?')} "
            f"| {small_counts.get(page.key, '?')} | {cells[0]} | {cells[1]} | {verdict} |"
        )
    lines += [
        "",
        f"**Target:** {len(page_list) - len(missed) - sum(p.key == p.bare for p in page_list)} "
        f"halaman tercapai, {len(missed)} belum" + (f": {', '.join(missed)}." if missed else "."),
    ]
    lines += [""]
    if differences:
        lines.append(
            "**Jumlah kueri berbeda** (+ hanya pada basis data besar, - hanya pada 10 berkas):"
        )
        for key, found in differences.items():
            lines += ["", f"- `{key}`:", "", "```", *found, "```"]
    elif small_counts:
        lines.append(
            "**Jumlah kueri:** setiap halaman menjalankan kueri yang sama banyak pada "
            f"{n(data['files'])} dan pada 10 berkas."
        )
    lines += [
        "",
        f"**Penomoran di bawah {numbers.clients} klien serentak** (`permits.numbering`, "
        "django-sequences; setiap nomor dalam transaksinya sendiri, setiap klien dengan "
        "koneksinya sendiri, seri tahun 9999 yang dihapus sesudahnya): "
        f"{n(numbers.numbers)} nomor dalam {x(numbers.seconds, 2)} s = "
        f"{x(numbers.per_second, 0)} nomor/detik; "
        + (
            f"semua nomor 1-{n(numbers.numbers)} berurutan, tanpa loncat dan tanpa ganda."
            if numbers.consecutive
            else f"TIDAK berurutan: {numbers.duplicates} ganda, {numbers.gaps} loncat, "
            f"{numbers.failures} gagal."
        ),
        "",
        NOTES,
        "",
        marks(args.label)[1],
    ]
    return "\n".join(lines)


def write_section(section: str, label: str) -> None:
    write_doc_section(section, *marks(label))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kendali_bench")
    parser.add_argument("--small", default="kendali_bench_small", help="'' to skip")
    parser.add_argument("--requests", type=int, default=300, help="per page and client level")
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds, same")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3, choices=range(1, 9))
    parser.add_argument("--numbering-clients", type=int, default=32)
    parser.add_argument("--numbers-per-client", type=int, default=25)
    parser.add_argument("--label", default="sesudah", help="the section's name: sebelum, sesudah")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.requests < args.rounds or args.time_limit <= 0:
        parser.error("--requests harus >= --rounds dan --time-limit > 0.")
    env.setup(args.database)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
