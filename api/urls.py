"""/api/v1/: the ninja API, open to programs (no login page, no session), and a JSON answer
for every address or method under it that has no resource."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, path

from api.errors import ApiError, not_found
from api.main import api


def _json(error: ApiError) -> JsonResponse:
    response = JsonResponse(error.body(), status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


def _json_refusals(view):
    """A wrong method gets the API's JSON shape, not Django's empty 405."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            refused = _json(
                ApiError(405, "method_not_allowed", "Metode ini tidak diterima sumber data ini.")
            )
            refused["Allow"] = response.get("Allow", "GET")
            return refused
        return response

    return login_not_required(wrapped)


def _open(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _open(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _json_refusals(pattern.callback)
    return patterns


@login_not_required
def unknown(request, rest: str = ""):
    return _json(not_found("Sumber data"))


@login_not_required
def index(request):
    """Where an integrator starts: the documentation and the schema."""
    return JsonResponse(
        {
            "name": "Kendali API",
            "version": "v1",
            "docs": request.build_absolute_uri("/api/v1/docs"),
            "openapi": request.build_absolute_uri("/api/v1/openapi.json"),
        }
    )


# Not unpacked into module names: `app_name` here would make include() namespace this module.
_ninja_urls = api.urls
urlpatterns = [
    path("api/v1/", index, name="api_index"),
    path("api/v1/", (_open(_ninja_urls[0]), *_ninja_urls[1:])),
    path("api/<path:rest>", unknown),
    path("api/", unknown),
]
