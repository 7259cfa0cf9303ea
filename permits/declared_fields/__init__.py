"""The data fields a service declares for itself (issue 14), as data instead of model columns.

A declaration is a list of JSON-compatible dicts (kept in a JSONField and in export files).
`parse_declaration` checks it and names every problem; `form_field` and `DeclaredFieldsForm`
turn it into form fields with the intake form's Indonesian messages; `to_json`, `from_json`
and `display` store and show the values.
"""

from permits.declared_fields.form import (
    DeclaredFieldsForm,
    form_field,
    normalize_kbli,
    normalize_phone,
)
from permits.declared_fields.spec import (
    TYPES,
    DeclarationError,
    FieldSpec,
    in_order,
    parse_declaration,
)
from permits.declared_fields.values import display, from_json, to_json

__all__ = [
    "TYPES",
    "DeclarationError",
    "DeclaredFieldsForm",
    "FieldSpec",
    "display",
    "form_field",
    "from_json",
    "in_order",
    "normalize_kbli",
    "normalize_phone",
    "parse_declaration",
    "to_json",
]
