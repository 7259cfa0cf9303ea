"""History rows: written once, never updated or deleted through the ORM.

The base of the control card, the download log and the complaint history.
"""

from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a control-card entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} tidak dapat diubah.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} tidak dapat dihapus.")


class AppendOnlyModel(models.Model):
    """A history row: written once, never updated or deleted through the ORM.

    Used by the control card, the download log and the complaint history.
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
