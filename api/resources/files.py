"""Files: where each stands, its clock and outcome; the applicant only when allowed and asked."""

from datetime import datetime, time, timedelta
from typing import Literal

from django.utils import timezone
from ninja import Query, Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from api import errors
from api.auth import ClientToken
from api.calls import logged
from api.pages import KeyCursor
from api.params import FileQuery
from api.resources.services import REFUSALS
from api.schemas import FileOut
from api.scopes import Scope
from permits.models import Application, Service
from workflow.table import STEPS, Status, position

router = Router(tags=["Berkas"])

STEP_TITLES = {step.number: step.title for step in STEPS}
OUTCOMES = {
    Status.HANDED_OVER: "issued",
    Status.REJECTED: "rejected",
    Status.WITHDRAWN: "withdrawn",
}
COLUMNS = (
    "pk",
    "registration_number",
    "status",
    "status_changed_at",
    "created_at",
    "updated_at",
    "standard__version",
    "standard__service__code",
    "clock__state",
    "clock__service_days",
    "clock__days_used",
    "clock__received_at",
    "clock__due_on",
    "clock__within_sla",
    "permit__number",
    "permit__issued_on",
    "permit__revoked_at",
)
PERSONAL_COLUMNS = (
    "applicant__kind",
    "applicant__name",
    "applicant__nik",
    "applicant__npwp",
    "company_name",
    "nib",
)


def _personal(request, include: str | None) -> bool:
    """Whether the applicant goes with each file; asking without the scope is refused."""
    if include != "applicant":
        return False
    if not request.auth.has_scope(Scope.FILES_PERSONAL):
        raise errors.scope_missing(Scope.FILES_PERSONAL)
    return True


def _start_of(day, *, after: bool = False) -> datetime:
    moment = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return moment + timedelta(days=1) if after else moment


def _files(query: FileQuery):
    files = Application.objects.all()
    if query.service:
        service = Service.objects.filter(code=query.service).first()
        if service is None:
            raise errors.invalid([{"field": "service", "message": "Layanan tidak dikenal."}])
        files = files.filter(standard__service=service)
    if query.statuses:
        files = files.filter(status__in=query.statuses)
    if query.registered_from:
        files = files.filter(created_at__gte=_start_of(query.registered_from))
    if query.registered_to:
        files = files.filter(created_at__lt=_start_of(query.registered_to, after=True))
    if query.updated_since:
        files = files.filter(updated_at__gte=query.updated_since)
    return files


def file_row(row: dict, *, personal: bool) -> dict:
    status = row["status"]
    finished, step = position(status)
    clock = None
    if row["clock__state"] is not None:
        clock = {
            "state": row["clock__state"],
            "service_days": row["clock__service_days"],
            "days_used": row["clock__days_used"],
            "received_at": row["clock__received_at"],
            "due_on": row["clock__due_on"],
            "within_time": row["clock__within_sla"],
        }
    permit = None
    if row["permit__number"]:
        permit = {
            "number": row["permit__number"],
            "issued_on": row["permit__issued_on"],
            "revoked": row["permit__revoked_at"] is not None,
        }
    applicant = None
    if personal:
        applicant = {
            "kind": row["applicant__kind"],
            "name": row["applicant__name"],
            "nik": row["applicant__nik"],
            "npwp": row["applicant__npwp"],
            "company_name": row["company_name"],
            "nib": row["nib"],
        }
    return {
        "registration_number": row["registration_number"],
        "service": row["standard__service__code"],
        "standard_version": row["standard__version"],
        "status": status,
        "status_label": Status(status).label,
        "step": step,
        "step_title": STEP_TITLES.get(step),
        "finished_steps": finished,
        "registered_at": row["created_at"],
        "status_changed_at": row["status_changed_at"],
        "updated_at": row["updated_at"],
        "outcome": OUTCOMES.get(status),
        "clock": clock,
        "permit": permit,
        "applicant": applicant,
    }


class FileRows:
    """A lazy list for the paginator: it slices and filters like a queryset and turns each
    row of values into the file's shape (one query per page)."""

    def __init__(self, queryset, *, personal: bool):
        self.queryset = queryset
        self.personal = personal

    def _again(self, queryset):
        return FileRows(queryset, personal=self.personal)

    def order_by(self, *fields):
        return self._again(self.queryset.order_by(*fields))

    def filter(self, **lookups):
        return self._again(self.queryset.filter(**lookups))

    def __getitem__(self, bounds):
        columns = COLUMNS + (PERSONAL_COLUMNS if self.personal else ())
        return [
            _Row(file_row(row, personal=self.personal), row["created_at"])
            for row in self.queryset.values(*columns)[bounds]
        ]


class _Row(dict):
    """A file's shape that still knows its position for the cursor (when it was registered;
    files registered in the same instant are told apart by the cursor's offset)."""

    def __init__(self, data: dict, created_at):
        super().__init__(data)
        self.created_at = created_at


@router.get(
    "/files",
    response={200: list[FileOut], **REFUSALS},
    auth=ClientToken(Scope.FILES),
    operation_id="list_files",
    summary="Daftar berkas, dengan penyaring dan halaman kursor",
)
@decorate_view(logged("files.list"))
@paginate(KeyCursor, ordering=("created_at", "pk"))
def files(request, query: Query[FileQuery]):
    personal = _personal(request, query.include)
    return FileRows(_files(query), personal=personal)


@router.get(
    "/files/{registration_number}",
    response={200: FileOut, **REFUSALS},
    auth=ClientToken(Scope.FILES),
    operation_id="get_file",
    summary="Satu berkas menurut nomor registrasinya",
)
@decorate_view(logged("files.detail"))
def file(request, registration_number: str, include: Literal["applicant"] | None = None):
    personal = _personal(request, include)
    columns = COLUMNS + (PERSONAL_COLUMNS if personal else ())
    row = Application.objects.filter(registration_number=registration_number)
    found = row.values(*columns).first()
    if found is None:
        raise errors.not_found("Berkas")
    request.api_rows = 1
    return file_row(found, personal=personal)
