"""Seed the office profile, the IUPI service standard and the role groups.

Transcribed from the office's own document (standar-pelayanan-iupi.txt); from
here on the content is edited in the admin, not in code.
"""

from django.db import migrations

REQUIREMENTS = [
    (1, "Memiliki Nomor Identitas yang sah (NIK bagi WNI)", "wni"),
    (2, "Memiliki Nomor Identitas yang sah (Paspor bagi WNA)", "wna"),
    (
        3,
        "Memiliki Nomor Pengesahan atau dasar hukum pembentukan badan usaha (bagi non perseorangan)",
        "entity",
    ),
    (
        4,
        "Badan Hukum sudah mendapat NPWP (memenuhi Konfirmasi Status Wajib Pajak atau KSWP)",
        "all",
    ),
    (5, "Memiliki e-mail yang aktif", "all"),
]

COMMITMENTS = [
    ("iui", 1, "Memiliki IUI yang berlaku efektif"),
    ("environment", 2, "Memiliki izin lingkungan (atau SPPL) yang berlaku efektif"),
    ("industry_data", 3, "Telah menyampaikan data industri"),
    ("field_inspection", 4, "Telah dilakukan pemeriksaan lapangan"),
]

ITEMS = {
    "procedure": [
        "Pemohon mengajukan berkas permohonan perizinan ke loket pendaftaran di Front Office (FO)",
        "Petugas loket pendaftaran menyerahkan tanda terima berkas yang sudah lengkap dan benar kepada pemohon",
        "Perizinan yang dimohon di proses di back office",
        "Pencetakan perizinan bagi perizinan yang disetujui untuk diterbitkan",
        "Draft perizinan di paraf oleh Kepala Bidang Perizinan dan Non Perizinan",
        "Draft perizinan ditandatangani oleh Kepala DPMPTSP",
        "Pemberian nomor oleh bagian umum",
        "Dokumen Perizinan diserahkan kepada Pemohon",
    ],
    "complaint_channel": [
        "Ruang Pelayanan Pengaduan",
        "Email: pengaduan.dpmpstsp.kab.oki@gmail.com",
        "Website: http://dpmpstsp.kaboki.go.id",
        "No. HP / Telp / Fax Pengaduan: 081273345869 / (0712) 322869",
        "Surat ke Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ],
    "legal_basis": [
        "Undang-Undang Republik Indonesia Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Pemerintah Nomor 24 Tahun 2018 tentang Pelayanan Perizinan Berusaha Terintegrasi Secara Elektronik",
        "Peraturan Presiden Nomor 97 Tahun 2014 tentang Penyelenggaraan Pelayanan Terpadu Satu Pintu",
        "Peraturan Menteri Dalam Negeri Nomor 138 Tahun 2017 tentang Penyelenggaraan Pelayanan Terpadu Satu Pintu Daerah",
        "Peraturan Menteri Perindustrian Nomor 15 Tahun 2019 tentang Penerbitan Izin Usaha Industri dan Izin Perluasan dalam Kerangka Pelayanan Perizinan Berusaha Terintegrasi Secara Elektronik",
        "Peraturan Menteri Perindustrian Nomor 30 Tahun 2019 tentang Perubahan atas Peraturan Menteri Perindustrian Nomor 15 Tahun 2019 tentang Penerbitan Izin Usaha Industri dan Izin Perluasan dalam Kerangka Pelayanan Perizinan Berusaha Terintegrasi Secara Elektronik",
        "Peraturan Bupati Ogan Komering Ilir Nomor 54 Tahun 2019 tentang Pendelegasian Wewenang di Bidang Perizinan dan Non Perizinan kepada Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Ogan Komering Ilir",
        "Keputusan Bupati Ogan Komering Ilir Nomor 729/KEP/BPPM/2016 tentang Pembentukan Tim Teknis Pelayanan Perizinan dan Non Perizinan",
    ],
    "facilities": [
        "ATK, Komputer, Printer, Scanner, Telepon, Smartphone, Ruang Kerja, Meja, Kursi, Internet, Kamera Digital, Kendaraan Operasional",
    ],
    "competence": [
        "Mampu berkomunikasi dengan baik",
        "Memahami peraturan perundang-undangan",
        "Mampu mengoperasikan komputer",
    ],
    "supervision": ["Kepala Dinas", "Sekretaris", "Kepala Bidang"],
    "staffing": [
        "Jumlah pelaksana yang ditugaskan untuk memproses permohonan sesuai dengan kebutuhan.",
    ],
    "assurance": [
        "Menerapkan sistem manajemen mutu ISO 9001:2015",
        "Mewujudkan maklumat, moto atau janji layanan",
        "Mematuhi kode etik pelayanan",
        "Melakukan Survei Kepuasan Masyarakat",
    ],
    "safety": [
        "Berkas permohonan diproses dengan menggunakan kartu kendali sehingga tahapan-tahapan dari proses izin dapat dipantau dalam upaya menjaga keamanan berkas",
    ],
    "evaluation": [
        "Dilaksanakan dengan indikator yang jelas dan terukur dengan memperhatikan perbaikan prosedur atas penyusunan tugas dengan azas pelayanan publik dengan Peraturan Perundang-undangan yang berlaku.",
    ],
}

ROLES = ["fo", "back_office", "kabid", "kepala_dinas", "bagian_umum", "sekretaris", "admin"]


def seed(apps, schema_editor):
    OfficeProfile = apps.get_model("permits", "OfficeProfile")
    ServiceStandard = apps.get_model("permits", "ServiceStandard")
    Requirement = apps.get_model("permits", "Requirement")
    CommitmentType = apps.get_model("permits", "CommitmentType")
    StandardItem = apps.get_model("permits", "StandardItem")
    Group = apps.get_model("auth", "Group")

    if not OfficeProfile.objects.exists():
        OfficeProfile.objects.create(
            name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            short_name="DPMPTSP",
            government="Pemerintah Kabupaten Ogan Komering Ilir",
            city="Kayuagung",
            address="Kayuagung, Kabupaten Ogan Komering Ilir, Sumatera Selatan",
            phone="(0712) 322869",
            email="pengaduan.dpmpstsp.kab.oki@gmail.com",
            website="http://dpmpstsp.kaboki.go.id",
            head_position="Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        )

    standard, created = ServiceStandard.objects.get_or_create(
        code="iupi",
        defaults={
            "name": "Izin Usaha Perluasan Industri",
            "product": "Izin Usaha Perluasan Industri",
            "service_days": 3,
            "fee_amount": 0,
            "fee_label": "Gratis",
        },
    )
    if created:
        Requirement.objects.bulk_create(
            Requirement(standard=standard, order=o, text=t, applies_to=a)
            for o, t, a in REQUIREMENTS
        )
        CommitmentType.objects.bulk_create(
            CommitmentType(standard=standard, code=c, order=o, text=t) for c, o, t in COMMITMENTS
        )
        StandardItem.objects.bulk_create(
            StandardItem(standard=standard, component=component, order=i, text=text)
            for component, texts in ITEMS.items()
            for i, text in enumerate(texts, start=1)
        )
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
