"""Benchmark of the read API (issue 17): a dashboard pulling a year of files, on PostgreSQL.

    .venv/bin/python -m bench.fill --applications 20000 --database kendali_bench_api
    .venv/bin/python -m bench.api --database kendali_bench_api [--runs 30] [--write]

In one process, through the Django test Client (no network), warm-up first and the runs
interleaved: (a) the bench's bare page (base.html, no query of its own: what any request
costs), (b) the first page of the year's files at 100 and at 500 rows, (c) a page deep in
the year (the cursor of the last page), (d) the year's figures, (e) the services. Then the
whole year pulled page by page at 500 rows, as a dashboard would (docs/api.md). Prints a
markdown table (median, p95, queries, ratio to the bare page) and with --write puts it in
docs/benchmarks.md in its own section.
"""

import statistics
import time

from bench import env
from bench.machine import cpu_and_python

START_MARK = "<!-- bench.api: start -->"
END_MARK = "<!-- bench.api: end -->"
COMMAND = ".venv/bin/python -m bench.api --database kendali_bench_api --write"
# The first measurement, same data and machine (03-12-2026), before the fix, kept in the section.
HISTORY = """Sebelum perbaikan (pengukuran pertama, data dan mesin yang sama): halaman pertama
100 baris
46,2 ms (21,0x), 500 baris 104,0 ms (47,3x), halaman terakhir 91,9 ms, seluruh tahun 1,6 s.
`EXPLAIN (ANALYZE, BUFFERS)` halaman 100 baris: pindai indeks kunci utama yang membuang 12.436
baris di luar tahun itu (1.164 blok, 16,7 ms) lalu merge join jam layanan dan izin dari awal
tabel. Perbaikan: halaman berurut waktu pendaftaran (`created_at`, lalu kunci) dengan indeks
`permits_application_created (created_at, id)`; kursor ninja memakai waktu itu sebagai posisi
dan offset untuk berkas yang terdaftar pada waktu yang sama.

Kedua (issue 18): jawaban divalidasi pydantic langsung, bukan lewat `Schema` ninja yang membaca
setiap kolom dengan pengambil atribut untuk objek model. Diukur berurutan pada beban mesin yang
sama (20 putaran): 500 baris 50,6 -> 34,7 ms, 100 baris 15,6 -> 12,5 ms. Sisanya kini terutama
penguraian waktu oleh psycopg dan penyandian JSON waktu oleh Django (`DjangoJSONEncoder`)."""


def dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def timed(client, path: str, headers: dict) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path, **headers)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return elapsed * 1000, len(queries)


def run(args) -> str:
    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient

    from api.models import Client
    from office.models import RequestCount
    from permits.models import Application

    settings.DEBUG = False
    files = Application.objects.count()
    year = max(Application.objects.dates("created_at", "year")).year - 1
    client, _ = Client.objects.get_or_create(
        name="Bench dasbor",
        defaults={"scopes": ["services", "files", "figures"], "calls_per_minute": 10**6},
    )
    token = client.set_new_token()
    client.calls_per_minute = 10**6
    client.save()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    http = HttpClient()
    year_query = f"registered_from={year}-01-01&registered_to={year}-12-31"

    # The whole year, page by page, as a dashboard pulls it; the last cursor for (c).
    start = time.perf_counter()
    path, pages, rows, last = f"/api/v1/files?{year_query}&page_size=500", 0, 0, None
    while path:
        body = http.get(path, **headers).json()
        pages, rows, last = pages + 1, rows + len(body["results"]), path
        path = body["next"]
    pull_s = time.perf_counter() - start
    seconds = f"{pull_s:.1f}".replace(".", ",")

    paths = {
        "(a) halaman kosong (tolok ukur)": ("/bench/kosong/", {}),
        "(b) berkas setahun, halaman pertama, 100 baris": (
            f"/api/v1/files?{year_query}&page_size=100",
            headers,
        ),
        "(b) berkas setahun, halaman pertama, 500 baris": (
            f"/api/v1/files?{year_query}&page_size=500",
            headers,
        ),
        "(c) berkas setahun, halaman terakhir (kursor)": (last, headers),
        "(d) angka setahun": (f"/api/v1/figures?from={year}-01-01&to={year}-12-31", headers),
        "(e) layanan dan versi standarnya": ("/api/v1/services", headers),
    }
    for path, hdrs in paths.values():
        for _ in range(3):
            timed(http, path, hdrs)
    samples = {name: [] for name in paths}
    queries = {}
    for _ in range(args.runs):
        for name, (path, hdrs) in paths.items():
            elapsed, count = timed(http, path, hdrs)
            samples[name].append(elapsed)
            queries[name] = count
        # The counter of the client's limit stays one row; keep it small like the live table.
        RequestCount.objects.filter(key__startswith="api:").delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM api_apicall")
        calls = cursor.fetchone()[0]

    bare = statistics.median(samples["(a) halaman kosong (tolok ukur)"])
    lines = [
        START_MARK,
        "## API baca (issue 17): dasbor menarik berkas setahun",
        "",
        f"Perintah: `{COMMAND}` (data: `.venv/bin/python -m bench.fill --applications "
        f"{files} --database kendali_bench_api`). Mesin: {cpu_and_python()}. PostgreSQL, "
        f"Django test Client dalam satu proses (tanpa jaringan), {args.runs} putaran "
        "berselang-seling setelah pemanasan; rasio terhadap halaman kosong pada putaran yang sama.",
        "",
        f"Data: {dots(files)} berkas; tahun {year}: {dots(rows)} berkas dalam {pages} halaman "
        f"500 baris, ditarik seluruhnya dalam {seconds} s "
        + f"({pull_s / pages * 1000:.0f} ms per halaman). Log panggilan berisi {dots(calls)} "
        "baris setelah pengukuran.",
        "",
        HISTORY,
        "",
        "| permintaan | median (ms) | p95 (ms) | rasio median | kueri |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in samples.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        median = statistics.median(values)
        lines.append(
            f"| {name} | {median:.1f} | {p95:.1f} | {median / bare:.1f}x | {queries[name]} |"
        )
    lines += [
        "",
        "Setiap panggilan API menambah tiga kueri pada kerjanya sendiri: klien menurut sidik "
        "tokennya, penghitung batas per menit (satu INSERT ... ON CONFLICT ... RETURNING) dan "
        "baris log. Satu halaman berkas adalah satu kueri berapa pun ukurannya; halaman "
        "terakhir sama murahnya dengan yang pertama (kursor pada waktu pendaftaran yang "
        "berindeks, bukan OFFSET).",
        END_MARK,
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    return env.in_process_main(__doc__, run, START_MARK, END_MARK, runs=30, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
