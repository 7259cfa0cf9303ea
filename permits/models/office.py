from django.core.exceptions import ValidationError
from django.db import models


class OfficeProfile(models.Model):
    """The issuing office. One row; editable in the admin because people and addresses change."""

    name = models.CharField(
        "nama dinas",
        max_length=200,
        default="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    )
    short_name = models.CharField("singkatan", max_length=40, default="DPMPTSP")
    government = models.CharField(
        "pemerintah daerah", max_length=200, default="Pemerintah Kabupaten Ogan Komering Ilir"
    )
    city = models.CharField("kota penerbitan", max_length=100, default="Kayuagung")
    address = models.CharField("alamat", max_length=300, blank=True)
    phone = models.CharField("telepon", max_length=100, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("situs web", blank=True)
    head_name = models.CharField("nama Kepala Dinas", max_length=200, blank=True)
    head_nip = models.CharField("NIP Kepala Dinas", max_length=30, blank=True)
    head_position = models.CharField("jabatan Kepala Dinas", max_length=200, default="Kepala Dinas")
    kabid_name = models.CharField("nama Kepala Bidang", max_length=200, blank=True)
    kabid_nip = models.CharField("NIP Kepala Bidang", max_length=30, blank=True)
    logo = models.ImageField("logo", upload_to="office/", blank=True)

    class Meta:
        verbose_name = "profil kantor"
        verbose_name_plural = "profil kantor"

    def __str__(self) -> str:
        return f"{self.short_name} {self.government}"

    @classmethod
    def current(cls) -> "OfficeProfile":
        return cls.objects.order_by("pk").first() or cls()

    def clean(self) -> None:
        if not self.pk and OfficeProfile.objects.exists():
            raise ValidationError("Profil kantor sudah ada; ubah profil yang ada.")
