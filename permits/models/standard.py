"""The office's services and their service standards (standar pelayanan), kept as data.

A service (Service) has versions of its standard (ServiceStandard) with an effective
date; requirements, commitments and the standard's text items belong to a version. The
seed document of the office is the starting content of IUPI's first version (see the data
migrations); the law changes, so none of this is code. docs/adr/0010-services-as-data.md.
"""

import string
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from workflow.table import FINAL_STATUSES


class ApplicantKind(models.TextChoices):
    """Who may apply (Applicant.Kind); each version says which kinds its service serves."""

    WNI = "wni", "Perseorangan WNI"
    WNA = "wna", "Perseorangan WNA"
    ENTITY = "entity", "Badan usaha"


def every_applicant_kind() -> list[str]:
    return list(ApplicantKind.values)


class Service(models.Model):
    """One service the office runs (a permit, a non-business permit, a non-permit).

    Its standard is kept as versions (ServiceStandard) with an effective date; the code
    names the service's number series, so a new version continues the year's count.
    """

    class Category(models.TextChoices):
        BUSINESS = "business", "Perizinan berusaha"
        NON_BUSINESS = "non_business", "Perizinan non-berusaha"
        NON_PERMIT = "non_permit", "Nonperizinan"

    code = models.SlugField(
        "kode",
        max_length=20,
        unique=True,
        help_text="Huruf kecil tanpa spasi, misalnya iupi. Menjadi nama seri nomor layanan "
        "ini dan tidak dapat diubah setelah ada berkas.",
    )
    name = models.CharField("nama layanan", max_length=200)
    category = models.CharField("kategori", max_length=20, choices=Category.choices)
    active = models.BooleanField(
        "aktif",
        default=True,
        help_text="Layanan aktif dapat dipilih di loket dan tampil di katalog.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "layanan"
        verbose_name_plural = "layanan"

    def __str__(self) -> str:
        return self.name


class ServiceStandardQuerySet(models.QuerySet):
    # The service the intake registers until the FO picks the service first (issue 14).
    INTAKE_CODE = "iupi"

    def in_force(self, service: Service | str, on: date | None = None) -> "ServiceStandard":
        """The version of `service` (or its code) that new files take on day `on` (today)."""
        on = on or timezone.localdate()
        versions = self.select_related("service").filter(effective_from__lte=on)
        versions = (
            versions.filter(service__code=service)
            if isinstance(service, str)
            else versions.filter(service=service)
        )
        version = versions.order_by("-effective_from", "-version").first()
        if version is None:
            raise ServiceStandard.DoesNotExist(
                f"Belum ada standar pelayanan yang berlaku untuk {service} pada {on:%d-%m-%Y}."
            )
        return version

    def in_force_each(self, services: models.Q | None = None, on: date | None = None):
        """The version in force on `on` (today) of each active service matching `services`,
        ordered by service name: one query however many services and versions there are
        (the newest effective date wins)."""
        on = on or timezone.localdate()
        versions = (
            self.select_related("service")
            .filter(services or models.Q(), service__active=True, effective_from__lte=on)
            .order_by("service__name", "service_id", "-effective_from", "-version")
        )
        chosen: dict[int, ServiceStandard] = {}
        for version in versions:
            chosen.setdefault(version.service_id, version)
        return list(chosen.values())

    def current(self) -> "ServiceStandard":
        """The version the intake registers new files under today."""
        return self.in_force(self.INTAKE_CODE)


def matching(versions, search: str) -> list["ServiceStandard"]:
    """The versions whose service name, product or code holds `search` (any case)."""
    needle = search.strip().casefold()
    if not needle:
        return list(versions)
    return [
        version
        for version in versions
        if needle in version.service.name.casefold()
        or needle in version.product.casefold()
        or needle in version.service.code.casefold()
    ]


def by_category(versions) -> list[tuple[str, list["ServiceStandard"]]]:
    """(category label, its versions) for the categories that have any, in the fixed order
    of the categories: how lists of services are shown."""
    groups = [
        (label, [version for version in versions if version.service.category == value])
        for value, label in Service.Category.choices
    ]
    return [(label, found) for label, found in groups if found]


class RetentionDisposition(models.TextChoices):
    """What becomes of a record at the end of its retention (jadwal retensi arsip)."""

    PERMANENT = "permanen", "Permanen"
    DESTROY = "musnah", "Musnah"
    REVIEW = "dinilai kembali", "Dinilai kembali"


class ServiceStandard(models.Model):
    """One version of a service's standard: what a file registered under it keeps for good.

    A file points to the version in force on the day it was registered (its requirements,
    time limit, fee and product); a change of law is a new version with a later effective
    date, never an edit of one that files use.
    """

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="versions", verbose_name="layanan"
    )
    version = models.PositiveSmallIntegerField("versi", default=1)
    effective_from = models.DateField("berlaku sejak")
    product = models.CharField("produk pelayanan", max_length=200)
    service_days = models.PositiveSmallIntegerField("jangka waktu (hari kerja)", default=3)
    fee_amount = models.DecimalField("biaya (Rp)", max_digits=14, decimal_places=0, default=0)
    fee_label = models.CharField("keterangan biaya", max_length=100, default="Gratis")
    permit_number_format = models.CharField(
        "format nomor izin",
        max_length=100,
        help_text="Gunakan {seq} untuk nomor urut dan {year} untuk tahun, "
        "misalnya 503/{seq:04d}/IUPI/DPMPTSP/{year}.",
    )
    registration_prefix = models.CharField("awalan nomor registrasi", max_length=20)
    # How long the applicant has to correct a returned file (printed in the notice letter).
    correction_days = models.PositiveSmallIntegerField(
        "batas waktu perbaikan (hari kerja)", default=14
    )
    # Archive data of the permits issued under this version (the archive export, docs/archive.md).
    archive_code = models.CharField(
        "kode klasifikasi arsip",
        max_length=30,
        default="503",
        help_text="Kode klasifikasi arsip izin menurut pedoman klasifikasi arsip daerah.",
    )
    retention_active_years = models.PositiveSmallIntegerField("retensi aktif (tahun)", default=5)
    retention_inactive_years = models.PositiveSmallIntegerField(
        "retensi inaktif (tahun)", default=10
    )
    retention_disposition = models.CharField(
        "keterangan akhir retensi",
        max_length=20,
        choices=[
            ("permanen", "Permanen"),
            ("musnah", "Musnah"),
            ("dinilai kembali", "Dinilai kembali"),
        ],
        default="permanen",
    )
    # The service's own data (permits.declared_fields) and its decree (ADR 0010).
    data_fields = models.JSONField(
        "isian khusus layanan",
        default=list,
        blank=True,
        help_text="Daftar isian dalam JSON, satu objek per isian: name, type, label, help, "
        "required dan batasnya. Lihat docs/services.md.",
    )
    decree_title = models.CharField(
        "judul keputusan",
        max_length=500,
        blank=True,
        help_text="Misalnya: Izin Reklame {{ perusahaan.nama }}. Kosong: judul bawaan.",
    )
    decree_considerations = models.TextField(
        "menimbang",
        blank=True,
        help_text="Satu pertimbangan per paragraf (pisahkan dengan baris kosong).",
    )
    decree_clauses = models.TextField(
        "memutuskan",
        blank=True,
        help_text="Satu diktum per paragraf (KESATU, KEDUA, ... diberikan otomatis).",
    )
    requires_inspection = models.BooleanField(
        "dengan pemeriksaan lapangan (BAP)",
        default=True,
        help_text="Berkas baru dapat selesai diproses setelah Berita Acara Pemeriksaan "
        "Lapangan diisi.",
    )
    certificate_page = models.BooleanField(
        "halaman sertifikat",
        default=False,
        help_text="Tambahkan satu halaman sertifikat (ringkasan izin dengan kode QR) di "
        "belakang keputusan bertemplat.",
    )
    # What the intake asks besides the applicant and the declared fields (ADR 0010).
    asks_company = models.BooleanField(
        "menanyakan data perusahaan",
        default=True,
        help_text="Nama, alamat dan NIB badan usaha. Matikan untuk layanan bagi perseorangan "
        "(misalnya izin penelitian): nama dan alamat pemohon menjadi nama pemegang izin.",
    )
    asks_industry_expansion = models.BooleanField(
        "data perluasan industri (isian bawaan IUPI)",
        default=False,
        help_text="KBLI, komoditas, kapasitas, investasi, tenaga kerja, lokasi pabrik dan IUI, "
        "dengan tabel Diktum KESATU dan keputusan bawaan IUPI.",
    )

    # Codes of ApplicantKind, in that order; the intake offers only these.
    applicant_kinds = models.JSONField(
        "jenis pemohon yang dilayani",
        default=every_applicant_kind,
        help_text="Misalnya hanya perseorangan untuk izin praktik tenaga kesehatan.",
    )

    objects = ServiceStandardQuerySet.as_manager()

    class Meta:
        ordering = ["service", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="unique_standard_version")
        ]
        verbose_name = "standar pelayanan (versi)"
        verbose_name_plural = "standar pelayanan (versi)"

    def __str__(self) -> str:
        return f"{self.service.name}, versi {self.version}"

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def series(self) -> str:
        """The counters this version numbers from: the service's, whatever the version."""
        return self.service.code

    def clean(self) -> None:
        self._check_effective_date()
        self._check_number_format()
        self._check_applicant_kinds()
        # The declared fields and decree texts are checked by permits.documents.decree_template (the
        # admin's form and the standard-file import call it): it reads above the models.

    def _check_applicant_kinds(self) -> None:
        kinds = self.applicant_kinds
        if not isinstance(kinds, list) or not kinds:
            raise ValidationError({"applicant_kinds": "Pilih sedikitnya satu jenis pemohon."})
        unknown = [str(k) for k in kinds if k not in ApplicantKind.values]
        if unknown:
            raise ValidationError(
                {
                    "applicant_kinds": f"Jenis pemohon tidak dikenal: {', '.join(unknown)}. "
                    f"Pilih dari: {', '.join(ApplicantKind.values)}."
                }
            )
        # One order whatever order they were given in: versions compare equal.
        self.applicant_kinds = [k for k in ApplicantKind.values if k in kinds]

    def accepts(self, applicant_kind: str) -> bool:
        """Whether files of this version may be registered for this kind of applicant."""
        return applicant_kind in (self.applicant_kinds or ApplicantKind.values)

    @property
    def applicant_kind_choices(self) -> list[tuple[str, str]]:
        return [(k, label) for k, label in ApplicantKind.choices if self.accepts(k)]

    def _check_effective_date(self) -> None:
        """Files already registered keep their version; a version may not claim them later.

        A version that takes effect before today while the service has files in progress
        would stand for files registered under another version: refused.
        """
        if self.effective_from is None or self.service_id is None:
            return
        if self.effective_from >= timezone.localdate():
            return
        unused = self.pk is None or not self.applications.exists()
        open_files = self._open_files() if unused else 0
        if open_files:
            raise ValidationError(
                {
                    "effective_from": "Tanggal berlaku tidak boleh sebelum hari ini: layanan ini "
                    f"masih memiliki {open_files} berkas dalam proses. Pilih hari ini atau "
                    "tanggal sesudahnya."
                }
            )

    def _open_files(self) -> int:
        """Files of the service, under any version, that have not ended."""
        files = self._meta.get_field("applications").related_model.objects
        return (
            files.filter(standard__service_id=self.service_id)
            .exclude(status__in=FINAL_STATUSES)
            .count()
        )

    def _check_number_format(self) -> None:
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

    # Items the code knows by their stable code (seeded by permits/migrations/0002), never
    # by their text: the IUI typed at intake prefills the first, the BAP is the second's
    # evidence.
    IUI = "iui"
    FIELD_INSPECTION = "field_inspection"

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
