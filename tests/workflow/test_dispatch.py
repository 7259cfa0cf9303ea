"""Every place that acts on a transition reads the workflow table and knows all its values.

Adding a transition is a row in workflow/table.py plus, if it brings a new kind of step work,
condition, event or notice, the one function for it; these tests name the place that is missing.
"""

import ast
from pathlib import Path

from django.template.loader import get_template

from office.roles import Role
from permits import notifications, readiness, step_work
from permits.models import Application
from tests.house import ROOT, source_files
from tracking import clocks
from tracking.models import ControlCardEntry
from workflow.table import (
    CARD_TRANSITIONS,
    REGISTER,
    TRANSITIONS,
    Condition,
    Event,
    Notice,
    StepWork,
    statuses_waiting_for,
)


def test_every_kind_of_step_work_has_its_function():
    assert set(step_work.WORK) == set(StepWork)


def test_every_condition_is_checked_by_the_model_and_explained_to_the_officer():
    assert set(readiness.GAPS) == set(Condition)
    for condition in Condition:
        assert callable(getattr(Application, condition.value)), condition


def test_every_event_is_known_to_the_clock():
    assert set(clocks.ON_EVENT) == set(Event)


def test_every_notice_has_a_title_a_whatsapp_template_and_its_three_mail_templates():
    sent = {notice for notice in Notice if notice != Notice.NONE}
    assert set(notifications.TITLES) == sent
    assert set(notifications.WHATSAPP_TEMPLATES) == sent
    for notice in sent:
        for name in (f"{notice}_subject.txt", f"{notice}.txt", f"{notice}.html"):
            get_template(f"emails/{name}")


def test_each_notice_is_sent_by_one_step_only():
    # The mail reads the entry of the step that sends it; two senders would be ambiguous.
    senders = [spec.notice for spec in TRANSITIONS.values() if spec.notice != Notice.NONE]
    assert len(senders) == len(set(senders))


def test_the_control_card_offers_exactly_the_steps_of_the_table():
    field = ControlCardEntry._meta.get_field("transition")
    assert [name for name, _ in field.choices] == list(CARD_TRANSITIONS)
    assert next(iter(CARD_TRANSITIONS.values())) is REGISTER


def test_a_queue_holds_the_sources_of_the_roles_queued_transitions_only():
    # Withdrawal is possible almost anywhere but nobody waits for it: it is not a queue.
    assert not TRANSITIONS["withdraw"].queue
    for role in Role:
        expected = {
            status
            for spec in TRANSITIONS.values()
            if spec.role == role and spec.queue
            for status in spec.sources
        }
        assert set(statuses_waiting_for(role)) == expected


def _comparisons_with_transition_names(path: Path) -> list[str]:
    names = set(CARD_TRANSITIONS)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        for side in (node.left, *node.comparators):
            if isinstance(side, ast.Constant):
                values = [side.value]
            elif isinstance(side, ast.Set | ast.Tuple | ast.List):
                values = [e.value for e in side.elts if isinstance(e, ast.Constant)]
            else:
                continue
            if names & {v for v in values if isinstance(v, str)}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_code_decides_by_a_transitions_name():
    """`if spec.name == "number"` is what the table's columns replace."""
    found = []
    for path in source_files():
        if path != ROOT / "workflow" / "table.py":
            found += _comparisons_with_transition_names(path)
    assert found == []


def test_no_template_decides_by_a_transitions_name():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for name in CARD_TRANSITIONS
        for quote in ('"', "'")
        if f"== {quote}{name}{quote}" in path.read_text(encoding="utf-8")
    ]
    assert found == []
