"""Create a development CA and the Kepala Dinas's signing key, so that `make run` signs permits.

    DEBUG=1 .venv/bin/python manage.py create_dev_ca [--dir DIR] [--name NAME] [--force]

Writes ca.pem, kepala-dinas.p12, kepala-dinas.pem and passphrase.txt to DIR (default
KENDALI_SIGNING_DIR, i.e. var/signing/). Does nothing when they exist, unless --force.
These are for development only; production certificates (BSrE) are configured through
KENDALI_SIGNING_P12 / KENDALI_SIGNER and never committed.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from office.models import OfficeProfile
from permits.signing import devca


def default_signer_name() -> tuple[str, str]:
    """The Kepala Dinas's name and position from the office profile, if the database has one."""
    try:
        office = OfficeProfile.current()
    except DatabaseError:  # not migrated yet
        return "", ""
    return office.head_name, office.head_position


class Command(BaseCommand):
    help = "Membuat CA pengembangan dan sertifikat penandatangan Kepala Dinas (bukan produksi)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder tujuan (bawaan: KENDALI_SIGNING_DIR)")
        parser.add_argument("--name", help="nama pada sertifikat (bawaan: profil kantor)")
        parser.add_argument("--force", action="store_true", help="buat ulang walau sudah ada")

    def handle(self, *args, **options):
        directory = Path(options["dir"] or settings.KENDALI_SIGNING_DIR)
        if not options["dir"] and not settings.DEBUG:
            raise CommandError(
                "create_dev_ca membuat kunci PENGEMBANGAN: jalankan dengan DEBUG=1, "
                "atau beri --dir secara eksplisit."
            )
        name, position = default_signer_name()
        files, created = devca.create_dev_ca(
            directory,
            signer_name=options["name"] or name,
            title=position,
            force=options["force"],
        )
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"CA pengembangan dan kunci penandatangan dibuat di {files.directory}"
                )
            )
            self.stdout.write(f"  akar kepercayaan : {files.ca}")
            self.stdout.write(f"  kunci (PKCS#12)  : {files.p12}")
            self.stdout.write(f"  passphrase       : {files.passphrase}")
        else:
            self.stdout.write(
                f"CA pengembangan sudah ada di {files.directory} "
                "(pakai --force untuk membuat ulang)."
            )
