"""What an API client may read. A client holds a list of these; each resource asks for one."""

from django.db import models


class Scope(models.TextChoices):
    SERVICES = "services", "Layanan dan standar pelayanan"
    FILES = "files", "Berkas (tanpa data pribadi)"
    FILES_PERSONAL = "files:personal", "Berkas: nama dan nomor identitas pemohon"
    FIGURES = "figures", "Angka pengawasan per periode"
    SKM = "skm", "Hasil SKM/IKM"
    COMPLAINTS = "complaints", "Angka pengaduan"
