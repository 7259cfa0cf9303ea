"""The machine a benchmark ran on, as the docs/benchmarks.md sections name it."""

import os
import platform
from pathlib import Path


def cpu_and_python() -> str:
    """E.g. "2 CPU (nproc), AMD EPYC 7B13, Python 3.11.7"."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU (nproc), {model}, Python {platform.python_version()}"


DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_doc_section(section: str, start_mark: str, end_mark: str) -> None:
    """Put `section` (which begins with start_mark and ends with end_mark) in
    docs/benchmarks.md, replacing only its own earlier version."""
    current = DOC.read_text()
    if start_mark in current and end_mark in current:
        before, rest = current.split(start_mark, 1)
        current = before + section + rest.split(end_mark, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(current)
    print(f"\nDitulis ke {DOC}")
