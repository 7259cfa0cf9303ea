"""A service's standard shared as a YAML or JSON file: export, checked import (issue 14).

    data = load(text)              # YAML or JSON; a syntax error names its line and column
    checked = validate(data)       # every problem, each "Baris N, key.path: ..."
    import_standard(checked)       # the service's next version, in one transaction
    dump(standard, fmt="yaml")     # a version as the text of a file

The format, key by key, is in docs/services.md ("Berbagi standar sebagai berkas");
`manage.py import_service` and `manage.py export_service` use this package.
"""

from permits.standard_file.exchange import (
    FORMAT,
    as_data,
    dump,
    dump_data,
    export_standard,
    import_standard,
    load,
    read,
)
from permits.standard_file.schema import StandardFile, validate
from permits.standard_file.source import StandardFileError

__all__ = [
    "FORMAT",
    "StandardFile",
    "StandardFileError",
    "as_data",
    "dump",
    "dump_data",
    "export_standard",
    "import_standard",
    "load",
    "read",
    "validate",
]
