"""Services and the versions of their standards."""

from datetime import timedelta

from ninja import Router
from ninja.decorators import decorate_view

from api import errors
from api.auth import ClientToken
from api.calls import logged
from api.schemas import ErrorOut, ServiceOut
from api.scopes import Scope
from permits.models import Service, ServiceStandard

router = Router(tags=["Layanan"])
REFUSALS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _standards(versions: list[ServiceStandard]) -> list[dict]:
    """Each version with the day before the next one took over (None: still in force)."""
    ordered = sorted(versions, key=lambda v: (v.effective_from, v.version))
    rows = []
    for i, version in enumerate(ordered):
        following = ordered[i + 1].effective_from if i + 1 < len(ordered) else None
        rows.append(
            {
                "version": version.version,
                "effective_from": version.effective_from,
                "effective_until": following - timedelta(days=1) if following else None,
                "product": version.product,
                "service_days": version.service_days,
                "correction_days": version.correction_days,
                "fee_amount": int(version.fee_amount),
                "fee_label": version.fee_label,
            }
        )
    return rows


def _service(service: Service) -> dict:
    return {
        "code": service.code,
        "name": service.name,
        "category": service.category,
        "category_label": service.get_category_display(),
        "active": service.active,
        "standards": _standards(list(service.versions.all())),
    }


@router.get(
    "/services",
    response={200: list[ServiceOut], **REFUSALS},
    auth=ClientToken(Scope.SERVICES),
    operation_id="list_services",
    summary="Daftar layanan dan versi standar pelayanannya",
)
@decorate_view(logged("services.list"))
def services(request):
    rows = [_service(s) for s in Service.objects.prefetch_related("versions").order_by("code")]
    request.api_rows = len(rows)
    return rows


@router.get(
    "/services/{code}",
    response={200: ServiceOut, **REFUSALS},
    auth=ClientToken(Scope.SERVICES),
    operation_id="get_service",
    summary="Satu layanan dan versi standar pelayanannya",
)
@decorate_view(logged("services.detail"))
def service(request, code: str):
    found = Service.objects.prefetch_related("versions").filter(code=code).first()
    if found is None:
        raise errors.not_found("Layanan")
    request.api_rows = 1
    return _service(found)
