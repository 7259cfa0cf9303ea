"""Remove stored files that no row refers to (office/files.py), after a grace period.

    .venv/bin/python manage.py remove_unreferenced_files [--dry-run] [--grace-hours 6]

A process killed between writing a file and committing its row (the signed permit at
numbering, a scan at intake) leaves such a file; no number or row points to it, and it must
not reach backups. Run nightly (deploy/systemd/kendali-sweep.timer).

First it ends what is kept only for a while: every model whose manager has
`remove_expired()` (the scans kept for an intake form that came back with errors,
permits/models/kept_upload.py, after 24 hours) deletes its expired rows and their files.
The ground floor finds them through the app registry, so it imports no app above it.
"""

from datetime import timedelta

from django.apps import apps
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
        if not dry_run:
            for model in apps.get_models():
                remove_expired = getattr(model._default_manager, "remove_expired", None)
                if remove_expired is None:
                    continue
                removed = remove_expired()
                self.stdout.write(
                    f"{removed} {model._meta.verbose_name_plural} kedaluwarsa dihapus."
                )
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
