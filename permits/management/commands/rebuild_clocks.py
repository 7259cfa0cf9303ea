"""Recompute every file's clock and every pre-counted figure from the control card.

Safe to run at any time: the control card is the record, the clocks and figures are
derived from it. Needed after a day in the past was changed in the office calendar,
or after an upgrade of the `holidays` package changed a past holiday.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from office.calendar import load_calendar
from permits.models import Application
from tracking.clocks import rebuild


class Command(BaseCommand):
    help = "Hitung ulang jam layanan setiap berkas dan rekap angka dari kartu kendali."

    def handle(self, *args, **options):
        with transaction.atomic():
            files, rows = rebuild(
                calendar=load_calendar(),
                # Each file's own time limit: the version it was registered under.
                service_days=dict(Application.objects.values_list("pk", "standard__service_days")),
                services=dict(Application.objects.values_list("pk", "standard__service_id")),
            )
        self.stdout.write(self.style.SUCCESS(f"{files} berkas dan {rows} baris rekap dihitung."))
