"""A numbering batch: signed files that Bagian Umum numbers in one go, in the background.

Each item is one file in the order chosen; the worker numbers, renders and signs the items
one after another (permits/batches.py), each in its own transaction with its step, so an item
is either numbered (its permit and control card line committed) or still waiting, never half.
"""

from django.conf import settings
from django.db import models

from permits.models.application import Application


class NumberingBatch(models.Model):
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dimulai oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField("dimulai pada", auto_now_add=True)
    finished_at = models.DateTimeField("selesai pada", null=True, blank=True)
    # When a task for the batch was last put in the queue (the sweep finds lost ones).
    queued_at = models.DateTimeField("terakhir diantrekan", null=True, blank=True)

    class Meta:
        verbose_name = "penomoran sekaligus"
        verbose_name_plural = "penomoran sekaligus"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["finished_at"], name="batch_open_idx")]

    def __str__(self) -> str:
        return f"Penomoran #{self.pk}"


class BatchItem(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Menunggu"
        DONE = "done", "Diberi nomor"
        FAILED = "failed", "Gagal"

    batch = models.ForeignKey(NumberingBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField("urutan")
    state = models.CharField("keadaan", max_length=10, choices=State, default=State.WAITING)
    # Started more than once: the worker stopped in the middle of this file.
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    permit_number = models.CharField("nomor izin", max_length=100, blank=True)
    error = models.TextField("alasan gagal", blank=True)
    finished_at = models.DateTimeField("selesai pada", null=True, blank=True)

    class Meta:
        verbose_name = "berkas penomoran"
        verbose_name_plural = "berkas penomoran"
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="batch_item_position"),
            models.UniqueConstraint(fields=["batch", "application"], name="batch_item_once"),
        ]
        indexes = [models.Index(fields=["application", "state"], name="batch_item_file_idx")]

    def __str__(self) -> str:
        return f"{self.batch} · {self.position}"
