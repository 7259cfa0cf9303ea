"""Export the permits of a period as an archive package (docs/archive.md).

.venv/bin/python manage.py export_archive --year 2026 [--output FOLDER_OR_FILE.zip]
.venv/bin/python manage.py export_archive --from 2026-01-01 --to 2026-06-30
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from permits.archive import write_package


def _day(value: str, name: str) -> date:
    day = parse_date(value or "")
    if day is None:
        raise CommandError(f"{name}: tanggal tidak dikenali ({value!r}); gunakan YYYY-MM-DD.")
    return day


class Command(BaseCommand):
    help = "Mengekspor izin suatu periode sebagai paket arsip (PDF dan catatan JSON per izin)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="tahun terbit izin (1 Januari-31 Desember)")
        parser.add_argument("--from", dest="start", help="tanggal terbit awal, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="tanggal terbit akhir, YYYY-MM-DD")
        parser.add_argument(
            "--output",
            help="folder tujuan, atau nama berkas .zip (bawaan: var/archive/ di KENDALI_VAR_DIR)",
        )

    def handle(self, *args, **options):
        if options["year"]:
            if options["start"] or options["end"]:
                raise CommandError("Pakai --year atau --from/--to, tidak keduanya.")
            start, end = date(options["year"], 1, 1), date(options["year"], 12, 31)
        elif options["start"] and options["end"]:
            start, end = _day(options["start"], "--from"), _day(options["end"], "--to")
        else:
            raise CommandError("Sebutkan periode: --year TAHUN, atau --from dan --to.")
        if end < start:
            raise CommandError("--to tidak boleh sebelum --from.")
        output = Path(options["output"] or settings.VAR_DIR / "archive")
        if output.suffix != ".zip":
            output = output / f"arsip-izin-{start.isoformat()}-{end.isoformat()}.zip"
        package = write_package(start, end, output)
        for number in package.missing:
            self.stderr.write(f"Dokumen izin {number} tidak dapat dibaca; dilewati.")
        self.stdout.write(
            f"Paket arsip {package.path}: {package.permits} izin, {package.letters} surat."
        )
