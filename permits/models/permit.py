from django.db import models

from permits.models.application import Application


class Permit(models.Model):
    """The issued permit. Its number comes from the locked yearly counter in permits.numbering."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="permit"
    )
    number = models.CharField("nomor izin", max_length=100, unique=True)
    year = models.PositiveSmallIntegerField("tahun")
    sequence = models.PositiveIntegerField("nomor urut")
    issued_on = models.DateField("tanggal terbit")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="unique_permit_sequence")
        ]
        verbose_name = "izin"
        verbose_name_plural = "izin"

    def __str__(self) -> str:
        return self.number
