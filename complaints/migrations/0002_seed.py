"""Seed the complaint tiers, the Krejcie-Morgan sample table and the service pledge.

From here on the content is edited in the admin, not in code.
"""

from django.db import migrations

# code, name, description, working days
TIERS = [
    ("simple", "Sederhana", "Pengaduan yang dapat dijawab dengan informasi atau penjelasan", 2),
    ("normative", "Normatif", "Pengaduan tentang penerapan peraturan atau standar pelayanan", 5),
    (
        "non_supervisory",
        "Tidak berkadar pengawasan",
        "Pengaduan yang perlu tindakan unit kerja lain tanpa pemeriksaan",
        14,
    ),
    ("investigation", "Perlu pemeriksaan", "Pengaduan yang memerlukan pemeriksaan lapangan", 60),
]

# Krejcie & Morgan (1970), "Determining sample size for research activities",
# Table 1: population N -> sample S (95% confidence, 5% margin, p = 0.5).
KREJCIE_MORGAN = [
    (10, 10),
    (15, 14),
    (20, 19),
    (25, 24),
    (30, 28),
    (35, 32),
    (40, 36),
    (45, 40),
    (50, 44),
    (55, 48),
    (60, 52),
    (65, 56),
    (70, 59),
    (75, 63),
    (80, 66),
    (85, 70),
    (90, 73),
    (95, 76),
    (100, 80),
    (110, 86),
    (120, 92),
    (130, 97),
    (140, 103),
    (150, 108),
    (160, 113),
    (170, 118),
    (180, 123),
    (190, 127),
    (200, 132),
    (210, 136),
    (220, 140),
    (230, 144),
    (240, 148),
    (250, 152),
    (260, 155),
    (270, 159),
    (280, 162),
    (290, 165),
    (300, 169),
    (320, 175),
    (340, 181),
    (360, 186),
    (380, 191),
    (400, 196),
    (420, 201),
    (440, 205),
    (460, 210),
    (480, 214),
    (500, 217),
    (550, 226),
    (600, 234),
    (650, 242),
    (700, 248),
    (750, 254),
    (800, 260),
    (850, 265),
    (900, 269),
    (950, 274),
    (1000, 278),
    (1100, 285),
    (1200, 291),
    (1300, 297),
    (1400, 302),
    (1500, 306),
    (1600, 310),
    (1700, 313),
    (1800, 317),
    (1900, 320),
    (2000, 322),
    (2200, 327),
    (2400, 331),
    (2600, 335),
    (2800, 338),
    (3000, 341),
    (3500, 346),
    (4000, 351),
    (4500, 354),
    (5000, 357),
    (6000, 361),
    (7000, 364),
    (8000, 367),
    (9000, 368),
    (10000, 370),
    (15000, 375),
    (20000, 377),
    (30000, 379),
    (40000, 380),
    (50000, 381),
    (75000, 382),
    (1000000, 384),
]

PLEDGE = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan "
    "yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi "
    "sesuai peraturan perundang-undangan yang berlaku."
)


def seed(apps, schema_editor):
    ComplaintTier = apps.get_model("complaints", "ComplaintTier")
    SampleSizeRow = apps.get_model("complaints", "SampleSizeRow")
    ServicePledge = apps.get_model("complaints", "ServicePledge")

    for order, (code, name, description, days) in enumerate(TIERS, start=1):
        ComplaintTier.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "days": days, "order": order},
        )
    if not SampleSizeRow.objects.exists():
        SampleSizeRow.objects.bulk_create(
            SampleSizeRow(population=n, sample=s) for n, s in KREJCIE_MORGAN
        )
    if not ServicePledge.objects.exists():
        ServicePledge.objects.create(
            text=PLEDGE,
            place="Kayuagung",
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
