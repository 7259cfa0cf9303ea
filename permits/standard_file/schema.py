"""The keys of a standard file, format 1, and the checks of each (docs/services.md).

`validate` reads the whole file and reports every problem, not only the first, each as
"Baris N, key.path: ..." so that an administrator can go straight to it. Numbers in a key
path count list items from 1: version.requirements[3].text is the third requirement's text.
Unknown keys are refused by name, so a key misspelt is never silently dropped; a later
format (data fields, the decree template) adds keys with a new `format` number.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError

from permits.documents import decree_template
from permits.models import (
    CommitmentType,
    Requirement,
    Service,
    ServiceStandard,
    StandardItem,
)
from permits.models.standard import Applicability, ApplicantKind, RetentionDisposition
from permits.standard_file.source import Path, Source, StandardFileError
from permits.validators import validate_visible_text

RETENTION_DISPOSITIONS = RetentionDisposition.values
FORMATS = (1,)
CODE = re.compile(r"[a-z0-9][a-z0-9_-]*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DIGITS = re.compile(r"[0-9]+")
FEE_MAX_DIGITS = ServiceStandard._meta.get_field("fee_amount").max_digits
SERVICE_DAYS_MAX = 32767  # PositiveSmallIntegerField


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


@dataclass(frozen=True)
class ServiceEntry:
    code: str
    name: str
    category: str
    active: bool = True


@dataclass(frozen=True)
class RequirementEntry:
    text: str
    applies_to: str = Applicability.ALL
    active: bool = True


@dataclass(frozen=True)
class CommitmentEntry:
    code: str
    text: str
    active: bool = True


@dataclass(frozen=True)
class VersionEntry:
    effective_from: date
    product: str
    service_days: int
    permit_number_format: str
    registration_prefix: str
    version: int | None = None
    fee_amount: Decimal = Decimal(0)
    fee_label: str = "Gratis"
    requirements: tuple[RequirementEntry, ...] = ()
    commitments: tuple[CommitmentEntry, ...] = ()
    # Component code -> its texts in order; only components with items.
    items: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The version's own data fields (permits.declared_fields) and decree (ADR 0010).
    data_fields: tuple = ()
    decree_title: str = ""
    decree_considerations: str = ""
    decree_clauses: str = ""
    certificate_page: bool = False
    requires_inspection: bool = True
    asks_company: bool = True
    asks_industry_expansion: bool = False
    applicant_kinds: tuple[str, ...] = tuple(ApplicantKind.values)
    # The notice of a return for correction and the archive export (issue 16).
    correction_days: int = 14
    archive_code: str = "503"
    retention_active_years: int = 5
    retention_inactive_years: int = 10
    retention_disposition: str = "permanen"


@dataclass(frozen=True)
class StandardFile:
    """A checked standard file: what `import_standard` writes."""

    format: int
    service: ServiceEntry
    version: VersionEntry
    source: Source | None = field(default=None, compare=False, repr=False)

    def where(self, path: Path) -> str:
        """ "Baris N, key.path" for a message about `path`."""
        return _where(self.source, path)


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _where(source: Source | None, path: Path) -> str:
    place = _dotted(path)
    if source is None:
        return place or "Berkas"
    line = source.line(path)
    return f"Baris {line}, {place}" if place else f"Baris {line}"


class _Checker:
    def __init__(self, source: Source | None):
        self.source = source
        self.problems: list[str] = []

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(f"{_where(self.source, path)}: {message}")

    # --- shapes ---

    def mapping(self, value, path: Path, keys: dict[str, bool]) -> dict | None:
        """`value` as a dict whose keys are among `keys` (name -> required), else None."""
        if not isinstance(value, dict):
            self.problem(path, "harus berupa pemetaan (kunci: nilai).")
            return None
        for key in value:
            if key not in keys:
                allowed = ", ".join(keys)
                self.problem(
                    (*path, str(key)),
                    f"kunci {key!r} tidak dikenal. Kunci yang boleh: {allowed}.",
                )
        for key, required in keys.items():
            if required and key not in value:
                self.problem(path, f"kunci wajib {key!r} tidak ada.")
        return value

    def sequence(self, value, path: Path) -> list | None:
        if not isinstance(value, list):
            self.problem(path, "harus berupa daftar.")
            return None
        return value

    def text(self, value, path: Path, *, max_length: int | None = None) -> str | None:
        if not isinstance(value, str):
            self.problem(path, "harus berupa teks.")
            return None
        if not value.strip():
            self.problem(path, "tidak boleh kosong.")
            return None
        if max_length is not None and len(value) > max_length:
            self.problem(path, f"paling banyak {max_length} karakter (ada {len(value)}).")
            return None
        try:
            validate_visible_text(value)
        except ValidationError as error:
            self.problem(path, error.messages[0])
            return None
        return value

    def code(self, value, path: Path, *, max_length: int) -> str | None:
        value = self.text(value, path, max_length=max_length)
        if value is not None and not CODE.fullmatch(value):
            self.problem(
                path,
                "kode hanya boleh berisi huruf kecil a-z, angka, garis bawah dan tanda hubung, "
                "tanpa spasi.",
            )
            return None
        return value

    def boolean(self, value, path: Path) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, "harus true atau false.")
            return None
        return value

    def integer(self, value, path: Path, *, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "harus bilangan bulat.")
            return None
        if not low <= value <= high:
            self.problem(path, f"harus antara {low} dan {high}.")
            return None
        return value

    def choice(self, value, path: Path, choices) -> str | None:
        allowed = [str(choice) for choice in choices]
        if not isinstance(value, str) or value not in allowed:
            self.problem(
                path, f"nilai {value!r} tidak dikenal. Pilihan yang boleh: {', '.join(allowed)}."
            )
            return None
        return value

    def day(self, value, path: Path) -> date | None:
        if isinstance(value, date):
            return value
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, f"{value!r} bukan tanggal TTTT-BB-HH yang sah, misalnya 2026-01-31.")
        return None

    def rupiah(self, value, path: Path) -> Decimal | None:
        # Whole rupiah, as text ("150000") or a whole number; never a fraction.
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = str(value)
        if not isinstance(value, str) or not DIGITS.fullmatch(value):
            self.problem(path, 'harus rupiah bulat tanpa titik atau koma, misalnya "150000".')
            return None
        if len(value.lstrip("0")) > FEE_MAX_DIGITS:
            self.problem(path, f"paling banyak {FEE_MAX_DIGITS} digit.")
            return None
        return Decimal(value)


SERVICE_KEYS = {"code": True, "name": True, "category": True, "active": False}
VERSION_KEYS = {
    "version": False,
    "effective_from": True,
    "product": True,
    "service_days": True,
    "fee_amount": False,
    "fee_label": False,
    "permit_number_format": True,
    "registration_prefix": True,
    "requirements": False,
    "commitments": False,
    "items": False,
    "data_fields": False,
    "decree_title": False,
    "decree_considerations": False,
    "decree_clauses": False,
    "certificate_page": False,
    "requires_inspection": False,
    "asks_company": False,
    "asks_industry_expansion": False,
    "applicant_kinds": False,
    "correction_days": False,
    "archive_code": False,
    "retention_active_years": False,
    "retention_inactive_years": False,
    "retention_disposition": False,
}
TOP_KEYS = {"format": True, "service": True, "version": True}


def validate(data) -> StandardFile:
    """The checked file, or StandardFileError with every problem found.

    `data` is what `load` gives (it knows the lines) or a plain dict (messages then name the
    key path only)."""
    source = getattr(data, "source", None)
    check = _Checker(source)
    if source is not None:
        for path, line in source.duplicates:
            check.problems.append(f"Baris {line}, {_dotted(path)}: kunci ini tertulis dua kali.")
    top = check.mapping(data, (), TOP_KEYS)
    if top is None:
        raise StandardFileError(check.problems)
    fmt = None
    if "format" in top:
        value = top["format"]
        if isinstance(value, bool) or not isinstance(value, int) or value not in FORMATS:
            supported = ", ".join(str(number) for number in FORMATS)
            check.problem(
                ("format",),
                f"format {value!r} tidak didukung. Format yang didukung: {supported}.",
            )
        else:
            fmt = value
    service = _service(check, top.get("service"), ("service",)) if "service" in top else None
    version = _version(check, top.get("version"), ("version",)) if "version" in top else None
    if check.problems:
        raise StandardFileError(check.problems)
    return StandardFile(format=fmt, service=service, version=version, source=source)


def _service(check: _Checker, value, path: Path) -> ServiceEntry | None:
    given = check.mapping(value, path, SERVICE_KEYS)
    if given is None:
        return None
    fields = {
        "code": check.code(given["code"], (*path, "code"), max_length=_max_length(Service, "code"))
        if "code" in given
        else None,
        "name": check.text(given["name"], (*path, "name"), max_length=_max_length(Service, "name"))
        if "name" in given
        else None,
        "category": check.choice(given["category"], (*path, "category"), Service.Category.values)
        if "category" in given
        else None,
        "active": check.boolean(given["active"], (*path, "active")) if "active" in given else True,
    }
    if None in fields.values():
        return None
    return ServiceEntry(**fields)


def _decree(check: _Checker, given: dict, path: Path, fields: dict) -> bool:
    """The declared fields and decree texts, checked together (permits.documents.decree_template);
    True when something was refused."""
    failed = False
    if "data_fields" in given:
        value = given["data_fields"]
        if isinstance(value, list):
            fields["data_fields"] = tuple(json.loads(json.dumps(value, default=str)))
        else:
            check.problem((*path, "data_fields"), "harus berupa daftar isian.")
            failed = True
    for key in decree_template.TEXT_FIELDS:
        if key in given:
            if isinstance(given[key], str):
                fields[key] = given[key]
            else:
                check.problem((*path, key), "harus berupa teks.")
                failed = True
    if failed:
        return True
    found = decree_template.problems(
        SimpleNamespace(
            data_fields=list(fields.get("data_fields", ())),
            **{key: fields.get(key, "") for key in decree_template.TEXT_FIELDS},
        )
    )
    for key, messages in found.items():
        for message in messages:
            check.problem((*path, key), message)
    return bool(found)


def _version(check: _Checker, value, path: Path) -> VersionEntry | None:
    given = check.mapping(value, path, VERSION_KEYS)
    if given is None:
        return None
    texts = {
        "product": _max_length(ServiceStandard, "product"),
        "fee_label": _max_length(ServiceStandard, "fee_label"),
        "permit_number_format": _max_length(ServiceStandard, "permit_number_format"),
        "registration_prefix": _max_length(ServiceStandard, "registration_prefix"),
        "archive_code": _max_length(ServiceStandard, "archive_code"),
    }
    fields: dict = {}
    failed = False

    def put(key: str, result) -> None:
        nonlocal failed
        fields[key] = result
        failed = failed or result is None

    for key, max_length in texts.items():
        if key in given:
            put(key, check.text(given[key], (*path, key), max_length=max_length))
    if "permit_number_format" in fields and fields["permit_number_format"] is not None:
        put(
            "permit_number_format",
            _number_format(check, fields["permit_number_format"], (*path, "permit_number_format")),
        )
    if "version" in given:
        put("version", check.integer(given["version"], (*path, "version"), low=1, high=32767))
    if "effective_from" in given:
        put("effective_from", check.day(given["effective_from"], (*path, "effective_from")))
    if "service_days" in given:
        put(
            "service_days",
            check.integer(
                given["service_days"], (*path, "service_days"), low=1, high=SERVICE_DAYS_MAX
            ),
        )
    if "fee_amount" in given:
        put("fee_amount", check.rupiah(given["fee_amount"], (*path, "fee_amount")))
    for key, high in (
        ("correction_days", SERVICE_DAYS_MAX),
        ("retention_active_years", 100),
        ("retention_inactive_years", 100),
    ):
        if key in given:
            low = 0 if key.startswith("retention") else 1
            put(key, check.integer(given[key], (*path, key), low=low, high=high))
    if "retention_disposition" in given:
        put(
            "retention_disposition",
            check.choice(
                given["retention_disposition"],
                (*path, "retention_disposition"),
                RETENTION_DISPOSITIONS,
            ),
        )
    if "requirements" in given:
        put("requirements", _requirements(check, given["requirements"], (*path, "requirements")))
    if "commitments" in given:
        put("commitments", _commitments(check, given["commitments"], (*path, "commitments")))
    if "items" in given:
        put("items", _items(check, given["items"], (*path, "items")))
    for key in (
        "certificate_page",
        "requires_inspection",
        "asks_company",
        "asks_industry_expansion",
    ):
        if key in given:
            put(key, check.boolean(given[key], (*path, key)))
    if "applicant_kinds" in given:
        put(
            "applicant_kinds",
            _applicant_kinds(check, given["applicant_kinds"], (*path, "applicant_kinds")),
        )
    failed = _decree(check, given, path, fields) or failed
    required = [key for key, needed in VERSION_KEYS.items() if needed]
    if failed or any(key not in fields for key in required):
        return None
    return VersionEntry(**fields)


def _applicant_kinds(check: _Checker, value, path: Path) -> tuple[str, ...] | None:
    """A non-empty list of ApplicantKind codes, each once; kept in the model's order."""
    kinds = check.sequence(value, path)
    if kinds is None:
        return None
    if not kinds:
        check.problem(path, "pilih sedikitnya satu jenis pemohon.")
        return None
    chosen = [
        check.choice(kind, (*path, index), ApplicantKind.values) for index, kind in enumerate(kinds)
    ]
    if any(kind is None for kind in chosen):
        return None
    return tuple(kind for kind in ApplicantKind.values if kind in chosen)


def _number_format(check: _Checker, value: str, path: Path) -> str | None:
    """The model's own rule (ServiceStandard._check_number_format), with its message."""
    try:
        ServiceStandard(permit_number_format=value)._check_number_format()
    except ValidationError as error:
        check.problem(path, " ".join(error.message_dict["permit_number_format"]))
        return None
    return value


REQUIREMENT_KEYS = {"text": True, "applies_to": False, "active": False}
COMMITMENT_KEYS = {"code": True, "text": True, "active": False}


def _requirements(check: _Checker, value, path: Path) -> tuple[RequirementEntry, ...] | None:
    entries = check.sequence(value, path)
    if entries is None:
        return None
    result = []
    max_length = _max_length(Requirement, "text")
    for index, entry in enumerate(entries):
        here = (*path, index)
        given = check.mapping(entry, here, REQUIREMENT_KEYS)
        if given is None or "text" not in given:
            result.append(None)
            continue
        result.append(
            RequirementEntry(
                text=check.text(given["text"], (*here, "text"), max_length=max_length),
                applies_to=check.choice(
                    given["applies_to"], (*here, "applies_to"), Applicability.values
                )
                if "applies_to" in given
                else Applicability.ALL,
                active=check.boolean(given["active"], (*here, "active"))
                if "active" in given
                else True,
            )
        )
    if any(r is None or None in (r.text, r.applies_to, r.active) for r in result):
        return None
    return tuple(result)


def _commitments(check: _Checker, value, path: Path) -> tuple[CommitmentEntry, ...] | None:
    entries = check.sequence(value, path)
    if entries is None:
        return None
    result = []
    seen: dict[str, int] = {}
    code_length = _max_length(CommitmentType, "code")
    text_length = _max_length(CommitmentType, "text")
    for index, entry in enumerate(entries):
        here = (*path, index)
        given = check.mapping(entry, here, COMMITMENT_KEYS)
        if given is None or "code" not in given or "text" not in given:
            result.append(None)
            continue
        code = check.code(given["code"], (*here, "code"), max_length=code_length)
        if code is not None and code in seen:
            check.problem(
                (*here, "code"),
                f"kode komitmen {code!r} sudah dipakai oleh komitmen ke-{seen[code] + 1}.",
            )
            code = None
        elif code is not None:
            seen[code] = index
        result.append(
            CommitmentEntry(
                code=code,
                text=check.text(given["text"], (*here, "text"), max_length=text_length),
                active=check.boolean(given["active"], (*here, "active"))
                if "active" in given
                else True,
            )
        )
    if any(c is None or None in (c.code, c.text, c.active) for c in result):
        return None
    return tuple(result)


def _items(check: _Checker, value, path: Path) -> dict[str, tuple[str, ...]] | None:
    components = StandardItem.Component.values
    if not isinstance(value, dict):
        check.problem(path, "harus berupa pemetaan komponen: daftar uraian.")
        return None
    result: dict[str, tuple[str, ...]] = {}
    failed = False
    for component, texts in value.items():
        here = (*path, str(component))
        if component not in components:
            check.problem(
                here,
                f"komponen {component!r} tidak dikenal. Komponen yang boleh: "
                f"{', '.join(components)}.",
            )
            failed = True
            continue
        entries = check.sequence(texts, here)
        if entries is None:
            failed = True
            continue
        checked = [check.text(text, (*here, index)) for index, text in enumerate(entries)]
        if None in checked:
            failed = True
            continue
        if checked:
            result[component] = tuple(checked)
    if failed:
        return None
    # In the order of the components, whatever the order in the file.
    return {component: result[component] for component in components if component in result}
