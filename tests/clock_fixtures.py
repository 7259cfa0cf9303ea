"""Files walked through the real services at moments the test chooses (time-machine)."""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from office.roles import Role
from permits import services
from permits.models import Application
from permits.sample import complete_verification, register_sample
from tests.helpers import FULL_INPUT

WIB = ZoneInfo("Asia/Jakarta")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in the office's time zone (WIB)."""
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def walk(staff):
    """Factory: register a file at `start`, then take each (transition, moment) in turn.

    `actors` may name who takes a transition instead of the default officer of its role.
    """
    counter = iter(range(1000))

    def build(start: datetime, steps=(), *, actors: dict | None = None) -> Application:
        index = next(counter)
        with time_machine.travel(start, tick=False) as traveller:
            application = register_sample(fo=staff[Role.FO], rng=random.Random(index), index=index)
            for name, moment in steps:
                traveller.move_to(moment)
                if name == "process":
                    complete_verification(
                        back_office=staff[Role.BACK_OFFICE], application=application
                    )
                spec = services.TRANSITIONS[name]
                actor = (actors or {}).get(name) or staff[spec.role]
                services.perform_transition(
                    application_id=application.pk, name=name, actor=actor, data=FULL_INPUT
                )
        return Application.objects.select_related("clock").get(pk=application.pk)

    return build


@pytest.fixture
def travel():
    """Freeze the clock at a moment (`with travel(at(...)):`)."""

    def freeze(moment: datetime):
        return time_machine.travel(moment, tick=False)

    return freeze


@pytest.fixture
def november(walk):
    """A hand-built set of files, 12-20 November 2026, with known durations.

    A: on time (2 working days), B: late (4), C: returned then rejected, D: incomplete,
    E: receipted and left (due Wednesday 25, overdue by Monday 30), F: rejected on
    13 November (outside 16-27 November, inside the month).
    """
    return {
        "A": walk(
            at(2026, 11, 16, 8),
            [
                ("issue_receipt", at(2026, 11, 16, 9)),
                ("process", at(2026, 11, 17, 9)),
                ("print_draft", at(2026, 11, 17, 11)),
                ("initial", at(2026, 11, 17, 14)),
                ("sign", at(2026, 11, 18, 9)),
                ("number", at(2026, 11, 18, 10)),
            ],
        ),
        "B": walk(
            at(2026, 11, 16, 8),
            [
                ("issue_receipt", at(2026, 11, 16, 10)),
                ("process", at(2026, 11, 19, 10)),
                ("print_draft", at(2026, 11, 19, 12)),
                ("initial", at(2026, 11, 19, 13)),
                ("sign", at(2026, 11, 19, 14)),
                ("number", at(2026, 11, 20, 10)),
            ],
        ),
        "C": walk(
            at(2026, 11, 17, 8),
            [
                ("issue_receipt", at(2026, 11, 17, 9)),
                ("return_for_correction", at(2026, 11, 17, 13)),
                ("resubmit", at(2026, 11, 19, 9)),
                ("reject", at(2026, 11, 19, 15)),
            ],
        ),
        "D": walk(at(2026, 11, 18, 8), [("mark_incomplete", at(2026, 11, 18, 8, 30))]),
        "E": walk(at(2026, 11, 20, 8), [("issue_receipt", at(2026, 11, 20, 9))]),
        "F": walk(
            at(2026, 11, 12, 8),
            [("issue_receipt", at(2026, 11, 12, 9)), ("reject", at(2026, 11, 13, 9))],
        ),
    }
