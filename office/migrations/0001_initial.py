"""The office's tables move here from permits and tracking (ADR 0009): state only.

The tables keep their names (permits_officeprofile, tracking_officecalendarday,
tracking_requestcount) and every row; no SQL runs. The old apps forget the models in
permits 0007 and tracking 0006, which run after this one.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("permits", "0006_permit_revoked_by"),
        ("tracking", "0005_request_count"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="OfficeCalendarDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="tanggal")),
                        ("name", models.CharField(max_length=200, verbose_name="keterangan")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("day_off", "Libur kantor (tidak dihitung sebagai hari kerja)"),
                                    (
                                        "working_day",
                                        "Tetap masuk kerja (dihitung sebagai hari kerja)",
                                    ),
                                ],
                                default="day_off",
                                max_length=20,
                                verbose_name="jenis",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "hari kalender kantor",
                        "verbose_name_plural": "kalender kantor",
                        "db_table": "tracking_officecalendarday",
                        "ordering": ["date"],
                    },
                ),
                migrations.CreateModel(
                    name="OfficeProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                default="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                                max_length=200,
                                verbose_name="nama dinas",
                            ),
                        ),
                        (
                            "short_name",
                            models.CharField(
                                default="DPMPTSP", max_length=40, verbose_name="singkatan"
                            ),
                        ),
                        (
                            "government",
                            models.CharField(
                                default="Pemerintah Kabupaten Ogan Komering Ilir",
                                max_length=200,
                                verbose_name="pemerintah daerah",
                            ),
                        ),
                        (
                            "city",
                            models.CharField(
                                default="Kayuagung", max_length=100, verbose_name="kota penerbitan"
                            ),
                        ),
                        (
                            "address",
                            models.CharField(blank=True, max_length=300, verbose_name="alamat"),
                        ),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=100, verbose_name="telepon"),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        ("website", models.URLField(blank=True, verbose_name="situs web")),
                        (
                            "head_name",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="nama Kepala Dinas"
                            ),
                        ),
                        (
                            "head_nip",
                            models.CharField(
                                blank=True, max_length=30, verbose_name="NIP Kepala Dinas"
                            ),
                        ),
                        (
                            "head_position",
                            models.CharField(
                                default="Kepala Dinas",
                                max_length=200,
                                verbose_name="jabatan Kepala Dinas",
                            ),
                        ),
                        (
                            "kabid_name",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="nama Kepala Bidang"
                            ),
                        ),
                        (
                            "kabid_nip",
                            models.CharField(
                                blank=True, max_length=30, verbose_name="NIP Kepala Bidang"
                            ),
                        ),
                        (
                            "logo",
                            models.ImageField(blank=True, upload_to="office/", verbose_name="logo"),
                        ),
                    ],
                    options={
                        "verbose_name": "profil kantor",
                        "verbose_name_plural": "profil kantor",
                        "db_table": "permits_officeprofile",
                    },
                ),
                migrations.CreateModel(
                    name="RequestCount",
                    fields=[
                        (
                            "key",
                            models.CharField(max_length=100, primary_key=True, serialize=False),
                        ),
                        ("count", models.PositiveIntegerField()),
                        ("window_ends", models.DateTimeField(db_index=True)),
                    ],
                    options={
                        "verbose_name": "hitungan permintaan",
                        "verbose_name_plural": "hitungan permintaan",
                        "db_table": "tracking_requestcount",
                    },
                ),
            ],
        ),
    ]
