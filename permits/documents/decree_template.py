"""A version's own data fields and its decree template, checked together when saved.

The decree's texts may use the common vocabulary and the version's declared fields as
`data.<name>` (permits.documents.placeholders); a declaration or a text with a problem is
refused with every problem named, by column or by line (ADR 0010). Rendering for a file is
permits.documents.decree_values.
"""

from permits.declared_fields import DeclarationError, FieldSpec, parse_declaration
from permits.documents.placeholders import (
    Kind,
    PlaceholderError,
    Vocabulary,
    compile_template,
    service_vocabulary,
)

# The decree's texts on a version: model field → what the administrator calls it.
TEXT_FIELDS = {
    "decree_title": "Judul keputusan",
    "decree_considerations": "Menimbang",
    "decree_clauses": "Memutuskan",
}

_KIND_OF_TYPE = {
    "integer": Kind.NUMBER,
    "decimal": Kind.NUMBER,
    "money": Kind.MONEY,
    "date": Kind.DATE,
}


def vocabulary_for(specs: tuple[FieldSpec, ...]) -> Vocabulary:
    """What a decree of these fields may name: the common data and `data.<field>`."""
    return service_vocabulary(
        (spec.name, spec.label, _KIND_OF_TYPE.get(spec.type, Kind.TEXT))
        for spec in specs
        if spec.type != "file"  # a scan has no text to print
    )


def problems(standard) -> dict[str, list[str]]:
    """Every problem of the version's declaration and decree texts, by model field."""
    found: dict[str, list[str]] = {}
    try:
        specs = parse_declaration(standard.data_fields or [])
    except DeclarationError as err:
        found["data_fields"] = list(err.messages)
        specs = ()
    vocabulary = vocabulary_for(specs)
    for field in TEXT_FIELDS:
        try:
            compile_template(getattr(standard, field) or "", vocabulary)
        except PlaceholderError as err:
            found[field] = list(err.messages)
    return found


def compiled(standard) -> dict:
    """The version's decree, compiled: the title, and each consideration and clause apart
    (one per paragraph). The texts were checked when the version was saved."""
    vocabulary = vocabulary_for(parse_declaration(standard.data_fields or []))
    return {
        "title": compile_template(standard.decree_title or "", vocabulary),
        "considerations": [
            compile_template(part, vocabulary)
            for part in paragraphs(standard.decree_considerations or "")
        ],
        "clauses": [
            compile_template(part, vocabulary) for part in paragraphs(standard.decree_clauses or "")
        ],
    }


def paragraphs(text: str) -> list[str]:
    """Clauses are written one per paragraph (a blank line between them)."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
