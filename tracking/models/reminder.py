"""The log of deadline reminders sent (supervision.reminders): a second run sends nothing."""

from django.conf import settings
from django.db import models


class ReminderLog(models.Model):
    """One reminder e-mail sent to one user on one day: a second run that day sends nothing."""

    class Kind(models.TextChoices):
        OFFICER = "officer", "Pengingat tenggat untuk petugas"
        SUMMARY = "summary", "Ringkasan tenggat untuk Kepala Bidang"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="pengguna",
    )
    sent_on = models.DateField("tanggal")
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    files = models.PositiveIntegerField("jumlah berkas")
    sent_at = models.DateTimeField("dikirim", auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "user_id"]
        verbose_name = "pengingat tenggat terkirim"
        verbose_name_plural = "pengingat tenggat terkirim"
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on", "kind"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.kind} {self.user_id}"
