"""The service standard (standar pelayanan) of a permit type, kept as editable data.

The seed document of the office is the starting content (see the data
migration); the law changes, so none of this is code.
"""

import string

from django.core.exceptions import ValidationError
from django.db import models


class ServiceStandardManager(models.Manager):
    # The one service Kendali runs today; the service catalog (issue 14) replaces this.
    CURRENT_CODE = "iupi"

    def current(self) -> "ServiceStandard":
        """The standard new files are registered under."""
        return self.get(code=self.CURRENT_CODE)


class ServiceStandard(models.Model):
    code = models.SlugField("kode", max_length=20, unique=True)
    name = models.CharField("nama layanan", max_length=200)
    product = models.CharField("produk pelayanan", max_length=200)
    service_days = models.PositiveSmallIntegerField("jangka waktu (hari kerja)", default=3)
    fee_amount = models.DecimalField("biaya (Rp)", max_digits=14, decimal_places=0, default=0)
    fee_label = models.CharField("keterangan biaya", max_length=100, default="Gratis")
    permit_number_format = models.CharField(
        "format nomor izin",
        max_length=100,
        default="503/{seq:04d}/IUPI/DPMPTSP/{year}",
        help_text="Gunakan {seq} untuk nomor urut dan {year} untuk tahun, "
        "misalnya 503/{seq:04d}/IUPI/DPMPTSP/{year}.",
    )
    registration_prefix = models.CharField("awalan nomor registrasi", max_length=20, default="IUPI")

    objects = ServiceStandardManager()

    class Meta:
        verbose_name = "standar pelayanan"
        verbose_name_plural = "standar pelayanan"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        fmt = self.permit_number_format
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}
            fmt.format(seq=1, year=2026)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            fields = None
        if fields is None or not fields <= {"seq", "year"}:
            raise ValidationError(
                {"permit_number_format": "Format hanya boleh memakai {seq} dan {year}."}
            )
        # The counter restarts every year, so the year keeps numbers unique.
        if fields != {"seq", "year"}:
            raise ValidationError({"permit_number_format": "Format harus memuat {seq} dan {year}."})

    def format_permit_number(self, *, seq: int, year: int) -> str:
        return self.permit_number_format.format(seq=seq, year=year)


class Applicability(models.TextChoices):
    ALL = "all", "Semua pemohon"
    WNI = "wni", "Perseorangan WNI"
    WNA = "wna", "Perseorangan WNA"
    ENTITY = "entity", "Badan usaha (non perseorangan)"


class Requirement(models.Model):
    """An administrative requirement the FO checks at the counter."""

    standard = models.ForeignKey(
        ServiceStandard, on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField("urutan")
    text = models.CharField("persyaratan", max_length=300)
    applies_to = models.CharField(
        "berlaku untuk", max_length=10, choices=Applicability.choices, default=Applicability.ALL
    )
    active = models.BooleanField("aktif", default=True)

    class Meta:
        ordering = ["standard", "order"]
        verbose_name = "persyaratan administrasi"
        verbose_name_plural = "persyaratan administrasi"

    def __str__(self) -> str:
        return self.text

    def applies_to_kind(self, applicant_kind: str) -> bool:
        return self.applies_to in (Applicability.ALL, applicant_kind)


class CommitmentType(models.Model):
    """An item of the commitment fulfilment (pemenuhan komitmen) the back office verifies."""

    standard = models.ForeignKey(
        ServiceStandard, on_delete=models.CASCADE, related_name="commitment_types"
    )
    code = models.SlugField("kode", max_length=40)
    order = models.PositiveSmallIntegerField("urutan")
    text = models.CharField("komitmen", max_length=300)
    active = models.BooleanField("aktif", default=True)

    class Meta:
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="unique_commitment_code")
        ]
        verbose_name = "komitmen"
        verbose_name_plural = "komitmen"

    def __str__(self) -> str:
        return self.text


class StandardItem(models.Model):
    """A line of one of the standard's text components (procedure, complaint channels, ...)."""

    class Component(models.TextChoices):
        PROCEDURE = "procedure", "Sistem, mekanisme dan prosedur"
        COMPLAINT_CHANNEL = "complaint_channel", "Penanganan pengaduan, saran dan masukan"
        LEGAL_BASIS = "legal_basis", "Dasar hukum"
        FACILITIES = "facilities", "Sarana, prasarana dan/atau fasilitas"
        COMPETENCE = "competence", "Kompetensi pelaksana"
        SUPERVISION = "supervision", "Pengawasan internal"
        STAFFING = "staffing", "Jumlah pelaksana"
        ASSURANCE = "assurance", "Jaminan pelayanan"
        SAFETY = "safety", "Jaminan keamanan dan keselamatan pelayanan"
        EVALUATION = "evaluation", "Evaluasi kinerja pelaksana"

    standard = models.ForeignKey(ServiceStandard, on_delete=models.CASCADE, related_name="items")
    component = models.CharField("komponen", max_length=30, choices=Component.choices)
    order = models.PositiveSmallIntegerField("urutan")
    text = models.TextField("uraian")

    class Meta:
        ordering = ["standard", "component", "order"]
        verbose_name = "uraian standar pelayanan"
        verbose_name_plural = "uraian standar pelayanan"

    def __str__(self) -> str:
        return f"{self.get_component_display()} {self.order}"
