"""Complaints, suggestions and feedback (pengaduan, saran dan masukan) and their history."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from complaints.workflow import OPEN_STATUSES, ComplaintStatus, fsm_args
from office.history import AppendOnlyModel

# No 0/O or 1/I: the complainant types the ticket from a screen or a note. 32^10 = 2^50.
TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TICKET_LENGTH = 10


def new_ticket() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def normalize_ticket(value: str) -> str:
    """What the complainant typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in (value or "")[:40].upper() if ch.isalnum())


def attachment_path(instance, filename: str) -> str:
    # The name the complainant gave the file is not kept: it can carry personal data.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"complaints/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ComplaintTier(models.Model):
    """A class of complaint and its time limit in working days (local rule, editable)."""

    code = models.SlugField("kode", max_length=30, unique=True)
    name = models.CharField("klasifikasi", max_length=100)
    description = models.CharField("keterangan", max_length=300, blank=True)
    days = models.PositiveSmallIntegerField("batas waktu (hari kerja)")
    order = models.PositiveSmallIntegerField("urutan", default=0)
    active = models.BooleanField("aktif", default=True)

    class Meta:
        ordering = ["order", "days"]
        verbose_name = "klasifikasi pengaduan"
        verbose_name_plural = "klasifikasi pengaduan"

    def __str__(self) -> str:
        return f"{self.name} ({self.days} hari kerja)"


class Channel(models.TextChoices):
    WEB = "web", "Formulir situs web"
    ROOM = "room", "Ruang pelayanan pengaduan"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Telepon / faks / SMS"
    LETTER = "letter", "Surat"
    # Forwarded by SP4N-LAPOR! and brought in by its sync (complaints/lapor_sync.py), never typed.
    LAPOR = "lapor", "SP4N-LAPOR!"


class Category(models.TextChoices):
    REQUIREMENTS = "requirements", "Persyaratan dan prosedur"
    TIME = "time", "Waktu penyelesaian"
    FEE = "fee", "Biaya atau pungutan"
    CONDUCT = "conduct", "Perilaku petugas"
    PRODUCT = "product", "Dokumen izin"
    FACILITIES = "facilities", "Sarana dan prasarana"
    SUGGESTION = "suggestion", "Saran dan masukan"
    OTHER = "other", "Lainnya"


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Complaint(ConcurrentTransitionMixin, models.Model):
    """One complaint, from receipt to closing. Changed only through complaints.services."""

    ticket = models.CharField("nomor tiket", max_length=TICKET_LENGTH, unique=True)
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices)
    received_on = models.DateField("tanggal diterima")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicatat oleh",
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    # The complainant. Anonymous: no name is kept. Confidential: the name is kept but
    # only the complaint officers see it. Either way, other staff read "Dirahasiakan".
    anonymous = models.BooleanField("anonim", default=False)
    confidential = models.BooleanField("identitas dirahasiakan", default=False)
    name = models.CharField("nama pelapor", max_length=120, blank=True)
    email = models.EmailField("e-mail pelapor", blank=True)
    phone = models.CharField("telepon pelapor", max_length=30, blank=True)

    # As typed; `related_application` is set only when it matched a file.
    related_number = models.CharField("nomor registrasi terkait", max_length=40, blank=True)
    related_application = models.ForeignKey(
        "permits.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="berkas terkait",
    )
    # The service complained about: chosen on the form, or the related file's service.
    service = models.ForeignKey(
        "permits.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="layanan",
    )
    category = models.CharField("kategori", max_length=20, choices=Category.choices)
    subject = models.CharField("perihal", max_length=150)
    description = models.TextField("uraian")
    attachment = models.FileField("lampiran", upload_to=attachment_path, blank=True)

    status = FSMField(
        "status",
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
        protected=True,
    )
    status_changed_at = models.DateTimeField("status sejak", default=timezone.now)
    verify_due_on = models.DateField("batas verifikasi")
    tier = models.ForeignKey(
        ComplaintTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="klasifikasi",
    )
    verified_on = models.DateField("tanggal verifikasi", null=True, blank=True)
    due_on = models.DateField("batas penyelesaian", null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="duplikat dari",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name="petugas",
    )
    # What the complainant is told: the answer, or why nothing more will be done.
    reply = models.TextField("jawaban kepada pelapor", blank=True)
    replied_at = models.DateTimeField("dijawab", null=True, blank=True)
    closed_at = models.DateTimeField("ditutup", null=True, blank=True)

    # SP4N-LAPOR!: the complaint's number there, and the date the office must have acted by
    # (LAPOR_ACTION_DAYS working days after LAPOR! forwarded it). Empty for other channels.
    lapor_id = models.CharField("nomor SP4N-LAPOR!", max_length=40, blank=True, default="")
    lapor_due_on = models.DateField("batas tindak lanjut SP4N-LAPOR!", null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["received_on"]),
            # The dashboard counts complaints answered in a period (complaints.selectors).
            models.Index(fields=["replied_at"], name="complaints_replied_at"),
        ]
        constraints = [
            # The same LAPOR! complaint never twice, also when two syncs race.
            models.UniqueConstraint(
                fields=["lapor_id"],
                condition=~models.Q(lapor_id=""),
                name="complaints_unique_lapor_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.subject}"

    @property
    def hides_identity(self) -> bool:
        return self.anonymous or self.confidential

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def deadline(self):
        """The date the office must act by now (verification, then resolution), or None."""
        if self.status == ComplaintStatus.RECEIVED:
            return self.verify_due_on
        if self.status in (ComplaintStatus.VERIFIED, ComplaintStatus.ASSIGNED):
            return self.due_on
        return None

    def is_overdue(self, today=None) -> bool:
        deadline = self.deadline
        return deadline is not None and deadline < (today or timezone.localdate())

    @property
    def lapor_met(self) -> bool:
        """LAPOR!'s limit is met once the complainant has an answer or an explanation."""
        return self.status not in OPEN_STATUSES

    def is_lapor_overdue(self, today=None) -> bool:
        return (
            self.lapor_due_on is not None
            and not self.lapor_met
            and self.lapor_due_on < (today or timezone.localdate())
        )

    # --- transitions: sources and targets come from complaints.workflow ----------
    # Call them only through complaints.services.perform_action.

    @transition(**fsm_args("verify"))
    def verify(self):
        pass

    @transition(**fsm_args("assign"))
    def assign(self):
        pass

    @transition(**fsm_args("answer"))
    def answer(self):
        pass

    @transition(**fsm_args("close"))
    def close(self):
        pass

    @transition(**fsm_args("decline_not_ours"))
    def decline_not_ours(self):
        pass

    @transition(**fsm_args("mark_duplicate"))
    def mark_duplicate(self):
        pass


class ComplaintEvent(AppendOnlyModel):
    """One change to a complaint: who, when, from and to which status, and the officer's note.

    Append-only, like the control card. The note is internal: the complainant
    never sees it (what they are told is `Complaint.reply`).
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="events", verbose_name="pengaduan"
    )
    action = models.CharField("tindakan", max_length=30)
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
    # As written at the time; empty when the complainant filed it on the web.
    actor_name = models.CharField("nama petugas", max_length=200, blank=True)
    note = models.TextField("catatan internal", blank=True)
    context = models.JSONField("rincian", default=dict, blank=True)
    created_at = models.DateTimeField("waktu", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "riwayat pengaduan"
        verbose_name_plural = "riwayat pengaduan"

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
