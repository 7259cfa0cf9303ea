"""One notice to an applicant or a complainant on one channel, and how its delivery went.

A Delivery is written in the same transaction as the step that calls for it (so a committed
step always has its notices), then sent by a background task (notices/tasks.py). Its row is
the delivery log that the file page, the complaint page and the administrator read.
"""

from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    WHATSAPP = "whatsapp", "WhatsApp"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Menunggu dikirim"
    RETRYING = "retrying", "Akan dicoba lagi"
    SENT = "sent", "Terkirim"
    FAILED = "failed", "Gagal"


OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


class Delivery(models.Model):
    application = models.ForeignKey(
        "permits.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name="berkas",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name="pengaduan",
    )
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices)
    kind = models.CharField("jenis", max_length=30)  # "receipt", "complaint_answered", ...
    title = models.CharField("pemberitahuan", max_length=200)  # what the log shows
    recipient = models.CharField("penerima", max_length=254)
    # What to send: e-mail {subject, text, html, reply_to}; WhatsApp {template, parameters}.
    payload = models.JSONField("isi", default=dict)
    # One notice per step and channel: the same step never sends the same notice twice.
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        "status", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    last_error = models.TextField("galat terakhir", blank=True)
    provider_id = models.CharField("nomor pesan penyedia", max_length=200, blank=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    next_attempt_at = models.DateTimeField("percobaan berikutnya", null=True, blank=True)
    # When a task for it was last put in the queue: the sweep re-queues one that got lost.
    queued_at = models.DateTimeField("diantrekan", null=True, blank=True)
    sent_at = models.DateTimeField("terkirim", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "pengiriman pemberitahuan"
        verbose_name_plural = "log pengiriman pemberitahuan"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notices_delivery_open"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_channel_display()}, {self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
