"""The visitor's address behind the reverse proxy.

The login lockout (django-axes) and the public-page throttles count by REMOTE_ADDR. Behind
nginx that is the proxy's own address for every visitor, so one guesser would lock out or slow
down the whole office. When the request comes from a proxy named in FORWARDED_ALLOW_IPS (the
variable gunicorn reads for the scheme), its X-Real-IP becomes REMOTE_ADDR. nginx sets that
header itself (`proxy_set_header X-Real-IP $remote_addr`), overwriting whatever a visitor sent.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: list[str]) -> list[Network] | None:
    """The trusted proxies; None means any ("*", e.g. gunicorn only on a unix socket)."""
    if "*" in values:
        return None
    try:
        return [ipaddress.ip_network(value, strict=False) for value in values]
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"FORWARDED_ALLOW_IPS must list IP addresses or networks, got {values!r}: {exc}"
        ) from None


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = parse_networks(settings.FORWARDED_ALLOW_IPS)
        self.enabled = self.trusted is None or bool(self.trusted)

    def __call__(self, request):
        if self.enabled:
            self._use_forwarded_address(request)
        return self.get_response(request)

    def _is_trusted(self, remote: str) -> bool:
        if self.trusted is None:
            return True
        address = _address(remote)
        return address is not None and any(address in net for net in self.trusted)

    def _use_forwarded_address(self, request) -> None:
        forwarded = _address(request.META.get("HTTP_X_REAL_IP", ""))
        if forwarded is not None and self._is_trusted(request.META.get("REMOTE_ADDR", "")):
            request.META["REMOTE_ADDR"] = str(forwarded)
