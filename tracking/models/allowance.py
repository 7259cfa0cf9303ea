"""The working time given to each step: data the office edits, read by tracking.deadlines."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models

from tracking.grid import on_grid
from workflow.table import STEPS


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
        if self.step not in {s.number for s in STEPS}:
            raise ValidationError({"step": "Langkah tidak dikenal."})
        # Durations are counted on a grid (tracking.grid.GRID); off it, "within" would guess.
        if not self.hours or not on_grid(timedelta(hours=self.hours)):
            raise ValidationError(
                {
                    "hours": "Sampai 24 jam bebas; sampai 72 jam kelipatan 2; sampai 336 jam "
                    "kelipatan 6; lebih dari itu kelipatan 24."
                }
            )
