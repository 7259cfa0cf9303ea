"""The house's rules that the import contracts (pyproject.toml, `make lint`) cannot see."""

import ast
from pathlib import Path

from django.apps import apps

from tests.house import PACKAGES, ROOT, source_files

# Not packages of the application: tests, benchmarks, deployment examples.
OUTSIDE_THE_HOUSE = {"tests", "bench", "deploy"}


def _local_project_imports(path: Path) -> list[str]:
    """Imports of project modules inside functions, except in an AppConfig's ready()."""
    found = []

    def visit(node, function: str | None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom) and function not in (None, "ready"):
                modules = (
                    [alias.name for alias in child.names]
                    if isinstance(child, ast.Import)
                    else [child.module or ""]
                )
                relative = isinstance(child, ast.ImportFrom) and child.level > 0
                if relative or any(m.split(".")[0] in PACKAGES for m in modules):
                    found.append(f"{path.relative_to(ROOT)}:{child.lineno} in {function}()")
            else:
                visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def test_no_function_imports_a_project_module():
    """A function-local import is how an import loop hides; there is none to hide (ADR 0009)."""
    found = []
    for path in source_files():
        found += _local_project_imports(path)
    assert found == []


def test_every_package_of_the_house_is_under_the_import_contracts():
    """A new app left out of pyproject.toml's contracts would be free to import anything."""
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in OUTSIDE_THE_HOUSE
    }
    assert packages == set(PACKAGES)
    for package in PACKAGES:
        config = ROOT / package / "apps.py"
        # config/apps.py holds the AppConfigs of third-party apps; the others are our apps.
        if config.exists() and f'name = "{package}"' in config.read_text(encoding="utf-8"):
            assert apps.is_installed(package), package
