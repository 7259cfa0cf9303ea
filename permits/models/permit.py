import secrets
import string

from django.conf import settings
from django.db import models

from permits.models.application import Application


def new_verification_code() -> str:
    # Printed in the permit's QR code; long enough that nobody guesses another permit's page.
    return secrets.token_urlsafe(16)


def could_be_verification_code(code: str) -> bool:
    """Whether `code` is shaped like a permit's or a letter's code (URL-safe base64, 40 at
    most): anything else is not looked up at all (PostgreSQL refuses a NUL in a query)."""
    return 0 < len(code) <= 40 and all(ch in _CODE_CHARACTERS for ch in code)


_CODE_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_")


def permit_pdf_path(instance, filename: str) -> str:
    return f"permits/{instance.year}/{instance.verification_code}.pdf"


class Permit(models.Model):
    """The issued permit. Its number comes from the locked yearly counter in permits.numbering.

    The final PDF is rendered once, at numbering, and kept with its SHA-256:
    every later download serves exactly those bytes.
    """

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="permit")
    number = models.CharField("nomor izin", max_length=100, unique=True)
    # The counter the number came from (the service's code): each service counts on its own.
    series = models.CharField("seri nomor", max_length=20)
    year = models.PositiveSmallIntegerField("tahun")
    sequence = models.PositiveIntegerField("nomor urut")
    issued_on = models.DateField("tanggal terbit")
    signed_at = models.DateTimeField("ditandatangani pada", null=True, blank=True)
    verification_code = models.CharField(
        "kode verifikasi", max_length=40, unique=True, default=new_verification_code
    )
    pdf = models.FileField("dokumen izin", upload_to=permit_pdf_path, blank=True)
    pdf_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField("ukuran (byte)", null=True, blank=True)
    # When the certificate of the file's last timestamp expires: the renewal job adds a new
    # document timestamp before then (permits.signing.renewal). Empty: no long-term data.
    timestamp_expires_at = models.DateTimeField(
        "cap waktu terakhir berlaku s.d.", null=True, blank=True
    )
    revoked_at = models.DateTimeField("dicabut pada", null=True, blank=True)
    revocation_reason = models.TextField("alasan pencabutan", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicabut oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="unique_permit_sequence"
            )
        ]
        verbose_name = "izin"
        verbose_name_plural = "izin"

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
