"""The development PKI: serve its CRL, OCSP and TSA; revoke; issue new certificates.

    DEBUG=1 .venv/bin/python manage.py dev_pki serve        # on KENDALI_DEV_PKI_URL (loopback)
    DEBUG=1 .venv/bin/python manage.py dev_pki wait         # until it answers (for `make run`)
    DEBUG=1 .venv/bin/python manage.py dev_pki status
    DEBUG=1 .venv/bin/python manage.py dev_pki revoke [--serial HEX] [--reason key_compromise]
    DEBUG=1 .venv/bin/python manage.py dev_pki issue-new [--days 730]   # new signing certificate
    DEBUG=1 .venv/bin/python manage.py dev_pki issue-tsa [--days 1825]  # new TSA certificate

Works on the development CA in KENDALI_SIGNING_DIR (or --dir), made by `create_dev_ca`
(permits/signing/devca.py); the server is permits/signing/devpki.py. For development only:
it refuses to run without DEBUG=1 unless --dir is given, and serves on loopback only.
"""

import contextlib
import datetime as dt
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from office.indonesian import tanggal_jam
from permits.signing import devca
from permits.signing.devpki import DevPkiServer

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _common_name(certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else "?"


class Command(BaseCommand):
    help = "PKI pengembangan: CRL, OCSP dan TSA di loopback; pencabutan; sertifikat baru."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder CA pengembangan (bawaan: KENDALI_SIGNING_DIR)")
        actions = parser.add_subparsers(dest="action", required=True, metavar="perintah")
        serve = actions.add_parser("serve", help="layani /crl, /ocsp dan /tsa")
        serve.add_argument("--url", help="alamat dasar (bawaan: KENDALI_DEV_PKI_URL)")
        serve.add_argument("--verbose", action="store_true", help="catat setiap permintaan")
        wait = actions.add_parser("wait", help="tunggu sampai PKI pengembangan menjawab")
        wait.add_argument("--url", help="alamat dasar (bawaan: KENDALI_DEV_PKI_URL)")
        wait.add_argument("--timeout", type=float, default=10, help="detik (bawaan 10)")
        actions.add_parser("status", help="sertifikat dan pencabutannya")
        revoke = actions.add_parser("revoke", help="cabut sertifikat penandatangan")
        revoke.add_argument("--serial", help="nomor seri heksadesimal (bawaan: penandatangan)")
        revoke.add_argument("--reason", default="key_compromise", choices=sorted(devca.REASONS))
        issue = actions.add_parser("issue-new", help="sertifikat penandatangan baru")
        issue.add_argument("--days", type=int, default=devca.SIGNING_DAYS)
        tsa = actions.add_parser("issue-tsa", help="sertifikat TSA baru")
        tsa.add_argument("--days", type=int, default=devca.TSA_DAYS)

    def handle(self, *args, **options):
        if not options["dir"] and not settings.DEBUG:
            raise CommandError(
                "dev_pki melayani PKI PENGEMBANGAN: jalankan dengan DEBUG=1, "
                "atau beri --dir secara eksplisit."
            )
        files = devca.DevCaFiles(Path(options["dir"] or settings.KENDALI_SIGNING_DIR))
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"do_{action}")(files, options)
        except devca.DevPkiError as err:
            raise CommandError(str(err)) from err

    def _url(self, options) -> tuple[str, str, int]:
        url = (options.get("url") or settings.KENDALI_DEV_PKI_URL or devca.DEFAULT_PKI_URL).rstrip(
            "/"
        )
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise CommandError(f"Alamat PKI pengembangan tidak valid: {url}")
        return url, parts.hostname, parts.port or 80

    def do_serve(self, files, options):
        if not files.has_pki():
            raise CommandError(
                f"CA pengembangan di {files.directory} belum lengkap (kunci akar, TSA, OCSP). "
                "Jalankan: manage.py create_dev_ca --force"
            )
        url, host, port = self._url(options)
        if host not in LOOPBACK:
            raise CommandError(f"PKI pengembangan hanya melayani loopback, bukan {host}.")
        named = devca.stored_pki_url(files)
        if named and named.rstrip("/") != url:
            self.stderr.write(
                f"Perhatian: sertifikat menyebut {named}, tetapi PKI dilayani di {url}."
            )
        try:
            server = DevPkiServer(files.directory, host=host, port=port, verbose=options["verbose"])
        except OSError as err:
            raise CommandError(f"PKI pengembangan tidak dapat dijalankan di {url}: {err}") from err
        self.stdout.write(
            f"PKI pengembangan berjalan di {url}: /crl, /ocsp, /tsa (Ctrl+C berhenti)"
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()

    def do_wait(self, files, options):
        url, _host, _port = self._url(options)
        deadline = time.monotonic() + options["timeout"]
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise CommandError(f"PKI pengembangan tidak menjawab di {url}.")
            time.sleep(0.2)

    def do_status(self, files, options):
        revoked = devca.revocations(files)
        certificates = [("Penandatangan", devca.signing_certificate(files))]
        if files.tsa_certificate.is_file():
            certificates.append(("TSA", devca.load_tsa(files)[1]))
        for label, certificate in certificates:
            state = "berlaku"
            if certificate.serial_number in revoked:
                state = f"DICABUT sejak {tanggal_jam(revoked[certificate.serial_number][0])}"
            self.stdout.write(
                f"{label}: {_common_name(certificate)}, seri {certificate.serial_number:X}, "
                f"s.d. {tanggal_jam(certificate.not_valid_after_utc)}, {state}"
            )
        self.stdout.write(f"CRL/OCSP: {devca.stored_pki_url(files) or '(tidak disebut)'}")

    def do_revoke(self, files, options):
        serial = int(options["serial"], 16) if options["serial"] else None
        serial = devca.revoke(files, serial, reason=options["reason"])
        self.stdout.write(
            self.style.WARNING(
                f"Sertifikat seri {serial:X} dicabut ({options['reason']}) pada "
                f"{tanggal_jam(dt.datetime.now(dt.UTC))}. Izin yang ditandatangani sebelumnya "
                "tetap sah; penomoran berikutnya gagal sampai ada sertifikat baru "
                "(manage.py dev_pki issue-new)."
            )
        )

    def do_issue_new(self, files, options):
        certificate = devca.issue_new_signing_certificate(files, days=options["days"])
        until = tanggal_jam(certificate.not_valid_after_utc)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sertifikat penandatangan baru: {_common_name(certificate)}, seri "
                f"{certificate.serial_number:X}, s.d. {until}"
            )
        )

    def do_issue_tsa(self, files, options):
        certificate = devca.issue_new_tsa_certificate(files, days=options["days"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Sertifikat TSA baru: seri {certificate.serial_number:X}, s.d. "
                f"{tanggal_jam(certificate.not_valid_after_utc)}"
            )
        )
