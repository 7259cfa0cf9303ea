"""The control card (kartu kendali): one row per step, written by tracking.cards."""

from django.conf import settings
from django.db import models

from office.history import AppendOnlyModel
from workflow.table import CARD_TRANSITIONS


class ControlCardEntry(AppendOnlyModel):
    """One step on the control card: who, when, what, and how long the file waited for it.

    Written only by permits.services (through tracking.cards); rows cannot be updated or
    deleted through the ORM or the admin.
    """

    application = models.ForeignKey(
        "permits.Application", on_delete=models.PROTECT, related_name="control_card"
    )
    transition = models.CharField(
        "tindakan",
        max_length=40,
        choices=[(t.name, f"{t.staff_label} ({t.role.label})") for t in CARD_TRANSITIONS.values()],
    )
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
