"""The register of outgoing letters (buku agenda surat keluar), kept by Bagian Umum.

Each `LetterSeries` counts on its own, per year, without gaps (permits/letters.py takes the
number in the transaction that writes the letter, like the permit counter). The office names
in each series who signs its letters. A letter the system writes itself (rejection, notice
of an incomplete file, notice of a return for correction, handover record) gets its PDF
once, signed, stored with its hash and never rendered again.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from permits.models.application import Application


class LetterKind(models.TextChoices):
    INCOMPLETE = "incomplete", "Pemberitahuan kekurangan berkas"
    RETURNED = "returned", "Pemberitahuan perbaikan berkas"
    REJECTION = "rejection", "Surat penolakan permohonan"
    HANDOVER = "handover", "Berita acara serah terima izin"
    GENERAL = "general", "Surat keluar lainnya"


# The letters the system writes (and signs) itself; a GENERAL letter is only registered.
WRITTEN_KINDS = frozenset(
    {LetterKind.INCOMPLETE, LetterKind.RETURNED, LetterKind.REJECTION, LetterKind.HANDOVER}
)

# The worker tries a letter's PDF this often (permits.letters.sweep), then an officer retries.
LETTER_MAX_ATTEMPTS = 8


class Signatory(models.TextChoices):
    """Who signs, with their own certificate (permits.signing.get_signer): the name and NIP
    printed come from the office profile when the letter is numbered."""

    HEAD = "head", "Kepala Dinas"
    KABID = "kabid", "Kepala Bidang Perizinan dan Non Perizinan"


def check_number_format(value: str) -> None:
    """The format must hold {seq} and format with a sequence and a year."""
    if "{seq" not in value:
        raise ValidationError("Format nomor harus memuat {seq} (nomor urut).")
    try:
        value.format(seq=1, year=2026)
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            "Format nomor tidak dapat dipakai. Gunakan hanya {seq} (misalnya {seq:03d}) dan {year}."
        ) from None


class LetterSeries(models.Model):
    code = models.SlugField(
        "kode seri",
        max_length=20,
        unique=True,
        help_text="Kode pendek seri nomor, misalnya PNL. Tidak dapat diubah setelah dipakai.",
    )
    name = models.CharField("nama seri", max_length=200)
    kind = models.CharField(
        "jenis surat",
        max_length=20,
        choices=LetterKind.choices,
        unique=True,
        help_text="Surat yang dibuat sistem memakai seri jenisnya.",
    )
    number_format = models.CharField(
        "format nomor",
        max_length=100,
        validators=[check_number_format],
        help_text="Gunakan {seq} untuk nomor urut dan {year} untuk tahun, "
        "misalnya 503/{seq:03d}/PNL/DPMPTSP/{year}.",
    )
    signatory = models.CharField(
        "penanda tangan", max_length=10, choices=Signatory.choices, default=Signatory.HEAD
    )
    on_behalf = models.CharField(
        "atas nama",
        max_length=200,
        blank=True,
        help_text="Baris a.n. di atas jabatan, misalnya 'a.n. Kepala Dinas'. Kosongkan bila "
        "pejabat menandatangani atas namanya sendiri.",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "seri surat keluar"
        verbose_name_plural = "seri surat keluar"

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def format_number(self, *, seq: int, year: int) -> str:
        return self.number_format.format(seq=seq, year=year)


def new_letter_code() -> str:
    # Printed in the letter's QR code, like the permit's verification code.
    return secrets.token_urlsafe(16)


def letter_pdf_path(instance, filename: str) -> str:
    return f"letters/{instance.year}/{instance.verification_code}.pdf"


class Letter(models.Model):
    """One number of the register. The number, date and content never change once written;
    the PDF of a written letter is added once (permits/letters.py)."""

    series = models.ForeignKey(
        LetterSeries, on_delete=models.PROTECT, related_name="letters", verbose_name="seri"
    )
    kind = models.CharField("jenis surat", max_length=20, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField("tahun")
    sequence = models.PositiveIntegerField("nomor urut")
    number = models.CharField("nomor surat", max_length=100, unique=True)
    dated = models.DateField("tanggal surat")
    subject = models.CharField("perihal", max_length=300)
    addressee = models.CharField("kepada", max_length=300)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name="berkas",
    )
    # The step that wrote it: one letter per step, however often the step's work is retried.
    entry = models.OneToOneField(
        "tracking.ControlCardEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter",
        verbose_name="langkah kartu kendali",
    )
    # What the letter says, fixed when it is written (items, deadline, recipient...).
    content = models.JSONField("isi", default=dict, blank=True)
    signatory = models.CharField(
        "penanda tangan", max_length=10, choices=Signatory.choices, default=Signatory.HEAD
    )
    signatory_name = models.CharField("nama penanda tangan", max_length=200, blank=True)
    signatory_position = models.CharField("jabatan penanda tangan", max_length=200)
    signatory_nip = models.CharField("NIP penanda tangan", max_length=30, blank=True)
    on_behalf = models.CharField("atas nama", max_length=200, blank=True)
    verification_code = models.CharField(
        "kode verifikasi", max_length=40, unique=True, default=new_letter_code
    )
    pdf = models.FileField("dokumen", upload_to=letter_pdf_path, blank=True)
    pdf_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField("ukuran (byte)", null=True, blank=True)
    signed_at = models.DateTimeField("ditandatangani pada", null=True, blank=True)
    timestamp_expires_at = models.DateTimeField(
        "cap waktu terakhir berlaku s.d.", null=True, blank=True
    )
    # The document is written by the worker; a failure is kept and retried.
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    last_error = models.TextField("kesalahan terakhir", blank=True)
    attempted_at = models.DateTimeField("percobaan terakhir", null=True, blank=True)
    created_at = models.DateTimeField("dicatat pada", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicatat oleh",
    )

    class Meta:
        ordering = ["-year", "series_id", "-sequence"]
        verbose_name = "surat keluar"
        verbose_name_plural = "register surat keluar"
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="unique_letter_sequence"
            ),
        ]
        indexes = [
            # The register's order (permits.selectors.REGISTER_ORDER), read straight from here.
            models.Index(
                models.F("year").desc(),
                "series",
                models.F("sequence").desc(),
                name="letter_register_order",
            ),
            models.Index(fields=["application", "kind"]),
            # The worker's sweep asks every few seconds for the letters still without a PDF:
            # a handful among all the letters of the years.
            models.Index(
                fields=["attempted_at"], condition=models.Q(pdf=""), name="letter_waiting_pdf"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_written(self) -> bool:
        """The system writes this letter's document (not a letter only registered)."""
        return self.kind in WRITTEN_KINDS
