"""The API's front door: one NinjaAPI at /api/v1/, its refusals as one JSON shape.

Every refusal is {"error": {"code", "message", "fields"?}} (api.errors) with the right status:
400 for a malformed parameter, 401/403 for the token and its scope, 404, 429; an unexpected
failure is logged and answered 500 in the same shape, without a trace.
"""

import logging

from django.conf import settings
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from api import errors
from api.resources import figures, files, services

logger = logging.getLogger("kendali.api")

DESCRIPTION = """API baca Kendali untuk sistem di sekitar DPMPTSP (dasbor kabupaten, portal data).

Setiap panggilan memakai token klien yang dibuat administrator Kendali:
`Authorization: Bearer kdl_...`. Setiap sumber data memerlukan satu cakupan (scope).
Daftar berkas memakai halaman kursor: ikuti tautan `next` sampai bernilai null.
Panduan lengkap: docs/api.md di repositori Kendali.
"""

api = NinjaAPI(
    title="Kendali API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", services.router)
api.add_router("", files.router)
api.add_router("", figures.router)

WHEN = "Waktu tidak sah; gunakan ISO 8601, mis. 2026-01-31T08:00:00+07:00."
# What pydantic says, in the office's words (the field is named beside it).
MESSAGES = {
    "missing": "Wajib diisi.",
    "date_from_datetime_parsing": "Tanggal tidak sah; gunakan format YYYY-MM-DD.",
    "date_parsing": "Tanggal tidak sah; gunakan format YYYY-MM-DD.",
    "date_type": "Tanggal tidak sah; gunakan format YYYY-MM-DD.",
    "date_from_datetime_inexact": "Tanggal tidak sah; gunakan format YYYY-MM-DD.",
    "datetime_from_date_parsing": WHEN,
    "datetime_parsing": WHEN,
    "datetime_type": WHEN,
    "int_parsing": "Harus bilangan bulat.",
    "int_type": "Harus bilangan bulat.",
    "greater_than_equal": "Terlalu kecil.",
    "less_than_equal": "Terlalu besar.",
    "literal_error": "Nilai tidak dikenal.",
    "cursor": "Kursor tidak sah; pakai tautan next atau previous apa adanya.",
}


def _field_errors(exc: ValidationError) -> list[dict]:
    fields = []
    for error in exc.errors:
        if "cursor" in error:  # ninja's own shape for a cursor it cannot decode
            fields.append({"field": "cursor", "message": MESSAGES["cursor"]})
            continue
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = location[-1] if location else ""
        if name in ("query", "pagination", "ninja_pagination"):
            name = ""
        kind = error.get("type", "")
        message = MESSAGES.get(kind)
        if kind == "value_error":
            # Our own validators (api.params) speak Indonesian already.
            message = str(error.get("msg", "")).removeprefix("Value error, ")
        if name == "cursor":
            message = MESSAGES["cursor"]
        fields.append({"field": name, "message": message or "Nilai tidak sah."})
    return fields


def answer(request, error: errors.ApiError):
    request.api_error = error.code
    response = api.create_response(request, error.body(), status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


@api.exception_handler(errors.ApiError)
def refused(request, exc: errors.ApiError):
    return answer(request, exc)


@api.exception_handler(ValidationError)
def malformed(request, exc: ValidationError):
    fields = _field_errors(exc)
    if any(f["field"] == "cursor" for f in fields):
        fields = [f for f in fields if f["field"] == "cursor"]
    return answer(request, errors.invalid(fields))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return answer(request, errors.token_missing())


@api.exception_handler(Http404)
def missing(request, exc):
    return answer(request, errors.not_found("Sumber data"))


@api.exception_handler(Exception)
def failed(request, exc):
    if settings.DEBUG_PROPAGATE_EXCEPTIONS:
        raise exc
    logger.exception("Panggilan API gagal: %s", request.path)
    return answer(
        request,
        errors.ApiError(
            500, "internal_error", "Terjadi kesalahan di server Kendali. Coba lagi nanti."
        ),
    )
