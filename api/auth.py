"""Who is calling: the bearer token, then its expiry, address, scope and rate, in that order.

One indexed query finds the client by the digest of its token (api.tokens); one statement
counts the call against the client's limit (office.throttle). Wrong tokens are counted per
address and answered 429 past a limit, as wrong codes are on the public pages.
"""

from ninja.security import HttpBearer

from api import errors, tokens
from api.models import Client
from office import throttle

MINUTE = 60
WRONG_TOKENS = throttle.Throttle("api-wrong-token", limit=20, window=15 * MINUTE)


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def client_for(request, token: str, scope: str) -> Client:
    """The client this token belongs to, allowed `scope` now; or raise errors.ApiError."""
    client = Client.objects.filter(token_digest=tokens.digest(token)).first()
    if client is None or not client.active:
        # Counted per address, checked only here: a flood of wrong tokens from one address
        # never locks out a right one from it.
        if WRONG_TOKENS.is_exhausted(request):
            raise errors.too_many(WRONG_TOKENS.window)
        WRONG_TOKENS.hit(request)
        raise errors.token_invalid()
    request.api_client = client
    if client.is_expired():
        raise errors.token_expired()
    if not client.allows_address(_address(request)):
        raise errors.address_refused()
    if not client.has_scope(scope):
        raise errors.scope_missing(scope)
    if throttle.hit_key(f"api:{client.pk}", MINUTE) > client.calls_per_minute:
        raise errors.too_many(MINUTE)
    return client


class ClientToken(HttpBearer):
    """The auth of one resource: a client token that carries `scope`."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise errors.token_missing()
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        return client_for(request, token, self.scope)
