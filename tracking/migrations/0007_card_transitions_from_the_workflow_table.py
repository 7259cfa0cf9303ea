# The choices of the control card's transition come from workflow.table (ADR 0009); no SQL.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0006_calendar_and_counts_move_to_office"),
    ]

    operations = [
        migrations.AlterField(
            model_name="controlcardentry",
            name="transition",
            field=models.CharField(
                choices=[
                    ("register", "Pendaftaran berkas di loket (Petugas Front Office)"),
                    ("mark_incomplete", "Kembalikan: berkas belum lengkap (Petugas Front Office)"),
                    ("complete", "Pemohon telah melengkapi berkas (Petugas Front Office)"),
                    ("issue_receipt", "Terbitkan tanda terima (Petugas Front Office)"),
                    ("process", "Selesai diproses: layak diterbitkan (Petugas Back Office)"),
                    ("return_for_correction", "Kembalikan untuk perbaikan (Petugas Back Office)"),
                    ("resubmit", "Perbaikan diterima dari pemohon (Petugas Front Office)"),
                    ("reject", "Tolak permohonan (Petugas Back Office)"),
                    ("print_draft", "Cetak draf izin (Petugas Back Office)"),
                    ("initial", "Paraf draf izin (Kepala Bidang Perizinan)"),
                    ("send_back_by_kabid", "Kembalikan ke back office (Kepala Bidang Perizinan)"),
                    ("sign", "Tandatangani izin (Kepala Dinas)"),
                    ("send_back_by_head", "Kembalikan ke back office (Kepala Dinas)"),
                    ("number", "Beri nomor izin (Bagian Umum)"),
                    ("hand_over", "Serahkan izin kepada pemohon (Petugas Front Office)"),
                    ("withdraw", "Cabut atas permintaan pemohon (Petugas Front Office)"),
                ],
                max_length=40,
                verbose_name="tindakan",
            ),
        ),
    ]
