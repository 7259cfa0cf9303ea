"""Restore a backup archive into a NEW database and an empty storage (docs/backup-and-storage.md).

    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py restore ARCHIVE.tar.gz [--database ALIAS]
    .venv/bin/python manage.py restore --check ARCHIVE.tar.gz   # only verify the archive

Refuses a database that already holds applications, permits, control-card entries,
complaints, survey answers or number counters, and a database at other migrations than
the backup's. Every hash is checked before anything is written, and every file is read
back from the storage afterwards.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from permits.backup import BackupError, restore


class Command(BaseCommand):
    help = "Memulihkan arsip cadangan ke basis data baru (sudah dimigrasi) dan penyimpanan kosong."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="arsip .tar.gz dari `manage.py backup`")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="alias basis data")
        parser.add_argument(
            "--check",
            action="store_true",
            help="hanya periksa arsip terhadap manifesnya; tidak menulis apa pun",
        )

    def handle(self, *args, **options):
        try:
            result = restore(
                options["archive"], using=options["database"], check_only=options["check"]
            )
        except BackupError as err:
            raise CommandError(str(err)) from None
        manifest = result.manifest
        origin = (
            f"cadangan {manifest['created_at']} (Kendali {manifest['kendali_version']}, "
            f"{manifest['database']['vendor']})"
        )
        for label, count in result.counts.items():
            if count:
                self.stdout.write(f"  {apps.get_model(label)._meta.verbose_name_plural}: {count}")
        for name in result.missing_files:
            self.stderr.write(
                self.style.WARNING(f"Peringatan: {name} sudah tidak ada saat cadangan dibuat.")
            )
        if options["check"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Arsip utuh: {origin}; {result.files} berkas cocok dengan manifes."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {origin}: {sum(result.counts.values())} baris, "
                f"{result.files} berkas ({result.bytes} byte), semua SHA-256 cocok."
            )
        )
