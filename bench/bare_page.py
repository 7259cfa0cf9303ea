"""What a signed-in page costs before it does anything (issue 18), before and after.

    .venv/bin/python -m bench.bare_page --database kendali_bench_api [--runs 200] [--write]

In one process, through the Django test Client, the bench's bare page (bench/bare.py:
base.html, no query of its own) for a signed-in front-office officer, warm-up first, the two
ways interleaved run by run: (a) as before issue 18, the session written on every request
(SESSION_SAVE_EVERY_REQUEST) and the office profile read on every page; (b) as now, the
session written when its expiry is a minute old (config/sessions.py) and the profile read at
most every 30 seconds per process (OfficeProfile.shown). Prints the median, p95 and queries
of each, and the ratio (b)/(a); with --write puts them in docs/benchmarks.md.
"""

import statistics
import time

from bench import env
from bench.machine import cpu_and_python

START_MARK = "<!-- bench.bare_page: start -->"
END_MARK = "<!-- bench.bare_page: end -->"
COMMAND = ".venv/bin/python -m bench.bare_page --database kendali_bench_api --write"
BARE = "/bench/kosong/"


def run(args) -> str:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from office import models as office_models

    settings.DEBUG = False
    user = User.objects.filter(groups__name="fo").order_by("pk").first()
    http = Client()
    http.force_login(user)
    profile = office_models.OfficeProfile
    cached = profile.__dict__["shown"]
    every_time = classmethod(lambda cls: cls.current())

    def before():
        settings.SESSION_SAVE_EVERY_REQUEST = True
        profile.shown = every_time

    def after():
        settings.SESSION_SAVE_EVERY_REQUEST = False
        profile.shown = cached

    ways = {
        "(a) sebelum: sesi ditulis setiap permintaan, profil dibaca": before,
        "(b) sesudah": after,
    }
    samples = {name: [] for name in ways}
    queries = {}
    for _ in range(20):
        for switch in ways.values():
            switch()
            http.get(BARE)
    for _ in range(args.runs):
        for name, switch in ways.items():
            switch()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                assert http.get(BARE).status_code == 200
                samples[name].append((time.perf_counter() - start) * 1000)
            queries[name] = len(captured)

    def p95(values):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]

    first, second = (statistics.median(samples[name]) for name in ways)
    lines = [
        START_MARK,
        "## Halaman kosong untuk petugas yang masuk (issue 18)",
        "",
        f"Perintah: `{COMMAND}`. Mesin: {cpu_and_python()}. PostgreSQL, Django test Client "
        f"dalam satu proses, petugas FO yang masuk, {args.runs} putaran berselang-seling.",
        "",
        "| cara | median (ms) | p95 (ms) | kueri |",
        "|---|---:|---:|---:|",
    ]
    for name in ways:
        lines.append(
            f"| {name} | {statistics.median(samples[name]):.2f} | {p95(samples[name]):.2f} "
            f"| {queries[name]} |"
        )
    lines += [
        "",
        f"Rasio median (b)/(a): {second / first:.2f}. Yang tersisa: baca sesi, pengguna, perangkat "
        "autentikator (django-otp) dan peran untuk menu. Sesi kini ditulis bila masa berlakunya "
        "sudah berumur semenit atau lebih (sesi yang menganggur berakhir 29 sampai 30 menit "
        "setelah permintaan terakhir, tidak pernah lebih lama); profil kantor untuk kepala dan "
        "kaki halaman dibaca paling sering setiap 30 detik per proses (dokumen selalu membaca "
        "profil terbaru).",
        END_MARK,
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    return env.in_process_main(__doc__, run, START_MARK, END_MARK, runs=200, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
