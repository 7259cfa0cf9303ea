"""A file a service's declaration asks for at intake (a declared field of type "file")."""

from django.db import models

from permits import uploads
from permits.models.application import Application


class DeclaredFile(models.Model):
    """Kept as a file field, not a name in `Application.data`, so that backups, storage
    checks and the clean-up of unreferenced files see it like every other upload."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="declared_files",
        verbose_name="berkas",
    )
    field_name = models.CharField("isian", max_length=40)
    file = models.FileField("berkas isian", upload_to=uploads.declared_file_path)
    original_name = models.CharField("nama asli", max_length=255, blank=True)
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)

    class Meta:
        verbose_name = "lampiran isian layanan"
        verbose_name_plural = "lampiran isian layanan"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "field_name"], name="one_file_per_declared_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.field_name}"
