"""Who received the permit, at the counter or by downloading it (step 8)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from office.history import AppendOnlyModel
from permits import uploads
from permits.models.application import Application


class Handover(AppendOnlyModel):
    """Written once by the hand-over step; the control card records the same names.

    A proxy (kuasa) brings a power of attorney, kept as a scan with the file.
    """

    class Recipient(models.TextChoices):
        APPLICANT = "applicant", "Pemohon sendiri"
        PROXY = "proxy", "Kuasa pemohon"
        DOWNLOAD = "download", "Diunduh pemohon (elektronik)"

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="handover", verbose_name="berkas"
    )
    recipient = models.CharField("penerima", max_length=10, choices=Recipient.choices)
    recipient_name = models.CharField("nama penerima", max_length=200, blank=True)
    recipient_identity = models.CharField("nomor identitas penerima", max_length=100, blank=True)
    power_of_attorney = models.FileField(
        "surat kuasa", upload_to=uploads.power_of_attorney_path, blank=True
    )
    handed_over_at = models.DateTimeField("diserahkan pada", default=timezone.now)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diserahkan oleh",
    )

    class Meta:
        verbose_name = "penyerahan izin"
        verbose_name_plural = "penyerahan izin"

    def __str__(self) -> str:
        return f"{self.application}: {self.get_recipient_display()}"
