"""What changed between two versions of a service's standard, for the admin (reads only)."""

from dataclasses import dataclass

from permits.models import ServiceStandard, StandardItem

# The version's own terms, as the admin names them, in the order of its page.
TERMS = (
    "effective_from",
    "product",
    "service_days",
    "fee_amount",
    "fee_label",
    "permit_number_format",
    "registration_prefix",
    "correction_days",
    "archive_code",
    "retention_active_years",
    "retention_inactive_years",
    "retention_disposition",
    "applicant_kinds",
    "requires_inspection",
    "asks_company",
    "asks_industry_expansion",
    "certificate_page",
    "data_fields",
    "decree_title",
    "decree_considerations",
    "decree_clauses",
)


@dataclass(frozen=True)
class TermChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ListChange:
    label: str
    removed: list[str]
    added: list[str]


def _shown(version: ServiceStandard, name: str) -> str:
    value = getattr(version, name)
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if name == "effective_from":
        return f"{value:%d-%m-%Y}"
    if name == "applicant_kinds":
        return ", ".join(label for _code, label in version.applicant_kind_choices)
    return str(value)


def _lists(version: ServiceStandard) -> dict[str, list[str]]:
    """Each list part of the version as lines: requirements, commitments, each component."""
    lists: dict[str, list[str]] = {
        "Persyaratan": [
            f"{r.text} ({r.get_applies_to_display()})"
            for r in version.requirements.filter(active=True).order_by("order", "pk")
        ],
        "Komitmen": [
            f"{c.text} [{c.code}]"
            for c in version.commitment_types.filter(active=True).order_by("order", "pk")
        ],
    }
    for _, label in StandardItem.Component.choices:
        lists[label] = []
    for item in version.items.order_by("component", "order", "pk"):
        lists[item.get_component_display()].append(item.text)
    return lists


def compare(before: ServiceStandard, after: ServiceStandard) -> tuple[list, list]:
    """(term changes, list changes) from `before` to `after`; unchanged parts left out."""
    terms = [
        TermChange(
            str(ServiceStandard._meta.get_field(name).verbose_name).capitalize(),
            _shown(before, name),
            _shown(after, name),
        )
        for name in TERMS
        if getattr(before, name) != getattr(after, name)
    ]
    old, new = _lists(before), _lists(after)
    lists = []
    for label in old:
        removed = [line for line in old[label] if line not in new[label]]
        added = [line for line in new[label] if line not in old[label]]
        if removed or added:
            lists.append(ListChange(label, removed, added))
    return terms, lists
