"""The series of the outgoing-letter register, one per kind of letter (editable in the admin)."""

from django.db import migrations

SERIES = [
    # code, kind, name, number format, signatory, on behalf
    (
        "BLK",
        "incomplete",
        "Pemberitahuan kekurangan berkas",
        "503/{seq:03d}/BLK/DPMPTSP/{year}",
        "kabid",
        "a.n. Kepala Dinas",
    ),
    (
        "PRB",
        "returned",
        "Pemberitahuan perbaikan berkas",
        "503/{seq:03d}/PRB/DPMPTSP/{year}",
        "kabid",
        "a.n. Kepala Dinas",
    ),
    (
        "PNL",
        "rejection",
        "Surat penolakan permohonan",
        "503/{seq:03d}/PNL/DPMPTSP/{year}",
        "head",
        "",
    ),
    (
        "BAST",
        "handover",
        "Berita acara serah terima izin",
        "503/{seq:03d}/BAST/DPMPTSP/{year}",
        "kabid",
        "a.n. Kepala Dinas",
    ),
    ("UMUM", "general", "Surat keluar lainnya", "{seq:03d}/DPMPTSP/{year}", "head", ""),
]


def seed(apps, schema_editor):
    LetterSeries = apps.get_model("permits", "LetterSeries")
    for code, kind, name, number_format, signatory, on_behalf in SERIES:
        LetterSeries.objects.get_or_create(
            kind=kind,
            defaults={
                "code": code,
                "name": name,
                "number_format": number_format,
                "signatory": signatory,
                "on_behalf": on_behalf,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("permits", "0020_letters_register")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
