"""Exporting a version of a service's standard as a file, and importing one as a new version.

Decisions (docs/services.md, "Berbagi standar sebagai berkas"):
- **A new service code creates the service** with the file's name, category and active flag.
  For a service that exists, its category must be the file's (a permit does not become a
  non-permit by import); its name and active flag are kept as stored, since renaming and
  switching a service off are done in the admin. The dry run says when they differ.
- **The version number is the service's next one**, whatever the file says: `version` in the
  file records where it came from and is checked to be a whole number, never trusted, so an
  import never takes a number another version has. The dry run names the number given.
- **The model's rules run** (full_clean): a version taking effect before today while the
  service has files in progress is refused with the model's message on the line of
  `effective_from`.
- **The same content on the same date is refused** ("Versi dengan isi yang sama sudah ada"):
  importing a file twice does not make a second identical version.
- Everything is written in one transaction: on any refusal nothing is saved.
"""

import json

import yaml
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max

from permits.models import CommitmentType, Requirement, Service, ServiceStandard, StandardItem
from permits.standard_file.schema import StandardFile, validate
from permits.standard_file.source import Source, StandardFileError, parse

FORMAT = 1


# --- export ----------------------------------------------------------------------------


def export_standard(standard: ServiceStandard) -> dict:
    """The version as a file's data (format 1): plain dicts, lists, text, numbers, booleans."""
    service = standard.service
    items: dict[str, list[str]] = {}
    by_component: dict[str, list[StandardItem]] = {}
    for item in standard.items.order_by("order", "pk"):
        by_component.setdefault(item.component, []).append(item)
    for component in StandardItem.Component.values:
        if component in by_component:
            items[component] = [item.text for item in by_component[component]]
    return {
        "format": FORMAT,
        "service": {
            "code": service.code,
            "name": service.name,
            "category": service.category,
            "active": service.active,
        },
        "version": {
            "version": standard.version,
            "effective_from": standard.effective_from.isoformat(),
            "product": standard.product,
            "service_days": standard.service_days,
            "fee_amount": str(int(standard.fee_amount)),
            "fee_label": standard.fee_label,
            "permit_number_format": standard.permit_number_format,
            "registration_prefix": standard.registration_prefix,
            "requirements": [
                {"text": r.text, "applies_to": r.applies_to, "active": r.active}
                for r in standard.requirements.order_by("order", "pk")
            ],
            "commitments": [
                {"code": c.code, "text": c.text, "active": c.active}
                for c in standard.commitment_types.order_by("order", "pk")
            ],
            "items": items,
            "data_fields": list(standard.data_fields or []),
            "decree_title": standard.decree_title,
            "decree_considerations": standard.decree_considerations,
            "decree_clauses": standard.decree_clauses,
            "certificate_page": standard.certificate_page,
            "requires_inspection": standard.requires_inspection,
            "asks_company": standard.asks_company,
            "asks_industry_expansion": standard.asks_industry_expansion,
            "applicant_kinds": list(standard.applicant_kinds),
            "correction_days": standard.correction_days,
            "archive_code": standard.archive_code,
            "retention_active_years": standard.retention_active_years,
            "retention_inactive_years": standard.retention_inactive_years,
            "retention_disposition": standard.retention_disposition,
        },
    }


def as_data(data: StandardFile) -> dict:
    """A checked file in the shape `export_standard` gives (defaults filled in)."""
    version = data.version
    return {
        "format": data.format,
        "service": {
            "code": data.service.code,
            "name": data.service.name,
            "category": data.service.category,
            "active": data.service.active,
        },
        "version": {
            "version": version.version,
            "effective_from": version.effective_from.isoformat(),
            "product": version.product,
            "service_days": version.service_days,
            "fee_amount": str(int(version.fee_amount)),
            "fee_label": version.fee_label,
            "permit_number_format": version.permit_number_format,
            "registration_prefix": version.registration_prefix,
            "requirements": [
                {"text": r.text, "applies_to": r.applies_to, "active": r.active}
                for r in version.requirements
            ],
            "commitments": [
                {"code": c.code, "text": c.text, "active": c.active} for c in version.commitments
            ],
            "items": {component: list(texts) for component, texts in version.items.items()},
            "data_fields": list(version.data_fields),
            "decree_title": version.decree_title,
            "decree_considerations": version.decree_considerations,
            "decree_clauses": version.decree_clauses,
            "certificate_page": version.certificate_page,
            "requires_inspection": version.requires_inspection,
            "asks_company": version.asks_company,
            "asks_industry_expansion": version.asks_industry_expansion,
            "applicant_kinds": list(version.applicant_kinds),
            "correction_days": version.correction_days,
            "archive_code": version.archive_code,
            "retention_active_years": version.retention_active_years,
            "retention_inactive_years": version.retention_inactive_years,
            "retention_disposition": version.retention_disposition,
        },
    }


def dump_data(data: dict, fmt: str = "yaml") -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
        )
    raise ValueError(f"unknown format {fmt!r}")


def dump(standard: ServiceStandard, fmt: str = "yaml") -> str:
    """The version as the text of a YAML or JSON file."""
    return dump_data(export_standard(standard), fmt)


# --- import ----------------------------------------------------------------------------


class Loaded(dict):
    """A file's data, knowing the line of each key (for `validate`'s messages)."""

    def __init__(self, data: dict, source: Source):
        super().__init__(data)
        self.source = source


def load(text: str, fmt: str | None = None) -> dict:
    """The data of a YAML or JSON file (`fmt` "yaml", "json" or None to tell by its first
    character). StandardFileError naming the line and column of a syntax error."""
    source = parse(text, fmt)
    if source.data is None:
        raise StandardFileError(["Berkas kosong: tidak ada standar pelayanan di dalamnya."])
    if not isinstance(source.data, dict):
        raise StandardFileError(
            [f"Baris {source.line(())}: isi berkas harus berupa pemetaan (kunci: nilai)."]
        )
    return Loaded(source.data, source)


def read(text: str, fmt: str | None = None) -> StandardFile:
    """`load` then `validate`: the checked file, or every problem in it."""
    return validate(load(text, fmt))


def _refuse(data: StandardFile, path: tuple, message: str) -> StandardFileError:
    return StandardFileError([f"{data.where(path)}: {message}"])


def _model_refusal(data: StandardFile, section: str, error: ValidationError) -> StandardFileError:
    messages = []
    for name, texts in error.message_dict.items():
        path = (section,) if name == NON_FIELD_ERRORS else (section, name)
        messages += [f"{data.where(path)}: {text}" for text in texts]
    return StandardFileError(messages)


def _content(version_data: dict) -> dict:
    """What makes two versions the same, whatever their numbers."""
    return {key: value for key, value in version_data.items() if key != "version"}


def import_standard(data: StandardFile, *, actor=None) -> ServiceStandard:
    """Write the checked file as the service's next version (and the service when its code
    is new). StandardFileError, with nothing saved, when a rule refuses it."""
    wanted = as_data(data)
    with transaction.atomic():
        service = Service.objects.select_for_update().filter(code=data.service.code).first()
        if service is None:
            service = Service(
                code=data.service.code,
                name=data.service.name,
                category=data.service.category,
                active=data.service.active,
            )
            try:
                service.full_clean()
            except ValidationError as error:
                raise _model_refusal(data, "service", error) from None
            service.save()
        elif service.category != data.service.category:
            raise _refuse(
                data,
                ("service", "category"),
                f"layanan {service.code} sudah ada dengan kategori "
                f"{service.get_category_display()} ({service.category}). Kategori layanan yang "
                "sudah ada tidak diubah lewat berkas.",
            )
        versions = ServiceStandard.objects.select_for_update().filter(service=service)
        latest = versions.aggregate(latest=Max("version"))["latest"] or 0
        for existing in versions.filter(effective_from=data.version.effective_from):
            if _content(export_standard(existing)["version"]) == _content(wanted["version"]):
                raise _refuse(
                    data,
                    ("version",),
                    f"Versi dengan isi yang sama sudah ada: {service.name} versi "
                    f"{existing.version}, berlaku sejak {existing.effective_from:%d-%m-%Y}.",
                )
        entry = data.version
        standard = ServiceStandard(
            service=service,
            version=latest + 1,
            effective_from=entry.effective_from,
            product=entry.product,
            service_days=entry.service_days,
            fee_amount=entry.fee_amount,
            fee_label=entry.fee_label,
            permit_number_format=entry.permit_number_format,
            registration_prefix=entry.registration_prefix,
            data_fields=list(entry.data_fields),
            decree_title=entry.decree_title,
            decree_considerations=entry.decree_considerations,
            decree_clauses=entry.decree_clauses,
            certificate_page=entry.certificate_page,
            requires_inspection=entry.requires_inspection,
            asks_company=entry.asks_company,
            asks_industry_expansion=entry.asks_industry_expansion,
            applicant_kinds=list(entry.applicant_kinds),
            correction_days=entry.correction_days,
            archive_code=entry.archive_code,
            retention_active_years=entry.retention_active_years,
            retention_inactive_years=entry.retention_inactive_years,
            retention_disposition=entry.retention_disposition,
        )
        try:
            standard.full_clean()
        except ValidationError as error:
            raise _model_refusal(data, "version", error) from None
        standard.save()
        Requirement.objects.bulk_create(
            Requirement(
                standard=standard,
                order=order,
                text=r.text,
                applies_to=r.applies_to,
                active=r.active,
            )
            for order, r in enumerate(entry.requirements, start=1)
        )
        CommitmentType.objects.bulk_create(
            CommitmentType(
                standard=standard, code=c.code, order=order, text=c.text, active=c.active
            )
            for order, c in enumerate(entry.commitments, start=1)
        )
        StandardItem.objects.bulk_create(
            StandardItem(standard=standard, component=component, order=order, text=text)
            for component, texts in entry.items.items()
            for order, text in enumerate(texts, start=1)
        )
        if actor is not None:
            LogEntry.objects.log_actions(
                actor.pk, [standard], ADDITION, change_message="Diimpor dari berkas standar."
            )
    return standard
