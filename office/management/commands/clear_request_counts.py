"""Daily: delete the public pages' per-address counters whose window has closed."""

from django.core.management.base import BaseCommand

from office.throttle import clear_closed_windows


class Command(BaseCommand):
    help = "Hapus hitungan permintaan per alamat yang jendelanya sudah berakhir."

    def handle(self, *args, **options):
        deleted = clear_closed_windows()
        self.stdout.write(f"{deleted} hitungan kedaluwarsa dihapus.")
