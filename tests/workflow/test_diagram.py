"""docs/workflow.md is drawn from the table and must not lag behind it."""

from workflow import diagram
from workflow.table import CARD_TRANSITIONS, Status


def test_the_workflow_document_is_up_to_date():
    assert diagram.TARGET.read_text(encoding="utf-8") == diagram.render(), (
        "docs/workflow.md is stale: run `.venv/bin/python -m workflow.diagram --write`"
    )


def test_the_diagram_draws_every_status_and_every_move():
    text = diagram.mermaid()
    for status in Status:
        assert f"    {status}: " in text
    for spec in CARD_TRANSITIONS.values():
        if len(spec.sources) > diagram.MAX_ARROWS:
            assert f'state "dari: {", ".join(spec.sources)}" as from_{spec.name}' in text
            assert f"    from_{spec.name} --> {spec.target}: {spec.name} " in text
        else:
            for source in spec.sources:
                assert f"    {source} --> {spec.target}: {spec.name} " in text
