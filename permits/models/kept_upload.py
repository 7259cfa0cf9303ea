"""Scans chosen on an intake form that came back with an error, kept until it is sent again.

A scan belongs to a requirement row, or to a declared field of type "file" (`field_name`).

A browser drops the chosen files when a form is shown again, so the intake view keeps each
scan that passed `office.uploads.validate_upload` as a row here, tied to the form's
`intake_token` and the clerk who chose it. The re-displayed form names it ("Pindaian
tersimpan"); when the form registers, `permits.services.register_application` copies the kept
scans into the requirement checks and deletes these rows (their files after the commit).

A form that is never sent again leaves its rows behind: after `KEPT_FOR` they no longer show
and the nightly `manage.py remove_unreferenced_files` deletes them and their files
(`KeptUploadManager.remove_expired`, which that command calls on every model that has it).
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from permits.models.standard import Requirement

KEPT_FOR = timedelta(hours=24)


def kept_upload_path(instance, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"kept/{instance.intake_token}/{uuid.uuid4().hex}{suffix}"


def _delete_files(files) -> None:
    for stored in files:
        if stored.name:
            stored.storage.delete(stored.name)


class KeptUploadManager(models.Manager):
    def _of_form(self, intake_token, user):
        if intake_token is None or user is None or not user.is_authenticated:
            return self.none()
        return self.filter(
            intake_token=intake_token, kept_by=user, kept_at__gt=timezone.now() - KEPT_FOR
        )

    def for_form(self, intake_token, user) -> dict[int, "KeptUpload"]:
        """The unexpired kept scans of this form's requirement rows and clerk, by requirement."""
        rows = self._of_form(intake_token, user).filter(requirement__isnull=False)
        return {row.requirement_id: row for row in rows}

    def for_fields(self, intake_token, user) -> dict[str, "KeptUpload"]:
        """The unexpired kept uploads of this form's declared fields, by field name."""
        rows = self._of_form(intake_token, user).filter(requirement__isnull=True)
        return {row.field_name: row for row in rows if row.field_name}

    def keep(
        self,
        *,
        intake_token,
        uploaded,
        original_name: str,
        kept_by,
        requirement=None,
        field_name: str = "",
    ):
        """Keep a checked upload for this form's row (or declared field), replacing a scan
        kept there before."""
        with transaction.atomic():
            place = {"requirement": requirement} if requirement else {"field_name": field_name}
            old = list(self.filter(intake_token=intake_token, **place))
            row = self.model(
                intake_token=intake_token,
                requirement=requirement,
                field_name=field_name,
                original_name=PurePosixPath(original_name or "").name[:255] or "pindaian",
                size=uploaded.size,
                kept_by=kept_by,
            )
            for previous in old:
                previous.delete()
            row.file.save(uploaded.name, uploaded, save=False)
            try:
                row.save()
            except BaseException:
                _delete_files([row.file])
                raise
            transaction.on_commit(lambda: _delete_files([p.file for p in old]))
        return row

    def remove_expired(self, now=None) -> int:
        """Delete the rows kept longer than KEPT_FOR and their files; returns how many."""
        cutoff = (now or timezone.now()) - KEPT_FOR
        expired = list(self.filter(kept_at__lte=cutoff))
        self.filter(pk__in=[row.pk for row in expired]).delete()
        _delete_files([row.file for row in expired])
        return len(expired)


class KeptUpload(models.Model):
    intake_token = models.UUIDField("formulir pendaftaran", db_index=True)
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persyaratan",
    )
    # Or the declared field (of type "file") it was chosen for.
    field_name = models.CharField("kolom isian", max_length=50, blank=True, default="")
    file = models.FileField("pindaian", upload_to=kept_upload_path)
    original_name = models.CharField("nama berkas asli", max_length=255)
    size = models.PositiveBigIntegerField("ukuran (byte)")
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="petugas"
    )
    kept_at = models.DateTimeField("disimpan pada", default=timezone.now)

    objects = KeptUploadManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["intake_token", "requirement"], name="unique_kept_upload"
            ),
            models.UniqueConstraint(
                fields=["intake_token", "field_name"],
                condition=~models.Q(field_name=""),
                name="unique_kept_field_upload",
            ),
            models.CheckConstraint(
                condition=models.Q(requirement__isnull=False, field_name="")
                | models.Q(requirement__isnull=True) & ~models.Q(field_name=""),
                name="kept_upload_has_one_place",
            ),
        ]
        verbose_name = "pindaian tersimpan sementara"
        verbose_name_plural = "pindaian tersimpan sementara"

    def __str__(self) -> str:
        return self.original_name

    def read(self) -> bytes:
        with self.file.open("rb") as stored:
            return stored.read()

    @property
    def extension(self) -> str:
        return PurePosixPath(self.file.name).suffix.lstrip(".")
