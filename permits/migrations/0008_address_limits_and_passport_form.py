"""Addresses get a length limit, passport numbers one stored form (issue 13).

The three addresses stay TEXT columns: `max_length` on a TextField is enforced by the forms
built on it, so the change is to the migration state only (SQLite would otherwise copy both
tables for nothing) and no stored row can fail it. Passport numbers already stored as
typed are brought to the form `permits.validators.normalize_passport` now stores (no
spaces or hyphens, capital letters), so "a1234567" and "A1234567" become one number; a
value that would still not be 6 to 12 letters and digits is left as it was.
"""

import re

from django.db import migrations, models

import permits.validators

SEPARATORS = re.compile(r"[\s\-]")
STORED_FORM = re.compile(r"[A-Za-z0-9]{6,12}")


def normalise_passports(apps, schema_editor):
    Applicant = apps.get_model("permits", "Applicant")
    for applicant in Applicant.objects.exclude(passport_number="").only("passport_number"):
        compact = SEPARATORS.sub("", applicant.passport_number)
        if STORED_FORM.fullmatch(compact) and compact.upper() != applicant.passport_number:
            applicant.passport_number = compact.upper()
            applicant.save(update_fields=["passport_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0007_office_profile_moves_to_office"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="applicant",
                    name="address",
                    field=models.TextField(max_length=300, verbose_name="alamat"),
                ),
                migrations.AlterField(
                    model_name="application",
                    name="company_address",
                    field=models.TextField(max_length=300, verbose_name="alamat perusahaan"),
                ),
                migrations.AlterField(
                    model_name="application",
                    name="factory_location",
                    field=models.TextField(max_length=300, verbose_name="lokasi pabrik"),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="applicant",
            name="passport_number",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[permits.validators.validate_passport],
                verbose_name="nomor paspor",
            ),
        ),
        migrations.RunPython(normalise_passports, migrations.RunPython.noop),
    ]
