from django.db import migrations, models

import permits.models.permit


def give_codes(apps, schema_editor):
    Permit = apps.get_model("permits", "Permit")
    for permit in Permit.objects.filter(verification_code__isnull=True):
        permit.verification_code = permits.models.permit.new_verification_code()
        permit.save(update_fields=["verification_code"])


class Migration(migrations.Migration):
    dependencies = [("permits", "0002_seed_standard")]

    operations = [
        migrations.AddField(
            model_name="permit",
            name="signed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ditandatangani pada"),
        ),
        migrations.AddField(
            model_name="permit",
            name="verification_code",
            field=models.CharField(max_length=40, null=True, verbose_name="kode verifikasi"),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="permit",
            name="verification_code",
            field=models.CharField(
                default=permits.models.permit.new_verification_code,
                max_length=40,
                unique=True,
                verbose_name="kode verifikasi",
            ),
        ),
        migrations.AddField(
            model_name="permit",
            name="pdf",
            field=models.FileField(
                blank=True,
                upload_to=permits.models.permit.permit_pdf_path,
                verbose_name="dokumen izin",
            ),
        ),
        migrations.AddField(
            model_name="permit",
            name="pdf_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AddField(
            model_name="permit",
            name="pdf_size",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="ukuran (byte)"),
        ),
        migrations.AddField(
            model_name="permit",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dicabut pada"),
        ),
        migrations.AddField(
            model_name="permit",
            name="revocation_reason",
            field=models.TextField(blank=True, verbose_name="alasan pencabutan"),
        ),
    ]
