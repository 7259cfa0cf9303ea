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
(g) issue 16: today's archival permit (PDF/A-3b render + PAdES signature with an RFC 3161
timestamp + B-LTA: DSS with CRL/OCSP answers and a document timestamp, against the
development PKI on loopback) against the permit as issue 15 made it (plain PDF render + a
PAdES signature without timestamp, Courier stamp), in the same run; and the public
verification page of the B-LTA permit, cold (its report computed) and warm (cached).

Uses a throw-away SQLite database and media root under a temporary KENDALI_VAR_DIR.
"""

import argparse
import hashlib
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


def setup_django(var_dir: str, *, pki: bool = False):
    """Django on a throw-away database; with `pki`, the development PKI's server on a free
    loopback port (returned, started), bound before the CA is made so its certificates name it."""
    os.environ.setdefault("DEBUG", "1")
    os.environ["KENDALI_VAR_DIR"] = var_dir
    server = None
    if pki:
        from permits.signing.devpki import DevPkiServer

        server = DevPkiServer(Path(var_dir) / "signing")
        os.environ["KENDALI_DEV_PKI_URL"] = server.url
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
    call_command("createcachetable", verbosity=0)
    # A development signing key under the temporary KENDALI_VAR_DIR (numbering signs).
    call_command("create_dev_ca", stdout=io.StringIO())
    return server.start() if server else None


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
    pki = None
    try:
        pki = setup_django(var_dir, pki=True)
        return run(args, Path(var_dir), pki)
    finally:
        if pki is not None:
            pki.stop()
        shutil.rmtree(var_dir, ignore_errors=True)


def plain_paragraphs(html: str) -> str:
    """The same words as `html`, as plain paragraphs of 60 words (a floor for this text)."""
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S).split("<body", 1)[1]
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).split()
    paragraphs = "".join(
        "<p>" + " ".join(words[i : i + 60]) + "</p>" for i in range(0, len(words), 60)
    )
    return f"<!DOCTYPE html><html lang='id'><body>{paragraphs}</body></html>"


def old_stamp_style():
    """The visible signature as issue 15 drew it: pyHanko's default Courier, numeric date."""
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    from permits.signing.pkcs12 import STAMP_TEXT

    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        border_width=1,
        background=None,
        text_box_style=TextBoxStyle(font_size=8, leading=10),
    )


def long_term(args, application, permit, staff, pki) -> dict:
    """(g): issue 15's permit against issue 16's, render and signature, interleaved."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.files.base import ContentFile
    from django.test import Client
    from weasyprint import HTML

    from office import pdf as rendering
    from permits.documents.permit import (
        PERMIT_TEMPLATE,
        final_permit_context,
        make_long_term,
        render_final_permit_for_signing,
        sign_final_permit,
    )
    from permits.models import Permit
    from permits.signing import pkcs12
    from permits.signing.pkcs12 import Pkcs12Signer, read_secret
    from permits.signing.validation import check_pdf_signature

    passphrase = read_secret(
        settings.KENDALI_SIGNING_PASSPHRASE, settings.KENDALI_SIGNING_PASSPHRASE_FILE
    )
    plain_signer = Pkcs12Signer(settings.KENDALI_SIGNING_P12, passphrase, tsa_url=None)
    tsa_url = pki.url + "/tsa"
    timestamped = Pkcs12Signer(settings.KENDALI_SIGNING_P12, passphrase, tsa_url=tsa_url)
    settings.KENDALI_TSA_URL = tsa_url
    settings.KENDALI_LONG_TERM_SIGNATURES = True
    html = rendering.render_html(PERMIT_TEMPLATE, final_permit_context(application, permit))
    _, box = render_final_permit_for_signing(application, permit)
    engine = rendering._engine()

    def plain_render() -> bytes:
        # What office/pdf.py wrote before issue 16: no PDF/A variant, WeasyPrint's metadata.
        with engine.lock:
            return HTML(
                string=html,
                base_url=rendering.pdf_templates_dir().as_uri() + "/",
                url_fetcher=engine.fetcher,
            ).write_pdf(stylesheets=[engine.stylesheet], font_config=engine.font_config)

    new_style = pkcs12.stamp_style

    def before() -> bytes:
        pkcs12.stamp_style = old_stamp_style
        try:
            return sign_final_permit(plain_render(), box, permit, signer=plain_signer)
        finally:
            pkcs12.stamp_style = new_style

    def after() -> bytes:
        pdf, where = render_final_permit_for_signing(application, permit)
        signed = sign_final_permit(pdf, where, permit, signer=timestamped)
        return make_long_term(signed)[0]

    runs = max(3, args.runs // 2)
    sample = after()
    check = check_pdf_signature(sample)
    if not (check.is_valid and check.dss):
        raise SystemExit(f"the B-LTA permit does not validate: {check.verdict} {check.reasons}")
    before_sample = before()
    timings = interleaved(
        {
            "render_before": plain_render,
            "render_after": lambda: render_final_permit_for_signing(application, permit),
            "before": before,
            "after": after,
            "validate_before": lambda: check_pdf_signature(before_sample),
            "validate_after": lambda: check_pdf_signature(sample),
        },
        runs=runs,
        warmup=1,
    )

    # The verification page of a B-LTA permit (the stored document's report), via the client:
    # the bench's permit is given the B-LTA bytes as its stored document.
    permit.pdf.save(f"{permit.verification_code}-lta.pdf", ContentFile(sample), save=False)
    Permit.objects.filter(pk=permit.pk).update(
        pdf=permit.pdf.name, pdf_sha256=hashlib.sha256(sample).hexdigest(), pdf_size=len(sample)
    )
    client = Client()
    url = f"/verifikasi/{permit.verification_code}/"

    def page(cold: bool):
        if cold:
            cache.clear()
        response = client.get(url)
        if response.status_code != 200 or b"SAH" not in response.content:
            raise SystemExit(f"{url}: {response.status_code}")

    pages = interleaved(
        {"cold": lambda: page(True), "warm": lambda: page(False)}, runs=runs, warmup=1
    )
    return {
        "runs": runs,
        "sizes": (len(before_sample), len(sample)),
        **{k: statistics.median(v) * 1000 for k, v in timings.items()},
        **{f"page_{k}": statistics.median(v) * 1000 for k, v in pages.items()},
    }


def run(args, var_dir: Path, pki=None) -> int:
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
    if pki is not None:
        # The stored permit as `make run` issues it: B-LTA against the development PKI. The
        # timings (a) to (f) then sign as before (no TSA); (g) compares the two.
        settings.KENDALI_TSA_URL = pki.url + "/tsa"
        settings.KENDALI_LONG_TERM_SIGNATURES = True
    application = walk_to(
        Status.NUMBERED, staff=staff, password=PASSWORD, rng=random.Random(7), index=0
    )
    permit = application.permit
    if not permit.pdf:  # until the numbering step calls it itself
        issue_permit_document(permit)
    permit.refresh_from_db()
    settings.KENDALI_TSA_URL = None
    settings.KENDALI_LONG_TERM_SIGNATURES = False
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
        check = check_pdf_signature(stored)
        raise SystemExit(
            f"the stored permit's signature does not validate: {check.verdict} {check.reasons}"
        )

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
    if pki is None:
        return 0
    g = long_term(args, application, permit, staff, pki)
    print()
    print(
        f"| Dokumen yang bertahan (issue 16, {g['runs']}x, PKI pengembangan di loopback) "
        "| Median | Pembanding (issue 15) | Median | Rasio |"
    )
    print("|---|---:|---|---:|---:|")
    print(
        f"| (g1) render PDF/A-3b dengan XMP | {g['render_after']:.1f} ms "
        f"| render PDF biasa | {g['render_before']:.1f} ms "
        f"| {g['render_after'] / g['render_before']:.2f}x |"
    )
    print(
        f"| (g2) render + tanda tangan + cap waktu TSA + B-LTA (DSS, CRL/OCSP, cap waktu "
        f"dokumen) | {g['after']:.1f} ms | render + tanda tangan tanpa cap waktu "
        f"| {g['before']:.1f} ms | {g['after'] / g['before']:.2f}x |"
    )
    print(
        f"| (g3) ukuran berkas B-LTA | {g['sizes'][1]} byte | berkas lama "
        f"| {g['sizes'][0]} byte | {g['sizes'][1] / g['sizes'][0]:.2f}x |"
    )
    print(
        f"| (g4) memeriksa tanda tangan B-LTA | {g['validate_after']:.1f} ms "
        f"| memeriksa tanda tangan lama | {g['validate_before']:.1f} ms "
        f"| {g['validate_after'] / g['validate_before']:.2f}x |"
    )
    print(
        f"| (g5) halaman verifikasi izin B-LTA, laporan dihitung | {g['page_cold']:.1f} ms "
        f"| halaman yang sama, laporan dari cache | {g['page_warm']:.1f} ms "
        f"| {g['page_cold'] / g['page_warm']:.2f}x |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
