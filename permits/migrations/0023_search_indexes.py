"""Trigram indexes for the staff's search (PostgreSQL only; issue 18).

Searching "holds the term" is `UPPER(column) LIKE '%TERM%'` (Django's icontains): a plain
b-tree cannot help, so at a million files every search read every file and applicant. A
GIN index of trigrams on the same expression finds the rows holding the term directly.
ApplicationQuerySet.search and the letter register ask one column per branch of a UNION,
so each branch uses its index. SQLite has no such index and needs none at an office's size.
"""

from django.db import migrations

# (index, table, expression): the expression exactly as Django writes the look-up.
INDEXES = (
    ("permits_application_search_number", "permits_application", "registration_number"),
    ("permits_application_search_company", "permits_application", "company_name"),
    ("permits_application_search_nib", "permits_application", "nib"),
    ("permits_application_search_data", "permits_application", "data"),
    ("permits_applicant_search_name", "permits_applicant", "name"),
    ("permits_letter_search_number", "permits_letter", "number"),
    ("permits_letter_search_subject", "permits_letter", "subject"),
    ("permits_letter_search_addressee", "permits_letter", "addressee"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin (UPPER(("{column}")::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("permits", "0022_application_created_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
