"""Count every survey answer afresh into the survey's figures (complaints/survey_counts.py).

Safe at any time: the answers are the record, the figures are derived from them. Needed
only if answers were written past the ORM's save (raw SQL, bulk_create).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from complaints import survey_counts


class Command(BaseCommand):
    help = "Hitung ulang rekap survei kepuasan dari semua jawaban survei."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = survey_counts.rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows} baris rekap survei dihitung."))
