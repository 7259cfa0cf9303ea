"""The office itself: its profile, its own calendar days and the public pages' request counts.

Ground-floor data that every app reads and no domain owns. The tables keep the names they
had in `permits` and `tracking` before ADR 0009 moved the models here.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save

from office.uploads import validate_logo


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
    # Checked by content, bytes and pixels (office/uploads.py): printed on every permit.
    logo = models.ImageField(
        "logo",
        upload_to="office/",
        blank=True,
        validators=[validate_logo],
        help_text="Gambar PNG atau JPEG.",
    )

    class Meta:
        db_table = "permits_officeprofile"  # moved from permits (ADR 0009)
        verbose_name = "profil kantor"
        verbose_name_plural = "profil kantor"

    def __str__(self) -> str:
        return f"{self.short_name} {self.government}"

    @classmethod
    def current(cls) -> "OfficeProfile":
        return cls.objects.order_by("pk").first() or cls()

    @classmethod
    def shown(cls) -> "OfficeProfile":
        """The profile for the header and footer of every page: read from the database at most
        every settings.OFFICE_PROFILE_SHOWN_FOR seconds per process (an edit shows at once in
        the process that saved it, within that time in the others). Documents read
        `current()`, always fresh."""
        now = time.monotonic()
        cached = _shown.get("profile")
        if cached is not None and now - cached[0] < settings.OFFICE_PROFILE_SHOWN_FOR:
            return cached[1]
        profile = cls.current()
        _shown["profile"] = (now, profile)
        return profile

    def clean(self) -> None:
        if not self.pk and OfficeProfile.objects.exists():
            raise ValidationError("Profil kantor sudah ada; ubah profil yang ada.")


_shown: dict[str, tuple[float, OfficeProfile]] = {}


def forget_shown_profile(**_kwargs) -> None:
    _shown.clear()


post_save.connect(forget_shown_profile, sender=OfficeProfile)
post_delete.connect(forget_shown_profile, sender=OfficeProfile)


class OfficeCalendarDay(models.Model):
    """A day the office decides for itself: an extra day off, or a national holiday worked."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Libur kantor (tidak dihitung sebagai hari kerja)"
        WORKING_DAY = "working_day", "Tetap masuk kerja (dihitung sebagai hari kerja)"

    date = models.DateField("tanggal", unique=True)
    name = models.CharField("keterangan", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.DAY_OFF)

    class Meta:
        db_table = "tracking_officecalendarday"  # moved from tracking (ADR 0009)
        ordering = ["date"]
        verbose_name = "hari kalender kantor"
        verbose_name_plural = "kalender kantor"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class RequestCount(models.Model):
    """Requests from one address in one throttle window (office/throttle.py).

    A table of our own rather than Django's cache: the database cache counts its whole table
    before every write, which made the public tracking page's throttle twelve queries.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "tracking_requestcount"  # moved from tracking (ADR 0009)
        verbose_name = "hitungan permintaan"
        verbose_name_plural = "hitungan permintaan"

    def __str__(self):
        return f"{self.key}: {self.count}"


class WorkerBeat(models.Model):
    """The last sign of life of a background worker (`manage.py run_worker`), every few seconds.

    `/healthz` reports a worker not seen for a while; a worker starting up puts back in the
    queue the tasks that a worker no longer beating left half-run (office/worker.py).
    """

    worker_id = models.CharField("pekerja", max_length=64, unique=True)
    hostname = models.CharField("mesin", max_length=255, blank=True)
    pid = models.PositiveIntegerField("proses", default=0)
    started_at = models.DateTimeField("mulai")
    last_seen = models.DateTimeField("terakhir terlihat", db_index=True)

    class Meta:
        verbose_name = "pekerja latar belakang"
        verbose_name_plural = "pekerja latar belakang"

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname})"
