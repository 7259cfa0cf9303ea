"""A numbering batch of signed files in the background against numbering them one by one
through the page (issue 15), on the embedded default (SQLite) as `make run` sets it up.

    DEBUG=1 .venv/bin/python -m bench.batch [--files 100]

Makes 2 x --files signed files, numbers the first set one by one through the step's page
(the Bagian Umum's POST, render and PAdES signature in the request), then the second set as
one batch run by a real worker process (`manage.py run_worker`). While the batch runs it
polls the batch's JSON status URL and opens the staff pages (FO queue, file list) beside a
bare logged-in page; the same pages are timed with nothing running first. Prints permits per
minute both ways, the status URL's p50/p95, each page's p50 and its ratio to the bare page
idle and during the batch, and the worker's peak memory (VmHWM). Figures: docs/benchmarks.md.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.documents import PASSWORD, bench_urlconf, make_staff, setup_django
from bench.machine import cpu_and_python

COMMAND = "DEBUG=1 .venv/bin/python -m bench.batch"
ROOT = Path(__file__).resolve().parents[1]


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def signed_in(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="bench"
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(files: int, var_dir: Path) -> int:
    from django.conf import settings
    from django.urls import clear_url_caches, reverse

    from office.roles import Role
    from permits import batches
    from permits.models import NumberingBatch
    from permits.sample import walk_to
    from workflow.table import Status

    settings.DEBUG = False
    static_root = var_dir / "static-bench"
    static_root.mkdir()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = bench_urlconf(static_root)
    clear_url_caches()

    staff = make_staff()
    rng = random.Random(15)
    print(f"Menyiapkan {2 * files} berkas bertanda tangan ...", file=sys.stderr)
    signed = [
        walk_to(Status.SIGNED, staff=staff, password=PASSWORD, rng=rng, index=i)
        for i in range(2 * files)
    ]
    by_hand, in_batch = signed[:files], signed[files:]
    umum = signed_in(staff[Role.BAGIAN_UMUM])
    fo = signed_in(staff[Role.FO])
    pages = {
        "bare": "/bench/kosong/",
        "queue": reverse("home"),
        "file_list": reverse("application_list"),
    }
    from django.urls import path as url_path

    from bench.bare import bare

    settings.ROOT_URLCONF.urlpatterns.append(url_path("bench/kosong/", bare))
    clear_url_caches()

    # 1. One by one through the page.
    start = time.perf_counter()
    for application in by_hand:
        response = umum.post(
            reverse("transition", args=[application.pk, "number"]),
            {"expected_status": Status.SIGNED},
        )
        if response.status_code != 302:
            raise SystemExit(f"numbering {application.pk}: HTTP {response.status_code}")
    by_hand_s = time.perf_counter() - start

    # 2. The staff pages with nothing running.
    idle = {key: [] for key in pages}
    for _ in range(30):
        for key, path in pages.items():
            idle[key].append(timed(fo, path))

    # 3. The batch, by a worker process, while the status URL and the pages are opened.
    batch = batches.start(application_ids=[a.pk for a in in_batch], actor=staff[Role.BAGIAN_UMUM])
    status_url = reverse("numbering_status", args=[batch.batch.pk])
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    start = time.perf_counter()
    status_times, busy = [], {key: [] for key in pages}
    try:
        while True:
            status_times.append(timed(umum, status_url))
            for key, path in pages.items():
                busy[key].append(timed(fo, path))
            if NumberingBatch.objects.get(pk=batch.batch.pk).finished_at:
                break
            if worker.poll() is not None:
                raise SystemExit(worker.stderr.read().decode()[-2000:])
            time.sleep(0.25)
        batch_s = time.perf_counter() - start
        peak = peak_memory_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    progress = umum.get(status_url).json()
    if (progress["done"], progress["failed"]) != (files, 0):
        raise SystemExit(f"batch: {progress['done']} done, {progress['failed']} failed")

    def p50(values):
        return statistics.median(values) * 1000

    print(f"\nMesin: {cpu_and_python()}")
    print(f"Perintah: `{COMMAND} --files {files}`\n")
    print("| cara | izin | detik | izin per menit |")
    print("|---|---:|---:|---:|")
    for way, seconds in (
        ("satu per satu lewat halaman", by_hand_s),
        ("satu batch, pekerja latar belakang", batch_s),
    ):
        print(f"| {way} | {files} | {seconds:.1f} | {files * 60 / seconds:.1f} |")
    print(
        f"\nURL status kemajuan selama batch: p50 {p50(status_times):.1f} ms, "
        f"p95 {quantile(status_times, 0.95) * 1000:.1f} ms ({len(status_times)} permintaan)"
    )
    print(f"Memori puncak pekerja (VmHWM): {peak:.0f} MB\n")
    print(
        "| halaman (FO) | p50 diam (ms) | rasio diam | p50 selama batch (ms) | rasio selama batch |"
    )
    print("|---|---:|---:|---:|---:|")
    for key in pages:
        idle_ratio = statistics.median(idle[key]) / statistics.median(idle["bare"])
        busy_ratio = statistics.median(busy[key]) / statistics.median(busy["bare"])
        print(
            f"| {key} | {p50(idle[key]):.1f} | {idle_ratio:.2f}x | "
            f"{p50(busy[key]):.1f} | {busy_ratio:.2f}x |"
        )
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args(argv)
    var_dir = tempfile.mkdtemp(prefix="kendali-bench-batch-")
    try:
        setup_django(var_dir)
        return run(args.files, Path(var_dir))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
