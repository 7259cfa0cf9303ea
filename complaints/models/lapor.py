"""SP4N-LAPOR! both ways: the sync's runs and state, the follow-ups waiting to go back, and the
notifications LAPOR! has sent (docs/lapor.md).
"""

from django.db import models
from django.utils import timezone

from complaints.models.complaint import Complaint, ComplaintEvent


class LaporSyncState(models.Model):
    """One row: where the sync has read up to, and who is running it now (a lease).

    The lease is taken with a conditional UPDATE, which is atomic on SQLite and PostgreSQL
    alike, so two workers never sync together and nothing holds a transaction open while
    LAPOR! is being asked.
    """

    SINGLETON = 1

    cursor = models.CharField("posisi baca SP4N-LAPOR!", max_length=200, blank=True)
    # Someone asked for a run now (the button, a notification from LAPOR!).
    requested_at = models.DateTimeField("diminta", null=True, blank=True)
    # A run task was put in the queue at this time (not queued again until it has run).
    queued_at = models.DateTimeField("diantrekan", null=True, blank=True)
    lease_until = models.DateTimeField("dikunci sampai", null=True, blank=True)
    lease_holder = models.CharField("dikunci oleh", max_length=64, blank=True)

    class Meta:
        verbose_name = "keadaan sinkronisasi SP4N-LAPOR!"
        verbose_name_plural = "keadaan sinkronisasi SP4N-LAPOR!"

    def __str__(self) -> str:
        return f"SP4N-LAPOR! {self.cursor or '(awal)'}"

    @classmethod
    def current(cls) -> "LaporSyncState":
        return cls.objects.get_or_create(pk=cls.SINGLETON)[0]


class LaporSyncRun(models.Model):
    """One sync with SP4N-LAPOR!: what came in, what went back, what went wrong."""

    started_at = models.DateTimeField("mulai", default=timezone.now, db_index=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    # LAPOR! answered and the run went through; single bad records or refused follow-ups
    # are in `errors` of an ok run.
    ok = models.BooleanField("berhasil", default=False)
    fetched = models.PositiveIntegerField("laporan dibaca", default=0)
    created = models.PositiveIntegerField("pengaduan baru", default=0)
    skipped_duplicates = models.PositiveIntegerField("sudah ada", default=0)
    pushed = models.PositiveIntegerField("tindak lanjut terkirim", default=0)
    errors = models.JSONField("galat", default=list, blank=True)
    # When the next scheduled run is due: the interval after a good run, back-off after a failed.
    next_try_at = models.DateTimeField("percobaan berikutnya", null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "sinkronisasi SP4N-LAPOR!"
        verbose_name_plural = "sinkronisasi SP4N-LAPOR!"

    def __str__(self) -> str:
        return f"SP4N-LAPOR! {self.started_at:%Y-%m-%d %H:%M} {'berhasil' if self.ok else 'gagal'}"


class FollowUpState(models.TextChoices):
    PENDING = "pending", "Menunggu dikirim"
    SENT = "sent", "Terkirim"
    FAILED = "failed", "Ditolak SP4N-LAPOR!"


# The kinds of follow-up (complaints/lapor_outbox.py), as the desk names them.
FOLLOW_UP_LABELS = {
    "verified": "Terverifikasi",
    "assigned": "Didisposisikan",
    "answered": "Jawaban kepada pelapor",
    "closed": "Selesai",
    "declined": "Tidak ditindaklanjuti, dengan penjelasan",
}


class LaporFollowUp(models.Model):
    """A follow-up of a LAPOR! complaint that goes back to LAPOR!, written with its step.

    One per complaint event (the step is never sent twice). `text` is what the complainant
    is told, never the officer's internal note.
    """

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="lapor_follow_ups",
        verbose_name="pengaduan",
    )
    event = models.OneToOneField(
        ComplaintEvent,
        on_delete=models.CASCADE,
        related_name="lapor_follow_up",
        verbose_name="riwayat",
    )
    kind = models.CharField("jenis", max_length=20)
    text = models.TextField("isi")
    # The status the complaint takes on LAPOR! (docs/lapor.md).
    status = models.CharField("status di SP4N-LAPOR!", max_length=20)
    state = models.CharField(
        "pengiriman",
        max_length=10,
        choices=FollowUpState.choices,
        default=FollowUpState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    last_error = models.TextField("galat terakhir", blank=True)
    lapor_reference = models.CharField("nomor di SP4N-LAPOR!", max_length=100, blank=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    sent_at = models.DateTimeField("terkirim", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "tindak lanjut ke SP4N-LAPOR!"
        verbose_name_plural = "tindak lanjut ke SP4N-LAPOR!"
        indexes = [models.Index(fields=["state", "created_at"], name="complaints_lapor_pending")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} ({self.get_state_display()})"

    @property
    def kind_label(self) -> str:
        return FOLLOW_UP_LABELS.get(self.kind, self.kind)


class LaporNotification(models.Model):
    """A signed notification LAPOR! sent, kept a day so the same one is refused a second time.

    Refused by the delivery id, and by the signature: the id is a header the signature does
    not cover, so a copy sent again with a new id still carries the old signature.
    """

    delivery_id = models.CharField("nomor kiriman", max_length=100, unique=True)
    signature = models.CharField("tanda tangan", max_length=100, unique=True)
    received_at = models.DateTimeField("diterima", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "notifikasi SP4N-LAPOR!"
        verbose_name_plural = "notifikasi SP4N-LAPOR!"

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.received_at:%Y-%m-%d %H:%M}"
