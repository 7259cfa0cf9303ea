"""The download log: who opened which document of which file (tracking.downloads)."""

from django.conf import settings
from django.db import models

from office.history import AppendOnlyModel


class Document(models.TextChoices):
    """Every document the office serves; also the kinds in the download log."""

    RECEIPT = "receipt", "Tanda terima"
    DRAFT = "draft", "Draf izin"
    REJECTION = "rejection", "Surat penolakan"
    LETTER = "letter", "Surat keluar bernomor"
    PERMIT = "permit", "Izin (final)"
    CONTROL_CARD = "control_card", "Kartu kendali"
    REQUIREMENT_SCAN = "requirement_scan", "Pindaian persyaratan"
    COMMITMENT_EVIDENCE = "commitment_evidence", "Bukti komitmen"
    POWER_OF_ATTORNEY = "power_of_attorney", "Surat kuasa penerima izin"
    DECLARED_FILE = "declared_file", "Lampiran isian layanan"
    COMPLAINT_ATTACHMENT = "complaint_attachment", "Lampiran pengaduan"


class DocumentDownload(AppendOnlyModel):
    """One download of a document about a person: who, when, which file, which document, where.

    Written by tracking.downloads.record_download after every check has passed (a refused
    or failed download leaves no row); never changed or deleted. A staff download names the
    user; a public one keeps a fingerprint of the tracking code, never the code itself.
    """

    document = models.CharField("dokumen", max_length=30, choices=Document.choices)
    application = models.ForeignKey(
        "permits.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="downloads",
        verbose_name="berkas",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pengaduan",
    )
    # The requirement or commitment row whose scan was opened.
    item_id = models.PositiveIntegerField("nomor butir", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="petugas",
    )
    tracking_code_hint = models.CharField(
        "sidik kode lacak",
        max_length=16,
        blank=True,
        help_text="HMAC kode lacak yang dipakai (bukan kode itu sendiri).",
    )
    address = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    downloaded_at = models.DateTimeField("waktu", db_index=True)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]
        verbose_name = "unduhan dokumen"
        verbose_name_plural = "riwayat unduhan dokumen"
        indexes = [models.Index(fields=["application", "downloaded_at"])]
        constraints = [
            # Every row says who: a staff user, or (public download) a tracking-code fingerprint.
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, tracking_code_hint="")
                    | (models.Q(user__isnull=True) & ~models.Q(tracking_code_hint=""))
                ),
                name="download_by_user_or_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.application_id or self.complaint_id} {self.downloaded_at}"
