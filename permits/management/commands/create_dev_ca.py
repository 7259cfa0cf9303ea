"""Create a development PKI and the Kepala Dinas's signing key, so that `make run` signs permits.

    DEBUG=1 .venv/bin/python manage.py create_dev_ca [--dir DIR] [--name NAME] [--force]
        [--pki-url URL]

Writes the root CA (ca.pem and its key), kepala-dinas.p12, kepala-dinas.pem, passphrase.txt,
the TSA's and the OCSP responder's certificates and keys to DIR (default KENDALI_SIGNING_DIR,
i.e. var/signing/; see permits/signing/devca.py). The certificates name the CRL and the OCSP
responder of `manage.py dev_pki serve` at URL (default KENDALI_DEV_PKI_URL; an empty URL names
none). Does nothing when the files exist, unless --force. These are for development only;
production certificates (BSrE) are configured through KENDALI_SIGNING_P12 / KENDALI_SIGNER
and never committed.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from office.models import OfficeProfile
from permits.sample import DEMO_HEAD_NAME, DEMO_KABID_NAME
from permits.signing import devca


def default_signer_name() -> tuple[str, str, str]:
    """The Kepala Dinas's name and position and the Kepala Bidang's name from the office
    profile, if the database has one."""
    try:
        office = OfficeProfile.current()
    except DatabaseError:  # not migrated yet
        return "", "", ""
    if not office.head_name:  # before `seed_demo`: the demo office's names
        return DEMO_HEAD_NAME, office.head_position, DEMO_KABID_NAME
    return office.head_name, office.head_position, office.kabid_name


class Command(BaseCommand):
    help = "Membuat CA pengembangan dan sertifikat penandatangan Kepala Dinas (bukan produksi)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder tujuan (bawaan: KENDALI_SIGNING_DIR)")
        parser.add_argument("--name", help="nama pada sertifikat (bawaan: profil kantor)")
        parser.add_argument("--force", action="store_true", help="buat ulang walau sudah ada")
        parser.add_argument(
            "--pki-url",
            help="alamat dasar CRL/OCSP dalam sertifikat (bawaan: KENDALI_DEV_PKI_URL)",
        )

    def handle(self, *args, **options):
        directory = Path(options["dir"] or settings.KENDALI_SIGNING_DIR)
        if not options["dir"] and not settings.DEBUG:
            raise CommandError(
                "create_dev_ca membuat kunci PENGEMBANGAN: jalankan dengan DEBUG=1, "
                "atau beri --dir secara eksplisit."
            )
        name, position, kabid_name = default_signer_name()
        pki_url = options["pki_url"]
        if pki_url is None:
            pki_url = settings.KENDALI_DEV_PKI_URL
        force = options["force"]
        existing = devca.DevCaFiles(directory)
        if existing.complete() and not existing.has_pki() and not force:
            # A folder from before the PKI (no root key, no TSA): `dev_pki serve` cannot run
            # from it, so `make run` would sign without long-term data. Development keys only.
            self.stdout.write(
                "CA pengembangan lama (tanpa kunci akar dan TSA) diganti dengan yang baru; "
                "izin demo yang ditandatangani sebelumnya tidak lagi dipercaya."
            )
            force = True
        files, created = devca.create_dev_ca(
            directory,
            signer_name=options["name"] or name,
            title=position,
            force=force,
            pki_url=pki_url or None,
            kabid_name=kabid_name,
        )
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"CA pengembangan dan kunci penandatangan dibuat di {files.directory}"
                )
            )
            self.stdout.write(f"  akar kepercayaan : {files.ca}")
            self.stdout.write(f"  kunci (PKCS#12)  : {files.p12}")
            self.stdout.write(f"  kunci Kabid      : {files.kabid_p12}")
            self.stdout.write(f"  passphrase       : {files.passphrase}")
            self.stdout.write(f"  TSA              : {files.tsa_certificate}")
            if pki_url:
                self.stdout.write(f"  CRL/OCSP/TSA     : {pki_url} (manage.py dev_pki serve)")
        else:
            self.stdout.write(
                f"CA pengembangan sudah ada di {files.directory} "
                "(pakai --force untuk membuat ulang)."
            )
            if not files.has_pki():
                self.stdout.write(
                    "  CA ini dibuat versi lama, tanpa kunci akar dan TSA: PKI pengembangan "
                    "(dev_pki serve) tidak dapat berjalan. Buat ulang dengan --force."
                )
