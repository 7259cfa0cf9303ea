"""One notice to an applicant or a complainant on one channel, and how its delivery went.

A Delivery is written in the same transaction as the step that calls for it (so a committed
step always has its notices), then sent by a background task (notices/tasks.py). Its row is
the delivery log that the file page, the complaint page and the administrator read.

A WebhookDelivery is the same idea for the systems around the office: one event to one
registered WebhookEndpoint, written with the step (notices/webhooks.py), sent, signed and
retried by notices/webhook_sender.py.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
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
    # One notice per step and channel: the same step never sends the same notice twice
    # (notices_delivery_once; a constraint, not unique=True, which on PostgreSQL also builds
    # a LIKE index no query uses: 540 MB at a million files, docs/benchmarks.md).
    dedupe_key = models.CharField(max_length=200)
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
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="notices_delivery_once")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_channel_display()}, {self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# --- outgoing events (webhooks, docs/webhooks.md) ---------------------------------------


class WebhookEvent(models.TextChoices):
    FILE_RECEIVED = "file.received", "Berkas diterima di loket"
    FILE_STEP = "file.step", "Langkah berkas diambil"
    PERMIT_ISSUED = "permit.issued", "Izin terbit"
    COMPLAINT_CLOSED = "complaint.closed", "Pengaduan ditutup"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


def validate_webhook_events(value) -> None:
    known = set(WebhookEvent.values)
    if not isinstance(value, list) or not value:
        raise ValidationError("Pilih sedikitnya satu peristiwa.")
    unknown = [str(code) for code in value if code not in known]
    if unknown:
        raise ValidationError(f"Peristiwa tidak dikenal: {', '.join(unknown)}.")


class WebhookEndpoint(models.Model):
    """A system that hears about the office's events: its address, its secret, its events.

    The secret is kept in clear because every delivery is signed with it (HMAC-SHA256); the
    administrator copies it to the receiver from the admin page and can rotate it there.
    Personal data (names, NIK, e-mail, telephone) go only to an endpoint with `personal`.
    """

    name = models.CharField("nama", max_length=100)
    url = models.URLField(
        "alamat URL",
        max_length=500,
        validators=[
            URLValidator(
                schemes=["https", "http"],
                message="Masukkan alamat yang diawali https:// atau http://.",
                code="scheme",  # its own code: the field's "invalid" message would replace it
            )
        ],
        help_text="Alamat penerima yang menerima POST JSON. Gunakan https di luar jaringan kantor.",
    )
    secret = models.CharField(
        "rahasia penandatanganan",
        max_length=100,
        default=new_webhook_secret,
        editable=False,
        help_text="Dibuat otomatis. Salin ke sistem penerima untuk memeriksa tanda tangan "
        "X-Kendali-Signature; ganti dengan tindakan \u201cGanti rahasia\u201d bila bocor.",
    )
    events = models.JSONField("peristiwa", default=list, validators=[validate_webhook_events])
    personal = models.BooleanField(
        "boleh menerima data pribadi",
        default=False,
        help_text="Nama, NIK, NPWP, e-mail, telepon dan alamat pemohon atau pelapor ikut "
        "dikirim. Centang hanya untuk sistem yang berwenang mengolah data pribadi. Data "
        "pelapor anonim atau yang dirahasiakan tidak pernah dikirim.",
    )
    active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="dibuat oleh",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "titik webhook"
        verbose_name_plural = "titik webhook"

    def __str__(self) -> str:
        return self.name

    def subscribes(self, event: str) -> bool:
        return self.active and event in (self.events or [])

    def rotate_secret(self) -> None:
        self.secret = new_webhook_secret()
        self.save(update_fields=["secret"])


class WebhookDelivery(models.Model):
    """One event to one endpoint: the exact body, frozen when the event happened, and how its
    delivery went. A retry sends the same body, signed again with a fresh timestamp."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name="titik webhook",
    )
    event = models.CharField("peristiwa", max_length=30, choices=WebhookEvent.choices)
    # The same for every endpoint of one event; in the body as "event_id".
    event_id = models.UUIDField("id peristiwa", db_index=True)
    # This message's own id, sent as X-Kendali-Delivery (the same on every retry).
    delivery_id = models.UUIDField("id pengiriman", unique=True, default=uuid.uuid4)
    # One row per event and endpoint: the same event is never queued twice to one endpoint.
    dedupe_key = models.CharField(max_length=200)
    body = models.TextField("isi JSON")
    status = models.CharField(
        "status", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    next_attempt_at = models.DateTimeField("percobaan berikutnya", null=True, blank=True)
    # When a task for it was last put in the queue: the sweep re-queues one that got lost.
    queued_at = models.DateTimeField("diantrekan", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("kode HTTP terakhir", null=True, blank=True)
    last_error = models.TextField("galat terakhir", blank=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    delivered_at = models.DateTimeField("terkirim", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "pengiriman webhook"
        verbose_name_plural = "log pengiriman webhook"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedupe_key"], name="notices_webhook_once_per_endpoint"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notices_webhook_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} \u2192 {self.endpoint} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
