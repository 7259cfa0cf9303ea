"""Pre-counted figures, added by tracking.tallies when a step is written."""

from django.db import models


class Tally(models.Model):
    """A pre-counted figure: how many events of one kind on one day, in one month or year.

    Written when a step is recorded (tracking.tallies.add), so a year of figures is a
    sum over a few hundred rows. Durations are counted in buckets of working minutes,
    rounded up to a grid, so medians and percentiles come from the counts.
    `officer_id` 0 is the whole office; otherwise the user who took the step.
    `service_id` 0 is every service together; otherwise the file's service (each event is
    counted both ways, so "all services" reads as few rows as one service).
    """

    class Scale(models.TextChoices):
        DAY = "d", "hari"
        MONTH = "m", "bulan"
        YEAR = "y", "tahun"

    officer_id = models.PositiveIntegerField(default=0)
    # The service's id, without a foreign key: the ledger knows no service catalog.
    service_id = models.PositiveIntegerField(default=0)
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
                fields=[
                    "service_id",
                    "officer_id",
                    "metric",
                    "scale",
                    "period_start",
                    "step",
                    "bucket",
                ],
                name="tracking_tally_key",
            )
        ]
        # The same columns and the count: periods are summed from the index alone.
        indexes = [
            models.Index(
                fields=[
                    "service_id",
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
