"""Sync with SP4N-LAPOR! now: complaints in, follow-ups out (docs/lapor.md).

Runs whatever the schedule and its back-off say, but never beside another run; exits with
status 1 when LAPOR! is not configured, another run holds the lock, or the run failed.
"""

from django.core.management.base import BaseCommand, CommandError

from complaints import lapor, lapor_sync


class Command(BaseCommand):
    help = "Sinkronkan pengaduan dengan SP4N-LAPOR! sekarang."

    def handle(self, *args, **options):
        if not lapor.is_configured():
            raise CommandError(
                "SP4N-LAPOR! belum dikonfigurasi (LAPOR_API_URL dan LAPOR_API_TOKEN)."
            )
        record = lapor_sync.run(force=True)
        if record is None:
            raise CommandError("Sinkronisasi lain sedang berjalan; coba lagi nanti.")
        line = lapor_sync.describe(record)
        if not record.ok:
            raise CommandError(line)
        self.stdout.write(line)
