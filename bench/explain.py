"""Each page's slowest query, with its plan, and the largest tables (issue 18).

    .venv/bin/python -m bench.explain --database kendali_bench_1m --label sebelum [--runs 5]
        [--sizes] [--write]

Opens every page of bench/pages.py in-process (django.test.Client, the load test's logins),
twice to warm up, then `--runs` times with the queries captured; reports per page the median
time, the query count and the statement that took longest in the last run, and runs that
statement again under `EXPLAIN (ANALYZE, BUFFERS)`. --sizes adds the largest tables and
indexes (pg_total_relation_size, pg_relation_size). --write puts the section of this label
("sebelum", "sesudah", ...) in docs/benchmarks.md between its own marks, so the plans before
and after a change stand side by side.
"""

import argparse
import shlex
import statistics
import sys
import time

from bench import env
from bench.machine import cpu_and_python, write_doc_section

TITLE = "### Kueri terlambat setiap halaman"


def marks(label: str) -> tuple[str, str]:
    return f"<!-- bench.explain {label}: start -->", f"<!-- bench.explain {label}: end -->"


def measure(runs: int) -> list[dict]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import warmed_pages
    from office.models import RequestCount

    settings.DEBUG = False
    found = []
    for page, client in warmed_pages():
        times = []
        for _ in range(runs):
            RequestCount.objects.all().delete()  # the public look-up limit never bites
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(page.path, headers=page.headers)
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{page.path}: HTTP {response.status_code}")
        queries = captured.captured_queries
        slowest = max(queries, key=lambda q: float(q["time"]), default=None)
        found.append(
            {
                "key": page.key,
                "label": page.label,
                "path": page.path,
                "ms": statistics.median(times) * 1000,
                "queries": len(queries),
                "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
                "sql": slowest["sql"] if slowest else "",
                "plan": plan_of(slowest["sql"]) if slowest else "",
            }
        )
        print(f"  {page.key}: {found[-1]['ms']:.1f} ms, {len(queries)} kueri", flush=True)
    return found


def plan_of(sql: str) -> str:
    from django.db import connection, transaction

    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return "(bukan SELECT: tidak dijalankan ulang)"
    # In a transaction rolled back at once: a plan never changes the data.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return "\n".join(lines)


def sizes(limit: int = 15) -> list[tuple[str, str, int, int]]:
    """(kind, name, size in bytes, estimated rows) of the largest tables and indexes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT CASE c.relkind WHEN 'i' THEN 'indeks' ELSE 'tabel' END,
                   c.relname,
                   CASE c.relkind WHEN 'i' THEN pg_relation_size(c.oid)
                        ELSE pg_total_relation_size(c.oid) END,
                   c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
            ORDER BY 3 DESC LIMIT %s
            """,
            [limit],
        )
        return cursor.fetchall()


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB".replace(",", ".")


def report(label: str, database: str, runs: int, found: list[dict], table_sizes) -> str:
    from permits.models import Application

    start, end = marks(label)
    files = f"{Application.objects.count():,}".replace(",", ".")
    lines = [
        start,
        f"{TITLE}: {label}",
        "",
        f"Perintah: `.venv/bin/python -m bench.explain --database {database} "
        f"--label {shlex.quote(label)} "
        f"--runs {runs}{' --sizes' if table_sizes else ''} --write`. Mesin: {cpu_and_python()}. "
        f"{files} berkas. Setiap halaman dibuka dalam proses (django.test.Client, login yang sama "
        "dengan uji "
        "beban), dua kali pemanasan lalu diukur; waktu: median; kueri terlambat: dari putaran "
        "terakhir, dijalankan ulang dengan `EXPLAIN (ANALYZE, BUFFERS)`.",
        "",
        "| halaman | median (ms) | kueri | kueri terlambat (ms) |",
        "|---|---:|---:|---:|",
    ]
    for row in found:
        lines.append(
            f"| {row['label']} | {row['ms']:.1f} | {row['queries']} | {row['slowest_ms']:.2f} |"
        )
    if table_sizes:
        lines += [
            "",
            "Tabel dan indeks terbesar:",
            "",
            "| jenis | nama | ukuran | baris (perkiraan) |",
        ]
        lines.append("|---|---|---:|---:|")
        for kind, name, size, rows in table_sizes:
            shown = f"{rows:,}".replace(",", ".") if kind == "tabel" else "-"
            lines.append(f"| {kind} | `{name}` | {megabytes(size)} | {shown} |")
    lines += ["", "<details><summary>Rencana kueri terlambat setiap halaman</summary>", ""]
    for row in found:
        lines += [
            f"**{row['label']}** (`{row['path']}`)",
            "",
            "```",
            row["sql"][:1500],
            "",
            row["plan"],
            "```",
            "",
        ]
    lines += ["</details>", end]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kendali_bench_1m")
    parser.add_argument("--label", default="sesudah")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    env.setup(args.database)
    env.collect_static()
    found = measure(args.runs)
    section = report(args.label, args.database, args.runs, found, sizes() if args.sizes else [])
    print(section)
    if args.write:
        write_doc_section(section, *marks(args.label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
