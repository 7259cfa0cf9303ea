"""Daily deadline reminders, for cron (e.g. `30 7 * * 1-5`): files due today or overdue.

Each officer gets the files in their own queue; each Kabid a summary. Running it twice
on one day sends nothing twice. On a day that is not a working day it sends nothing,
unless --force.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Kirim pengingat berkas yang jatuh tempo hari ini atau terlambat kepada petugas."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Tanggal yang dihitung sebagai hari ini (YYYY-MM-DD); bawaan hari ini."
        )
        parser.add_argument(
            "--force", action="store_true", help="Kirim juga bila hari itu bukan hari kerja."
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date harus berbentuk YYYY-MM-DD.") from None
        outcome = send_deadline_reminders(today=today, force=options["force"])
        if outcome.skipped_day:
            self.stdout.write(f"{today:%d-%m-%Y} bukan hari kerja: tidak ada pengingat dikirim.")
            return
        for username, kind in outcome.sent:
            self.stdout.write(f"Terkirim: {username} ({kind})")
        if outcome.already_sent:
            self.stdout.write(f"{outcome.already_sent} pengingat sudah terkirim hari ini.")
        for username in outcome.without_email:
            self.stderr.write(f"Tidak terkirim: {username} tidak punya alamat e-mail.")
        for username in outcome.failed:
            self.stderr.write(f"Gagal terkirim: {username} (lihat log).")
        self.stdout.write(self.style.SUCCESS(f"{len(outcome.sent)} pengingat terkirim."))
