"""The satisfaction survey (Survei Kepuasan Masyarakat, Permenpan RB 14/2017) and sample sizes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


def score_field(title: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(title, validators=SCORE_VALIDATORS)


class Gender(models.TextChoices):
    MALE = "L", "Laki-laki"
    FEMALE = "P", "Perempuan"


class AgeBand(models.TextChoices):
    UPTO_20 = "upto20", "20 tahun ke bawah"
    FROM_21 = "21-30", "21–30 tahun"
    FROM_31 = "31-40", "31–40 tahun"
    FROM_41 = "41-50", "41–50 tahun"
    OVER_50 = "over50", "Di atas 50 tahun"


class Education(models.TextChoices):
    PRIMARY = "sd", "SD ke bawah"
    JUNIOR = "smp", "SMP"
    SENIOR = "sma", "SMA / SMK"
    DIPLOMA = "diploma", "D1 – D3"
    BACHELOR = "s1", "D4 / S1"
    POSTGRADUATE = "s2", "S2 ke atas"


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", "PNS"
    MILITARY = "tni", "TNI"
    POLICE = "polri", "POLRI"
    PRIVATE = "swasta", "Pegawai swasta"
    ENTREPRENEUR = "wirausaha", "Wirausaha"
    OTHER = "lainnya", "Lainnya"


class Outcome(models.TextChoices):
    """How the respondent's file ended when they answered (the IKM by outcome)."""

    ISSUED = "issued", "Izin terbit"
    REJECTED = "rejected", "Ditolak"
    WITHDRAWN = "withdrawn", "Dicabut atas permintaan pemohon"
    RETURNED = "returned", "Dikembalikan kepada pemohon"


class SurveyResponse(models.Model):
    """One applicant's answers. At most one per application (`respondent_key` is unique).

    The key is a keyed hash of the registration number, not a link to the file:
    whoever reads this table sees the answers, not whose they are.
    """

    respondent_key = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField("waktu pengisian", default=timezone.now, db_index=True)

    gender = models.CharField("jenis kelamin", max_length=1, choices=Gender.choices)
    age_band = models.CharField("usia", max_length=10, choices=AgeBand.choices)
    education = models.CharField("pendidikan", max_length=10, choices=Education.choices)
    occupation = models.CharField("pekerjaan", max_length=10, choices=Occupation.choices)

    # The nine elements (unsur) in the order of the regulation; see complaints.skm.ELEMENTS.
    u1 = score_field("U1 Persyaratan")
    u2 = score_field("U2 Sistem, mekanisme, dan prosedur")
    u3 = score_field("U3 Waktu penyelesaian")
    u4 = score_field("U4 Biaya/tarif")
    u5 = score_field("U5 Produk spesifikasi jenis pelayanan")
    u6 = score_field("U6 Kompetensi pelaksana")
    u7 = score_field("U7 Perilaku pelaksana")
    u8 = score_field("U8 Penanganan pengaduan, saran dan masukan")
    u9 = score_field("U9 Sarana dan prasarana")

    # The service of the answered file: the index is reported per service (jenis layanan)
    # as well as for the office. Not a link to the file itself.
    service = models.ForeignKey(
        "permits.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name="layanan",
    )
    suggestion = models.TextField("saran dan masukan", blank=True)
    # Before issue 13 only files with an issued permit could answer: those rows are "issued".
    outcome = models.CharField(
        "hasil permohonan", max_length=10, choices=Outcome.choices, default=Outcome.ISSUED
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = "jawaban survei kepuasan"
        verbose_name_plural = "jawaban survei kepuasan"
        # The period and the nine scores: a period's IKM is summed from the index alone
        # (docs/benchmarks.md, issue 8).
        indexes = [
            models.Index(
                fields=["submitted_at", *(f"u{i}" for i in range(1, 10))],
                name="complaints_survey_period",
            ),
            # The same for one service.
            models.Index(
                fields=["service", "submitted_at", *(f"u{i}" for i in range(1, 10))],
                name="complaints_survey_service",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"u{i}__gte": 1}) & models.Q(**{f"u{i}__lte": 4}),
                name=f"survey_u{i}_between_1_and_4",
            )
            for i in range(1, 10)
        ]

    def __str__(self) -> str:
        return f"Survei {self.submitted_at:%Y-%m-%d %H:%M}"


class Facet(models.TextChoices):
    """The answers' columns the reports break the respondents down by."""

    OUTCOME = "outcome", "hasil permohonan"
    GENDER = "gender", "jenis kelamin"
    AGE_BAND = "age_band", "usia"
    EDUCATION = "education", "pendidikan"
    OCCUPATION = "occupation", "pekerjaan"


class SurveyFigure(models.Model):
    """The answers of one month or one year pre-counted: how many gave one value of a facet
    (an outcome, a gender, ...), and the sums of their nine scores.

    Added by complaints.survey_figures whenever an answer is saved, so the IKM of ten years
    is a sum over a few dozen rows instead of every answer. Kept per month and per year only:
    the days at the ends of a period are read from the answers themselves (at most two
    months of them). `service_id` 0 is every answer, whether or not it names a service.
    """

    class Scale(models.TextChoices):
        # The same letters as tracking's figures, so a period is cut the same way.
        MONTH = "m", "bulan"
        YEAR = "y", "tahun"

    service_id = models.PositiveIntegerField(default=0)
    scale = models.CharField(max_length=1, choices=Scale.choices)
    period_start = models.DateField()
    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.CharField(max_length=10)
    respondents = models.PositiveIntegerField(default=0)
    u1 = models.PositiveIntegerField(default=0)
    u2 = models.PositiveIntegerField(default=0)
    u3 = models.PositiveIntegerField(default=0)
    u4 = models.PositiveIntegerField(default=0)
    u5 = models.PositiveIntegerField(default=0)
    u6 = models.PositiveIntegerField(default=0)
    u7 = models.PositiveIntegerField(default=0)
    u8 = models.PositiveIntegerField(default=0)
    u9 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "rekap survei kepuasan"
        verbose_name_plural = "rekap survei kepuasan"
        constraints = [
            # Also the index the reports read: one service, the period's scales and starts.
            models.UniqueConstraint(
                fields=["service_id", "scale", "period_start", "facet", "value"],
                name="complaints_survey_figure_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value} {self.scale}{self.period_start}"


class SampleSizeRow(models.Model):
    """A row of the Krejcie-Morgan table: for a population up to N, survey at least S."""

    population = models.PositiveIntegerField("populasi (N)", unique=True)
    sample = models.PositiveIntegerField("sampel minimum (S)")

    class Meta:
        ordering = ["population"]
        verbose_name = "baris tabel Krejcie-Morgan"
        verbose_name_plural = "tabel Krejcie-Morgan"

    def __str__(self) -> str:
        return f"N={self.population} → S={self.sample}"
