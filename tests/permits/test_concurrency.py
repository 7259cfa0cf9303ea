"""Officers clicking at the same moment, on real threads and real connections.

Only PostgreSQL has the row locks these guarantees rest on; SQLite serialises
whole-database writes, so the tests are skipped there.
"""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection

from office.roles import Role
from permits.models import Application, Permit
from permits.services import TransitionError, perform_transition
from tests.helpers import FULL_INPUT, footprint
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under concurrent clicks need PostgreSQL (set DATABASE_URL)",
    ),
    # Seed data (groups, the standard) is flushed after a transactional test;
    # serialized_rollback puts it back before each one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 60


def run_together(jobs: list) -> list[tuple[str, object]]:
    """Run each job on its own thread, all released at once; return (outcome, value) per job."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[tuple[str, object] | None] = [None] * len(jobs)

    def run(index: int, job) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            outcomes[index] = ("ok", job())
        except Exception as exc:  # every failure is an outcome the test inspects
            outcomes[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return outcomes


def step(application_id: int, name: str, actor_id: int):
    def job():
        # Each thread loads its own user, on its own connection.
        actor = User.objects.get(pk=actor_id)
        return perform_transition(
            application_id=application_id, name=name, actor=actor, data=FULL_INPUT
        ).status

    return job


def test_sixteen_clerks_numbering_at_once_get_sixteen_consecutive_numbers(file_at, staff):
    files = [file_at(Status.SIGNED) for _ in range(16)]
    clerk = staff[Role.BAGIAN_UMUM]

    outcomes = run_together([step(a.pk, "number", clerk.pk) for a in files])

    assert outcomes == [("ok", Status.NUMBERED)] * 16
    sequences = sorted(Permit.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 17))
    numbers = list(Permit.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 16
    assert (
        not Application.objects.exclude(status=Status.NUMBERED)
        .filter(pk__in=[a.pk for a in files])
        .exists()
    )


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("initial", Status.PRINTED),
        ("issue_receipt", Status.SUBMITTED),
        ("number", Status.SIGNED),
    ],
)
def test_eight_clicks_on_the_same_step_move_the_file_once(name, source, file_at, staff):
    spec = TRANSITIONS[name]
    application = file_at(source)
    before = footprint(application)

    outcomes = run_together([step(application.pk, name, staff[spec.role].pk)] * 8)

    succeeded = [value for outcome, value in outcomes if outcome == "ok"]
    failed = [value for outcome, value in outcomes if outcome == "error"]
    assert succeeded == [spec.target]
    assert len(failed) == 7
    assert all(isinstance(exc, TransitionError) for exc in failed), failed
    after = footprint(application)
    assert after.status == spec.target
    assert after.card_entries == before.card_entries + 1
    assert ControlCardEntry.objects.filter(application=application, transition=name).count() == 1
    if name == "number":
        assert list(Permit.objects.values_list("sequence", flat=True)) == [1]
        assert after.last_permit_sequence == 1
