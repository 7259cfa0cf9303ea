"""Every refusal of the API as one JSON shape, with a stable code and an Indonesian message:

    {"error": {"code": "scope_missing", "message": "...", "fields": [...]}}

The code is for programs, the message for the person reading the log. Nothing in a message
repeats the token or says which part of it was wrong.
"""

from dataclasses import dataclass, field


@dataclass
class ApiError(Exception):
    status: int
    code: str
    message: str
    fields: list[dict] = field(default_factory=list)
    headers: dict = field(default_factory=dict)

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


def token_missing() -> ApiError:
    return ApiError(
        401,
        "token_missing",
        "Sertakan token klien pada header Authorization: Bearer <token>.",
        headers={"WWW-Authenticate": 'Bearer realm="kendali"'},
    )


def token_invalid() -> ApiError:
    return ApiError(
        401,
        "token_invalid",
        "Token tidak dikenal atau sudah tidak berlaku.",
        headers={"WWW-Authenticate": 'Bearer realm="kendali", error="invalid_token"'},
    )


def token_expired() -> ApiError:
    return ApiError(
        401,
        "token_expired",
        "Masa berlaku token sudah habis. Minta token baru kepada administrator Kendali.",
        headers={"WWW-Authenticate": 'Bearer realm="kendali", error="invalid_token"'},
    )


def address_refused() -> ApiError:
    return ApiError(
        403, "address_not_allowed", "Alamat asal panggilan tidak termasuk yang diizinkan."
    )


def scope_missing(scope: str) -> ApiError:
    return ApiError(
        403,
        "scope_missing",
        f"Token ini tidak mencakup \u201c{scope}\u201d yang diperlukan sumber data ini.",
    )


def too_many(retry_after: int) -> ApiError:
    return ApiError(
        429,
        "too_many_requests",
        f"Terlalu banyak panggilan. Coba lagi dalam {retry_after} detik.",
        headers={"Retry-After": str(retry_after)},
    )


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} tidak ditemukan.")


def invalid(fields: list[dict]) -> ApiError:
    return ApiError(400, "invalid_parameter", "Parameter permintaan tidak sah.", fields=fields)
