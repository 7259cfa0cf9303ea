"""The control card (kartu kendali): an append-only record of every step of a file.

Beside it: the office calendar and the step allowances (data the office edits), and what
is derived from the card when a step is written (each file's clock, the pre-counted
figures) or sent because of it (the reminder log). See docs/adr/0005.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models

from permits.access_policy import Document


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a control-card entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} tidak dapat diubah.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} tidak dapat dihapus.")


class AppendOnlyModel(models.Model):
    """A history row: written once, never updated or deleted through the ORM.

    Used by the control card and the complaint history.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} tidak dapat dihapus.")


class ControlCardEntry(AppendOnlyModel):
    """One step on the control card: who, when, what, and how long the file waited for it.

    Written only by permits.services; rows cannot be updated or deleted through
    the ORM or the admin.
    """

    application = models.ForeignKey(
        "permits.Application", on_delete=models.PROTECT, related_name="control_card"
    )
    transition = models.CharField("tindakan", max_length=40)
    from_status = models.CharField("dari status", max_length=20, blank=True)
    to_status = models.CharField("ke status", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="petugas",
    )
    # Kept as written at the time: people change roles and names.
    actor_name = models.CharField("nama petugas", max_length=200)
    actor_role = models.CharField("peran", max_length=20)
    comment = models.TextField("catatan", blank=True)
    context = models.JSONField("rincian", default=dict, blank=True)
    created_at = models.DateTimeField("waktu", db_index=True)
    # Time the file spent in the previous status before this step.
    duration = models.DurationField("lama")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "entri kartu kendali"
        verbose_name_plural = "kartu kendali"
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.transition} {self.created_at:%Y-%m-%d %H:%M}"


class OfficeCalendarDay(models.Model):
    """A day the office decides for itself: an extra day off, or a national holiday worked."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Libur kantor (tidak dihitung sebagai hari kerja)"
        WORKING_DAY = "working_day", "Tetap masuk kerja (dihitung sebagai hari kerja)"

    date = models.DateField("tanggal", unique=True)
    name = models.CharField("keterangan", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.DAY_OFF)

    class Meta:
        ordering = ["date"]
        verbose_name = "hari kalender kantor"
        verbose_name_plural = "kalender kantor"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class StepAllowance(models.Model):
    """The working time an officer is given for one step; steps 3-7 share the service time."""

    step = models.PositiveSmallIntegerField("langkah", unique=True)
    hours = models.PositiveSmallIntegerField(
        "batas waktu (jam pada hari kerja)",
        help_text="Dihitung hanya pada hari kerja: 24 jam = 1 hari kerja. Sampai 24 jam bebas; "
        "sampai 72 jam kelipatan 2; sampai 336 jam kelipatan 6; lebih dari itu kelipatan 24.",
    )

    class Meta:
        ordering = ["step"]
        verbose_name = "batas waktu langkah"
        verbose_name_plural = "batas waktu langkah"

    def __str__(self) -> str:
        return f"Langkah {self.step}: {self.hours} jam"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from permits.workflow import STEPS

        if self.step not in {s.number for s in STEPS}:
            raise ValidationError({"step": "Langkah tidak dikenal."})
        from tracking.tallies import on_grid

        # Durations are counted on a grid (tracking.tallies.GRID); off it, "within" would guess.
        if not self.hours or not on_grid(timedelta(hours=self.hours)):
            raise ValidationError(
                {
                    "hours": "Sampai 24 jam bebas; sampai 72 jam kelipatan 2; sampai 336 jam "
                    "kelipatan 6; lebih dari itu kelipatan 24."
                }
            )


class ClockState(models.TextChoices):
    NOT_STARTED = "not_started", "Belum berjalan"
    RUNNING = "running", "Berjalan"
    PAUSED = "paused", "Berhenti: berkas di pemohon"
    READY = "ready", "Selesai: izin siap diserahkan"
    CLOSED = "closed", "Dihentikan: ditolak atau dicabut"


class FileClock(models.Model):
    """The service-time clock of one file, kept up to date by tracking.cards.record_entry.

    Derived from the control card (tracking.clocks folds the entries into it), stored so
    that queues and dashboards read one row per file instead of its whole history.
    """

    application = models.OneToOneField(
        "permits.Application", on_delete=models.CASCADE, primary_key=True, related_name="clock"
    )
    state = models.CharField(
        "keadaan", max_length=12, choices=ClockState.choices, default=ClockState.NOT_STARTED
    )
    service_days = models.PositiveSmallIntegerField("jangka waktu (hari kerja)", null=True)
    received_at = models.DateTimeField("tanda terima", null=True)
    running_since = models.DateTimeField("berjalan sejak", null=True)
    paused_since = models.DateTimeField("berhenti sejak", null=True)
    pause_count = models.PositiveSmallIntegerField("kali berhenti", default=0)
    # Banked from the finished stretches of running time; the current one is added when read.
    days_used = models.PositiveIntegerField("hari kerja terpakai", default=0)
    working_time = models.DurationField("waktu kerja terpakai", default=timedelta(0))
    due_on = models.DateField("jatuh tempo", null=True)
    stopped_at = models.DateTimeField("selesai atau dihentikan", null=True)
    within_sla = models.BooleanField("tepat waktu", null=True)
    # Who printed the current draft: a send-back by Kabid or Kepala Dinas counts against them.
    drafted_by_id = models.IntegerField(null=True)

    class Meta:
        verbose_name = "jam layanan berkas"
        verbose_name_plural = "jam layanan berkas"
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.state} {self.due_on}"


class Tally(models.Model):
    """A pre-counted figure: how many events of one kind on one day, in one month or year.

    Written when a step is recorded (tracking.tallies.add), so a year of figures is a
    sum over a few hundred rows. Durations are counted in buckets of working minutes,
    rounded up to a grid, so medians and percentiles come from the counts.
    `officer_id` 0 is the whole office; otherwise the user who took the step.
    """

    class Scale(models.TextChoices):
        DAY = "d", "hari"
        MONTH = "m", "bulan"
        YEAR = "y", "tahun"

    officer_id = models.PositiveIntegerField(default=0)
    metric = models.CharField(max_length=20)
    scale = models.CharField(max_length=1, choices=Scale.choices)
    period_start = models.DateField()
    step = models.PositiveSmallIntegerField(default=0)
    bucket = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "rekap angka"
        verbose_name_plural = "rekap angka"
        constraints = [
            models.UniqueConstraint(
                fields=["officer_id", "metric", "scale", "period_start", "step", "bucket"],
                name="tracking_tally_key",
            )
        ]
        # The same columns and the count: periods are summed from the index alone.
        indexes = [
            models.Index(
                fields=[
                    "officer_id",
                    "metric",
                    "scale",
                    "period_start",
                    "step",
                    "bucket",
                    "events",
                ],
                name="tracking_tally_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.scale}{self.period_start} {self.step}/{self.bucket}"


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


class RequestCount(models.Model):
    """Requests from one address in one throttle window (tracking/throttle.py).

    A table of our own rather than Django's cache: the database cache counts its whole table
    before every write, which made the public tracking page's throttle twelve queries.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "hitungan permintaan"
        verbose_name_plural = "hitungan permintaan"

    def __str__(self):
        return f"{self.key}: {self.count}"
