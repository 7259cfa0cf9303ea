"""Each file's service-time clock, folded from its control card by tracking.clocks."""

from datetime import timedelta

from django.db import models


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
