"""The systems allowed to read the API, and the log of every call they make."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from api import tokens
from api.scopes import Scope


def default_expiry():
    return timezone.now() + timedelta(days=365)


def parse_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """One address or network (CIDR) per line or separated by commas; raises ValueError."""
    networks = []
    for part in text.replace(",", "\n").splitlines():
        part = part.strip()
        if part:
            networks.append(ipaddress.ip_network(part, strict=False))
    return networks


def validate_networks(text: str) -> None:
    for part in text.replace(",", "\n").splitlines():
        part = part.strip()
        if not part:
            continue
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise ValidationError(
                f"\u201c{part}\u201d bukan alamat IP atau jaringan (contoh: 10.12.0.5 atau "
                "10.12.0.0/24)."
            ) from None


def validate_scopes(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Pilih sedikitnya satu cakupan.")
    unknown = [s for s in value if s not in Scope.values]
    if unknown:
        raise ValidationError(f"Cakupan tidak dikenal: {', '.join(map(str, unknown))}.")


class Client(models.Model):
    """A system registered by the administrator: its token digest, scopes, expiry, addresses."""

    name = models.CharField("nama sistem", max_length=120, unique=True)
    contact = models.CharField(
        "kontak pengelola", max_length=200, blank=True, help_text="Nama dan e-mail atau telepon."
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_shown = models.CharField("awal token", max_length=20, editable=False)
    scopes = models.JSONField("cakupan", default=list, validators=[validate_scopes])
    expires_at = models.DateTimeField("berlaku sampai", default=default_expiry)
    allowed_addresses = models.TextField(
        "alamat yang diizinkan",
        blank=True,
        validators=[validate_networks],
        help_text="Satu alamat IP atau jaringan (CIDR) per baris. Kosong: dari alamat mana pun.",
    )
    calls_per_minute = models.PositiveIntegerField("batas panggilan per menit", default=120)
    active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibuat oleh",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "klien API"
        verbose_name_plural = "klien API"

    def __str__(self) -> str:
        return self.name

    def set_new_token(self) -> str:
        """A fresh token for this client; the old one stops working when saved."""
        token = tokens.new_token()
        self.token_digest = tokens.digest(token)
        self.token_shown = tokens.shown_part(token)
        return token

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    def allows_address(self, address: str) -> bool:
        networks = parse_networks(self.allowed_addresses)
        if not networks:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in networks)


class ApiCall(models.Model):
    """One call to the API, answered or refused: who, what, when, how many rows."""

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name="klien",
    )
    resource = models.CharField("sumber data", max_length=60)
    status = models.PositiveSmallIntegerField("status HTTP")
    rows = models.PositiveIntegerField("jumlah baris", default=0)
    error = models.CharField("kode galat", max_length=40, blank=True)
    address = models.GenericIPAddressField("alamat", null=True, blank=True)
    at = models.DateTimeField("waktu", default=timezone.now)
    duration_ms = models.PositiveIntegerField("lama (ms)", default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "panggilan API"
        verbose_name_plural = "log panggilan API"
        indexes = [
            models.Index(fields=["client", "at"], name="api_call_client_at"),
            # The pruning of old rows (api.calls.prune).
            models.Index(fields=["at"], name="api_call_at"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.status} {self.at:%Y-%m-%d %H:%M:%S}"
