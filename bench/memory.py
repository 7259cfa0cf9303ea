"""Memory of the long reads as the data grows (issue 18): exports of a year and the backup.

    .venv/bin/python -m bench.memory --database kendali_bench_api --database kendali_bench [--write]

Each job runs in a process of its own on each database (filled by bench.fill), which reports
its peak resident memory (ru_maxrss) and that peak minus the memory right after Django started
(what the job itself added). Jobs: the year's file list as CSV (streamed, what the download
sends) and as XLSX (openpyxl's write-only workbook into a temporary file); the background
export of the same list (supervision.exports.content, which keeps the file in memory to save
it); `manage.py backup` of the whole database into a temporary folder. Flat means the added
memory does not grow with the files.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date

from bench import env
from bench.machine import cpu_and_python, write_doc_section

START_MARK = "<!-- bench.memory: start -->"
END_MARK = "<!-- bench.memory: end -->"
JOBS = {
    "csv": "daftar berkas setahun, CSV (dialirkan)",
    "xlsx": "daftar berkas setahun, XLSX ke berkas sementara",
    "background": "ekspor latar belakang daftar berkas setahun (XLSX di memori)",
    "backup": "manage.py backup seluruh basis data",
}


def job(name: str, database: str) -> dict:
    """Run in the child: do the job, return its numbers."""
    import resource

    env.setup(database)
    from django.db.models import Max

    from permits.backup import backup
    from permits.models import Application
    from supervision import exports

    started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    year = Application.objects.aggregate(last=Max("created_at"))["last"].year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = 0
    if name == "csv":
        for _line in exports.csv_lines([exports.file_rows(start, end)]):
            rows += 1
    elif name == "xlsx":
        with tempfile.TemporaryFile() as out:
            exports.write_xlsx([("Berkas", exports.file_rows(start, end))], out)
        rows = exports.file_count(start, end)
    elif name == "background":
        rows = exports.content("berkas", "xlsx", start, end).rows
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = backup(folder)
        rows = sum(result.manifest["counts"].values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"started_mb": started / 1024, "peak_mb": peak / 1024, "rows": rows, "year": year}


def measure(name: str, database: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.memory", "--job", name, "--database", database],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", required=True)
    parser.add_argument("--job", choices=JOBS)
    parser.add_argument(
        "--jobs", default=",".join(JOBS), help="comma-separated, of: " + ", ".join(JOBS)
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.job:
        print(json.dumps(job(args.job, args.database[0])))
        return 0
    files = {}
    results = {}
    for database in args.database:
        env.configure(database)
        count = subprocess.run(
            [sys.executable, "-c", COUNT, database], check=True, capture_output=True, text=True
        ).stdout.strip()
        files[database] = int(count)
        for name in args.jobs.split(","):
            results[(database, name)] = measure(name, database)
            print(database, name, results[(database, name)], flush=True)
    section = report(args, files, results)
    print(section)
    if args.write:
        write_doc_section(section, START_MARK, END_MARK)
    return 0


COUNT = (
    "import sys; from bench import env; env.setup(sys.argv[1]); "
    "from permits.models import Application; print(Application.objects.count())"
)


def report(args, files: dict, results: dict) -> str:
    databases = args.database
    header = " | ".join(f"{files[d]:,} berkas".replace(",", ".") for d in databases)
    lines = [
        START_MARK,
        "## Memori ekspor dan cadangan saat data bertambah (issue 18)",
        "",
        "Perintah: `.venv/bin/python -m bench.memory "
        + " ".join(f"--database {d}" for d in databases)
        + f" --jobs {args.jobs} --write`. Mesin: {cpu_and_python()}. PostgreSQL; "
        "setiap pekerjaan dalam prosesnya sendiri; angka: memori yang ditambah pekerjaan "
        "itu (puncak RSS dikurangi RSS setelah Django siap), dalam MB, dan baris yang ditulis.",
        "",
        f"| pekerjaan | {header} |",
        "|---|" + "---:|" * len(databases),
    ]
    for name, title in JOBS.items():
        if name not in args.jobs.split(","):
            continue
        cells = []
        for database in databases:
            r = results[(database, name)]
            added = r["peak_mb"] - r["started_mb"]
            cells.append(f"{added:.0f} MB ({r['rows']:,} baris)".replace(",", "."))
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines.append(END_MARK)
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
