"""Services as data: IUPI becomes a Service whose standard is version 1; files keep it.

The standard row that existed becomes IUPI's first version, in force since 2019 (or the
first file's day, if earlier); every file points to it and every permit names its series ("iupi"), so the
counters go on as they were.
"""

from datetime import date

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


SEED_IN_FORCE = date(2019, 1, 1)


def make_services(apps, schema_editor):
    Service = apps.get_model("permits", "Service")
    ServiceStandard = apps.get_model("permits", "ServiceStandard")
    Application = apps.get_model("permits", "Application")
    Permit = apps.get_model("permits", "Permit")
    first = Application.objects.order_by("created_at").values_list("created_at", flat=True).first()
    # The seed standard's newest legal basis dates from 2019; a file registered earlier
    # (restored from another system) moves the start back to its day.
    since = min(timezone.localdate(first), SEED_IN_FORCE) if first else SEED_IN_FORCE
    for standard in ServiceStandard.objects.order_by("pk"):
        service = Service.objects.create(
            code=standard.code, name=standard.name, category="business", active=True
        )
        standard.service = service
        standard.version = 1
        standard.effective_from = since
        standard.save(update_fields=["service", "version", "effective_from"])
    iupi = ServiceStandard.objects.filter(code="iupi").first() or ServiceStandard.objects.first()
    if iupi is not None:
        Application.objects.filter(standard__isnull=True).update(standard=iupi)
        Permit.objects.filter(series="").update(series=iupi.code)


def restore_codes(apps, schema_editor):
    """Backwards: each standard takes its service's code and name again."""
    ServiceStandard = apps.get_model("permits", "ServiceStandard")
    for standard in ServiceStandard.objects.select_related("service"):
        standard.code = standard.service.code
        standard.name = standard.service.name
        standard.save(update_fields=["code", "name"])


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0010_handover_record"),
    ]

    operations = [
        migrations.CreateModel(
            name="Service",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        help_text="Huruf kecil tanpa spasi, misalnya iupi. Menjadi nama seri nomor layanan ini dan tidak dapat diubah setelah ada berkas.",
                        max_length=20,
                        unique=True,
                        verbose_name="kode",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="nama layanan")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("business", "Perizinan berusaha"),
                            ("non_business", "Perizinan non-berusaha"),
                            ("non_permit", "Nonperizinan"),
                        ],
                        max_length=20,
                        verbose_name="kategori",
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True,
                        help_text="Layanan aktif dapat dipilih di loket dan tampil di katalog.",
                        verbose_name="aktif",
                    ),
                ),
            ],
            options={
                "verbose_name": "layanan",
                "verbose_name_plural": "layanan",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="servicestandard",
            name="service",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="versions",
                to="permits.service",
                verbose_name="layanan",
            ),
        ),
        migrations.AddField(
            model_name="servicestandard",
            name="version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="versi"),
        ),
        migrations.AddField(
            model_name="servicestandard",
            name="effective_from",
            field=models.DateField(null=True, verbose_name="berlaku sejak"),
        ),
        migrations.AddField(
            model_name="application",
            name="standard",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="permits.servicestandard",
                verbose_name="standar pelayanan (versi)",
            ),
        ),
        migrations.AddField(
            model_name="permit",
            name="series",
            field=models.CharField(default="", max_length=20, verbose_name="seri nomor"),
            preserve_default=False,
        ),
        migrations.RunPython(make_services, restore_codes),
        migrations.AlterField(
            model_name="servicestandard",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="versions",
                to="permits.service",
                verbose_name="layanan",
            ),
        ),
        migrations.AlterField(
            model_name="servicestandard",
            name="effective_from",
            field=models.DateField(verbose_name="berlaku sejak"),
        ),
        migrations.AlterField(
            model_name="application",
            name="standard",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="permits.servicestandard",
                verbose_name="standar pelayanan (versi)",
            ),
        ),
        # A default first, so that migrating back can add the columns again to filled rows.
        migrations.AlterField(
            model_name="servicestandard",
            name="code",
            field=models.SlugField(default="", max_length=20, unique=True, verbose_name="kode"),
        ),
        migrations.AlterField(
            model_name="servicestandard",
            name="name",
            field=models.CharField(default="", max_length=200, verbose_name="nama layanan"),
        ),
        migrations.RemoveField(model_name="servicestandard", name="code"),
        migrations.RemoveField(model_name="servicestandard", name="name"),
        migrations.AlterField(
            model_name="servicestandard",
            name="permit_number_format",
            field=models.CharField(
                help_text="Gunakan {seq} untuk nomor urut dan {year} untuk tahun, misalnya 503/{seq:04d}/IUPI/DPMPTSP/{year}.",
                max_length=100,
                verbose_name="format nomor izin",
            ),
        ),
        migrations.AlterField(
            model_name="servicestandard",
            name="registration_prefix",
            field=models.CharField(max_length=20, verbose_name="awalan nomor registrasi"),
        ),
        migrations.AlterModelOptions(
            name="servicestandard",
            options={
                "ordering": ["service", "-effective_from", "-version"],
                "verbose_name": "standar pelayanan (versi)",
                "verbose_name_plural": "standar pelayanan (versi)",
            },
        ),
        migrations.AddConstraint(
            model_name="servicestandard",
            constraint=models.UniqueConstraint(
                fields=("service", "version"), name="unique_standard_version"
            ),
        ),
        migrations.RemoveConstraint(model_name="permit", name="unique_permit_sequence"),
        migrations.AddConstraint(
            model_name="permit",
            constraint=models.UniqueConstraint(
                fields=("series", "year", "sequence"), name="unique_permit_sequence"
            ),
        ),
    ]
