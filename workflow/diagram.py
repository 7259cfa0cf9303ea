"""docs/workflow.md, drawn from the workflow table: a Mermaid state diagram and the table.

python -m workflow.diagram          # print it
python -m workflow.diagram --write  # write docs/workflow.md (a test fails when it is stale)
"""

import sys
from pathlib import Path

from workflow.table import (
    CARD_TRANSITIONS,
    FINAL_STATUSES,
    REGISTER,
    STEP_OF_STATUS,
    STEPS,
    Status,
    Transition,
)

TARGET = Path(__file__).resolve().parent.parent / "docs" / "workflow.md"
# A transition from more sources than this is drawn as one arrow from a node naming them all
# (withdrawal is possible from seven statuses; seven arrows would hide the main path).
MAX_ARROWS = 3


def _state(status: str) -> str:
    return status  # the codes are valid Mermaid identifiers


def mermaid() -> str:
    lines = ["stateDiagram-v2", "    direction TB"]
    for status in Status:
        step = STEP_OF_STATUS.get(status)
        where = f"{step}. " if step else ""
        lines.append(f"    {_state(status)}: {where}{status.label}")
    lines.append(f"    [*] --> {_state(REGISTER.target)}: {REGISTER.staff_label}")
    for spec in CARD_TRANSITIONS.values():
        if spec is REGISTER:
            continue
        label = f"{spec.name} ({spec.role.label})"
        if len(spec.sources) > MAX_ARROWS:
            group = f"from_{spec.name}"
            lines.append(f'    state "dari: {", ".join(spec.sources)}" as {group}')
            lines.append(f"    {group} --> {_state(spec.target)}: {label}")
            continue
        for source in spec.sources:
            lines.append(f"    {_state(source)} --> {_state(spec.target)}: {label}")
    for status in sorted(FINAL_STATUSES):
        lines.append(f"    {_state(status)} --> [*]")
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, bool):
        return "ya" if value else "-"
    text = ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
    return text.replace("|", "\\|") or "-"


def _row(spec: Transition) -> str:
    cells = (
        f"`{spec.name}`",
        _cell(spec.sources) if spec.sources else "(berkas baru)",
        spec.target,
        spec.role.label,
        spec.staff_label,
        _cell(spec.queue),
        _cell(tuple(c.name for c in spec.conditions)),
        spec.work.name,
        spec.event.name,
        _cell(spec.timed),
        spec.notice.name,
        spec.letter.name or "-",
    )
    return "| " + " | ".join(cells) + " |"


def render() -> str:
    steps = "\n".join(f"{s.number}. {s.title}" for s in STEPS)
    header = (
        "| transisi | dari | ke | peran | label staf | antrean | syarat | kerja langkah "
        "| peristiwa (jam dan angka) | waktu kerja dihitung | pemberitahuan | surat |"
    )
    rows = "\n".join(_row(spec) for spec in CARD_TRANSITIONS.values())
    return f"""# Alur berkas

Dibuat dari `workflow/table.py` oleh `python -m workflow.diagram --write`; jangan diubah dengan
tangan (uji `tests/workflow/test_diagram.py` gagal bila berkas ini tertinggal dari tabel).

## Langkah standar pelayanan

{steps}

## Diagram status

```mermaid
{mermaid()}
```

## Tabel transisi

{header}
|{"---|" * 12}
{rows}
"""


def main(argv: list[str]) -> None:
    if "--write" in argv:
        TARGET.write_text(render(), encoding="utf-8")
        print(f"{TARGET} ditulis.")
    else:
        sys.stdout.write(render())


if __name__ == "__main__":
    main(sys.argv[1:])
