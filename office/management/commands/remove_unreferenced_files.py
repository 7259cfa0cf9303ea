"""Remove stored files that no row refers to (office/files.py), after a grace period.

    .venv/bin/python manage.py remove_unreferenced_files [--dry-run] [--grace-hours 6]

A process killed between writing a file and committing its row (the signed permit at
numbering, a scan at intake) leaves such a file; no number or row points to it, and it must
not reach backups. Run nightly (deploy/systemd/kendali-sweep.timer).
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from office.files import unreferenced


class Command(BaseCommand):
    help = "Hapus berkas tersimpan yang tidak dirujuk baris mana pun (setelah masa tenggang)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="hanya tampilkan")
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=6.0,
            help="lewati berkas yang ditulis kurang dari sekian jam lalu (bawaan: 6)",
        )

    def handle(self, *args, dry_run: bool, grace_hours: float, **options):
        found = unreferenced(older_than=timedelta(hours=grace_hours))
        for item in found:
            if not dry_run:
                default_storage.delete(item.name)
            verb = "akan dihapus" if dry_run else "dihapus"
            self.stdout.write(f"{item.name} ({item.modified:%Y-%m-%d %H:%M}) {verb}")
        if dry_run:
            self.stdout.write(f"{len(found)} berkas tanpa rujukan (tidak ada yang dihapus).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(found)} berkas tanpa rujukan dihapus."))
