"""Benchmark of the documents (issue 3), in one process.

    DEBUG=1 .venv/bin/python -m bench.documents [--runs 20] [--downloads 300]

(a) the final permit render vs (b) a minimal one-page WeasyPrint document, after a
warm-up of each; (c) a stored-permit download through the Django test Client vs (d) a
static file of the same size served by `django.views.static.serve` through the same
client, middleware and login. Runs of each pair are interleaved so that load on the
machine hits both sides alike. Medians, ratios and a markdown table are printed.
Targets (issue 3): render within 2x the minimal document, download within 1.5x.
(e) the signed permit (render + PAdES signature, issue 7) against (a) the render alone,
as a ratio, with the signing alone (e1) and the signature check of the verification page (f).

Uses a throw-away SQLite database and media root under a temporary KENDALI_VAR_DIR.
"""

import argparse
import io
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

from bench.machine import cpu_and_python

PASSWORD = "kata-sandi-bench-123"
MINIMAL_HTML = "<!DOCTYPE html><html lang='id'><body><p>Dokumen minimal.</p></body></html>"
COMMAND = "DEBUG=1 .venv/bin/python -m bench.documents"


def setup_django(var_dir: str) -> None:
    os.environ.setdefault("DEBUG", "1")
    os.environ["KENDALI_VAR_DIR"] = var_dir
    # WhiteNoise looks for STATIC_ROOT at start-up; the benchmark serves no collected files.
    (Path(var_dir) / "static").mkdir(exist_ok=True)
    os.environ["PRIVATE_MEDIA_ROOT"] = str(Path(var_dir) / "private")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The sample file's steps send e-mails: keep them in memory, not on the console.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    # A development signing key under the temporary KENDALI_VAR_DIR (numbering signs).
    call_command("create_dev_ca", stdout=io.StringIO())


def machine() -> str:
    return cpu_and_python()


def make_staff():
    from django.contrib.auth.models import Group, User

    from office.roles import Role

    staff = {}
    for role in Role:
        user = User.objects.create_user(
            username=f"bench_{role.value}", password=PASSWORD, first_name=role.label
        )
        user.groups.add(Group.objects.get(name=role.value))
        staff[role] = user
    return staff


def bench_urlconf(static_root: Path) -> types.ModuleType:
    """The project's URLs, plus the permit view and a static-file view at fixed paths."""
    from django.urls import include, path
    from django.views.static import serve

    from permits.views import pdf

    module = types.ModuleType("bench_urls")
    # The whole product (printed links and e-mails reverse its URLs), plus the two measured.
    module.urlpatterns = [
        path("", include("config.urls")),
        path("bench/izin/<int:pk>/", pdf.permit),
        path("bench/statis/<path:path>", serve, {"document_root": str(static_root)}),
    ]
    return module


def interleaved(funcs: dict, runs: int, warmup: int) -> dict[str, list[float]]:
    for _ in range(warmup):
        for func in funcs.values():
            func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(runs):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="renders of each document")
    parser.add_argument("--downloads", type=int, default=300, help="downloads of each file")
    args = parser.parse_args(argv)

    var_dir = tempfile.mkdtemp(prefix="kendali-bench-")
    try:
        setup_django(var_dir)
        return run(args, Path(var_dir))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def plain_paragraphs(html: str) -> str:
    """The same words as `html`, as plain paragraphs of 60 words (a floor for this text)."""
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S).split("<body", 1)[1]
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).split()
    paragraphs = "".join(
        "<p>" + " ".join(words[i : i + 60]) + "</p>" for i in range(0, len(words), 60)
    )
    return f"<!DOCTYPE html><html lang='id'><body>{paragraphs}</body></html>"


def run(args, var_dir: Path) -> int:
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches
    from pypdf import PdfReader
    from weasyprint import HTML

    from office import pdf as rendering
    from office.roles import Role
    from permits.documents.permit import (
        PERMIT_TEMPLATE,
        final_permit_context,
        issue_permit_document,
        render_final_permit,
        render_final_permit_for_signing,
        sign_final_permit,
    )
    from permits.sample import walk_to
    from permits.signing import get_signer
    from permits.signing.validation import check_pdf_signature
    from workflow.table import Status

    # As under Django's test runner: requests are timed with DEBUG off (no query log).
    settings.DEBUG = False
    static_root = var_dir / "static-bench"
    static_root.mkdir()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = bench_urlconf(static_root)
    clear_url_caches()

    start = time.perf_counter()
    rendering.warm_up()
    engine_ms = (time.perf_counter() - start) * 1000

    staff = make_staff()
    application = walk_to(
        Status.NUMBERED, staff=staff, password=PASSWORD, rng=random.Random(7), index=0
    )
    permit = application.permit
    if not permit.pdf:  # until the numbering step calls it itself
        issue_permit_document(permit)
    permit.refresh_from_db()
    with permit.pdf.open("rb") as handle:
        stored = handle.read()
    (static_root / "sama-ukuran.pdf").write_bytes(stored)
    size = len(stored)
    pages = len(PdfReader(io.BytesIO(stored)).pages)

    # (a) vs (b), with details: render times, interleaved; (e) render + sign vs (a).
    html = rendering.render_html(PERMIT_TEMPLATE, final_permit_context(application, permit))
    plain = plain_paragraphs(html)
    signer = get_signer()
    unsigned, box = render_final_permit_for_signing(application, permit)
    if not check_pdf_signature(stored).is_valid:
        raise SystemExit("the stored permit's signature does not validate")

    def render_and_sign():
        pdf, where = render_final_permit_for_signing(application, permit)
        return sign_final_permit(pdf, where, permit, signer=signer)

    renders = interleaved(
        {
            "permit": lambda: render_final_permit(application, permit),
            "signed": render_and_sign,
            "sign_only": lambda: sign_final_permit(unsigned, box, permit, signer=signer),
            "validate": lambda: check_pdf_signature(stored),
            "minimal": lambda: HTML(string=MINIMAL_HTML).write_pdf(),
            "permit_fresh": lambda: rendering._Engine().write_pdf(html),
            "plain": lambda: rendering._engine().write_pdf(plain),
            "minimal_engine": lambda: rendering._engine().write_pdf(MINIMAL_HTML),
        },
        runs=args.runs,
        warmup=2,
    )

    # (c) vs (d): downloads through the test client, same middleware and session.
    client = Client()
    client.force_login(staff[Role.FO])

    def fetch(url: str) -> None:
        response = client.get(url)
        body = b"".join(response.streaming_content)
        response.close()
        if response.status_code != 200 or len(body) != size:
            raise SystemExit(f"{url}: {response.status_code}, {len(body)} bytes")

    downloads = interleaved(
        {
            "permit": lambda: fetch(f"/bench/izin/{application.pk}/"),
            "static": lambda: fetch("/bench/statis/sama-ukuran.pdf"),
        },
        runs=args.downloads,
        warmup=10,
    )

    r = {k: statistics.median(v) * 1000 for k, v in renders.items()}
    d = {k: statistics.median(v) * 1000 for k, v in downloads.items()}
    render_ratio = r["permit"] / r["minimal"]
    signing_ratio = r["signed"] / r["permit"]
    download_ratio = d["permit"] / d["static"]

    def verdict(ratio: float, target: float) -> str:
        return "tercapai" if ratio <= target else "belum tercapai"

    def x(value: float) -> str:
        return f"{value / r['minimal']:.1f}x"

    print()
    print(f"Mesin: {machine()}")
    print(f"Perintah: `{COMMAND} --runs {args.runs} --downloads {args.downloads}`")
    print(f"Izin: {pages} halaman, {size} byte")
    print()
    print("| Pengukuran | Median | Pembanding | Median | Rasio | Target |")
    print("|---|---:|---|---:|---:|---|")
    print(
        f"| (a) render izin final ({args.runs}x) | {r['permit']:.1f} ms "
        f"| (b) dokumen WeasyPrint minimal 1 halaman | {r['minimal']:.1f} ms "
        f"| {render_ratio:.2f}x | <= 2x, {verdict(render_ratio, 2)} |"
    )
    print(
        f"| (c) unduh izin tersimpan ({args.downloads}x) | {d['permit']:.2f} ms "
        f"| (d) berkas statis sama ukuran | {d['static']:.2f} ms "
        f"| {download_ratio:.2f}x | <= 1,5x, {verdict(download_ratio, 1.5)} |"
    )
    print()
    print("| Rincian render | Median | terhadap (b) |")
    print("|---|---:|---:|")
    print(
        "| (a) izin final, FontConfiguration dan stylesheet bersama | "
        f"{r['permit']:.1f} ms | {x(r['permit'])} |"
    )
    print(
        "| (a1) izin final, FontConfiguration dan stylesheet dibuat ulang setiap render | "
        f"{r['permit_fresh']:.1f} ms | {x(r['permit_fresh'])} |"
    )
    print(
        "| (a2) kata-kata izin yang sama sebagai paragraf polos (batas bawah teks ini) | "
        f"{r['plain']:.1f} ms | {x(r['plain'])} |"
    )
    print(
        f"| (a) per halaman ({pages} halaman) | {r['permit'] / pages:.1f} ms | "
        f"{x(r['permit'] / pages)} |"
    )
    print(
        "| (b2) dokumen minimal lewat FontConfiguration dan stylesheet Kendali | "
        f"{r['minimal_engine']:.1f} ms | {x(r['minimal_engine'])} |"
    )
    print(f"| membangun setelan sekali per proses (warm_up) | {engine_ms:.1f} ms | - |")
    print()
    print("| Tanda tangan elektronik (issue 7) | Median | Pembanding | Median | Rasio |")
    print("|---|---:|---|---:|---:|")
    print(
        f"| (e) izin final dirender lalu ditandatangani (PAdES, {type(signer).__name__}) "
        f"| {r['signed']:.1f} ms | (a) izin final dirender saja | {r['permit']:.1f} ms "
        f"| {signing_ratio:.2f}x |"
    )
    print(
        f"| (e1) menandatangani saja (PDF {len(unsigned)} byte) | {r['sign_only']:.1f} ms "
        f"| (a) | {r['permit']:.1f} ms | {r['sign_only'] / r['permit']:.2f}x |"
    )
    print(
        f"| (f) memeriksa tanda tangan izin tersimpan (halaman verifikasi) "
        f"| {r['validate']:.1f} ms | (a) | {r['permit']:.1f} ms "
        f"| {r['validate'] / r['permit']:.2f}x |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
