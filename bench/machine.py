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
