"""Back up the database and the stored files into one archive (docs/backup-and-storage.md).

    .venv/bin/python manage.py backup [--output FOLDER_OR_FILE.tar.gz] [--database ALIAS]

Writes kendali-backup-YYYYMMDD-HHMMSS.tar.gz (readable by its owner only) to FOLDER
(default: var/backups/). Check one later with `manage.py restore --check ARCHIVE`.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from permits.backup import BackupError, backup


class Command(BaseCommand):
    help = "Mencadangkan basis data dan semua berkas tersimpan ke satu arsip .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="folder tujuan, atau nama berkas yang berakhiran .tar.gz "
            "(bawaan: var/backups/ di KENDALI_VAR_DIR)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="alias basis data")

    def handle(self, *args, **options):
        output = Path(options["output"] or settings.VAR_DIR / "backups")
        try:
            result = backup(output, using=options["database"])
        except BackupError as err:
            raise CommandError(str(err)) from None
        manifest = result.manifest
        rows = sum(manifest["counts"].values())
        size = sum(entry["size"] for entry in manifest["files"].values())
        left_out = manifest["unreferenced_files_left_out"]
        if left_out:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(left_out)} berkas tanpa baris yang merujuknya tidak dicadangkan "
                    "(hapus dengan manage.py remove_unreferenced_files)."
                )
            )
        for name in result.missing_files:
            self.stderr.write(
                self.style.WARNING(f"Peringatan: {name} tercatat di basis data tetapi tidak ada.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis ke {result.path}: {rows} baris dari "
                f"{manifest['database']['vendor']}, {len(manifest['files'])} berkas "
                f"({size} byte)."
            )
        )
