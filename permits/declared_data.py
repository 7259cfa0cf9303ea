"""A file's own data, as its version declares it, for pages and exports (reads only)."""

from dataclasses import dataclass

from permits.declared_fields import display, parse_declaration
from permits.declared_fields.spec import FieldSpec
from permits.models import DeclaredFile


@dataclass(frozen=True)
class DeclaredRow:
    label: str
    text: str
    # A declared upload: its row, for the link to the private download view.
    file: DeclaredFile | None = None


def specs_of(application) -> tuple[FieldSpec, ...]:
    return parse_declaration(application.standard.data_fields or [])


def rows_for(application) -> list[DeclaredRow]:
    """(label, value as shown) of each declared field, in the declaration's order. The
    uploads are looked up only when the version declares one (no query otherwise)."""
    specs = specs_of(application)
    files: dict[str, DeclaredFile] = {}
    if any(spec.type == "file" for spec in specs):
        files = {row.field_name: row for row in application.declared_files.all()}
    stored = application.data or {}
    rows = []
    for spec in specs:
        if spec.type == "file":
            found = files.get(spec.name)
            text = found.original_name or "Terlampir" if found else "—"
            rows.append(DeclaredRow(spec.label, text, found))
        else:
            rows.append(DeclaredRow(spec.label, display(spec, stored.get(spec.name))))
    return rows
