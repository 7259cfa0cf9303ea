"""An export too long to build inside the request: asked for on a page, built by the worker.

The row records what was asked (kind, format, period, service) and how it went; the task only
says "build export N" (ADR 0011). The file lives on the private storage beside the scans and
permits, is written whole by office.files.save_whole, and is served to its owner only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportKind(models.TextChoices):
    FILES = "files", "Daftar berkas"
    IKM = "ikm", "Laporan IKM"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


class ExportStatus(models.TextChoices):
    PENDING = "menunggu", "Menunggu"
    RUNNING = "diproses", "Sedang diproses"
    READY = "siap", "Siap diunduh"
    FAILED = "gagal", "Gagal"


OPEN_STATUSES = (ExportStatus.PENDING, ExportStatus.RUNNING)


def export_path(instance: "Export", filename: str) -> str:
    # One folder per export: a rebuild never meets the name of another export's file.
    return f"exports/{instance.created_at:%Y}/{instance.pk}/{filename}"


class Export(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name="diminta oleh",
    )
    kind = models.CharField("jenis", max_length=10, choices=ExportKind.choices)
    format = models.CharField("format", max_length=5, choices=ExportFormat.choices)
    # {"start": "2026-01-01", "end": "2026-12-31", "service": <id> or None}
    parameters = models.JSONField("parameter", default=dict)
    title = models.CharField("judul", max_length=200)
    # The name the direct download gives the same period, set when the file is built.
    filename = models.CharField("nama berkas unduhan", max_length=200, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField("berkas", upload_to=export_path, blank=True)
    error = models.TextField("galat", blank=True)
    row_count = models.PositiveIntegerField("jumlah baris", null=True, blank=True)
    created_at = models.DateTimeField("diminta", default=timezone.now)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "ekspor"
        verbose_name_plural = "ekspor"
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="supervision_export_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def tone(self) -> str:
        """The badge colour on the page (the same classes as a file's status)."""
        return {
            ExportStatus.READY: "done",
            ExportStatus.FAILED: "stopped",
        }.get(self.status, "progress")
