"""The service pledge (maklumat pelayanan) the office publishes with its service standard."""

from django.db import models


class ServicePledge(models.Model):
    """Editable in the admin; the published standard shows the newest active one."""

    text = models.TextField("isi maklumat")
    motto = models.CharField("moto pelayanan", max_length=200, blank=True)
    declared_on = models.DateField("tanggal ditetapkan", null=True, blank=True)
    place = models.CharField("tempat", max_length=100, blank=True, default="Kayuagung")
    signatory_position = models.CharField(
        "jabatan penanda tangan",
        max_length=200,
        blank=True,
        help_text="Kosongkan untuk memakai jabatan Kepala Dinas pada profil kantor.",
    )
    signatory_name = models.CharField(
        "nama penanda tangan",
        max_length=200,
        blank=True,
        help_text="Kosongkan untuk memakai nama Kepala Dinas pada profil kantor.",
    )
    active = models.BooleanField("berlaku", default=True)

    class Meta:
        ordering = [models.F("declared_on").desc(nulls_last=True), "-pk"]
        verbose_name = "maklumat pelayanan"
        verbose_name_plural = "maklumat pelayanan"

    def __str__(self) -> str:
        return f"Maklumat pelayanan {self.declared_on or ''}".strip()

    @classmethod
    def current(cls) -> "ServicePledge | None":
        return cls.objects.filter(active=True).first()
