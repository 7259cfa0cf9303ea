"""`manage.py import_service FILE [--dry-run]`: a service standard file as a new version.

The file is checked whole (every problem named by line and key path, exit code 1) and then
written in one transaction; with --dry-run it is written and rolled back, so the model's
rules and the duplicate check run too and nothing stays. docs/services.md.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from permits.models import Service
from permits.standard_file import StandardFileError, import_standard, read


class _DryRun(Exception):
    """Raised inside the transaction to undo what a dry run wrote."""


class Command(BaseCommand):
    help = "Impor berkas standar pelayanan (YAML atau JSON) sebagai versi baru sebuah layanan."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .yaml, .yml atau .json.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Periksa dan tampilkan yang akan dibuat tanpa menyimpan apa pun.",
        )

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        fmt = "json" if path.suffix.lower() == ".json" else None
        if path.suffix.lower() in (".yaml", ".yml"):
            fmt = "yaml"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self._fail([f"Berkas {file} tidak dapat dibaca: {error}"])
        try:
            data = read(text, fmt)
            existing = Service.objects.filter(code=data.service.code).first()
            with transaction.atomic():
                standard = import_standard(data)
                lines = self._describe(data, existing, standard)
                if dry_run:
                    raise _DryRun
        except StandardFileError as error:
            self._fail(error.messages)
        except _DryRun:
            lines.append("Uji coba (--dry-run): tidak ada yang disimpan.")
        for line in lines:
            self.stdout.write(line)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Standar pelayanan diimpor."))

    def _describe(self, data, existing, standard) -> list[str]:
        service = standard.service
        verb = "Akan dibuat" if existing is None else "Layanan yang ada"
        lines = [
            f"{verb}: layanan {service.code} ({service.name}, {service.get_category_display()})."
        ]
        if existing is not None and existing.name != data.service.name:
            lines.append(
                f"  Nama di berkas ({data.service.name}) berbeda; nama yang tersimpan tetap "
                "dipakai (ubah di admin bila perlu)."
            )
        if existing is not None and existing.active != data.service.active:
            lines.append("  Status aktif di berkas berbeda; status yang tersimpan tetap dipakai.")
        lines.append(
            f"Versi {standard.version}, berlaku sejak {standard.effective_from:%d-%m-%Y}: "
            f"{standard.requirements.count()} persyaratan, "
            f"{standard.commitment_types.count()} komitmen, {standard.items.count()} uraian."
        )
        if data.version.version is not None and data.version.version != standard.version:
            lines.append(
                f"  Berkas menyebut versi {data.version.version}; versi berikutnya layanan ini "
                f"adalah {standard.version}."
            )
        return lines

    def _fail(self, messages: list[str]):
        self.stderr.write("Berkas ditolak:")
        for message in messages:
            self.stderr.write(f"- {message}")
        sys.exit(1)
