"""The workflow table, the model's transitions and who may take them."""

import pytest
from django.core.exceptions import PermissionDenied

from office.roles import Role
from permits.models import Application
from permits.sample import complete_verification
from permits.services import TransitionError, perform_transition
from tests.conftest import make_user
from tests.helpers import FULL_INPUT, footprint, last_entry
from workflow.table import (
    FINAL_STATUSES,
    TRANSITIONS,
    Status,
    statuses_waiting_for,
    transitions_from,
)


def model_transitions() -> dict[str, tuple[frozenset[str], set[str]]]:
    """name -> (sources, targets) as django-fsm knows them on Application."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for t in Application().get_all_status_transitions():
        sources, targets = found.setdefault(t.name, (set(), set()))
        sources.add(t.source)
        targets.add(t.target)
    return {name: (frozenset(s), t) for name, (s, t) in found.items()}


def ready(application: Application, name: str, staff) -> Application:
    """Do the non-moving work a step needs first (the back office's verification)."""
    if name == "process" and application.status == Status.RECEIPTED:
        complete_verification(back_office=staff[Role.BACK_OFFICE], application=application)
    return application


# --- the table and the model ------------------------------------------------


def test_the_model_has_exactly_the_transitions_of_the_table():
    assert set(model_transitions()) == set(TRANSITIONS)


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_model_transition_has_the_sources_and_target_of_the_table(name):
    sources, targets = model_transitions()[name]
    spec = TRANSITIONS[name]
    assert sources == frozenset(spec.sources)
    assert targets == {spec.target}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_model_transition_permits_only_the_role_of_the_table(name, staff, outsider):
    spec = TRANSITIONS[name]
    instance = Application()
    of_this_name = [t for t in instance.get_all_status_transitions() if t.name == name]
    assert of_this_name
    for t in of_this_name:
        allowed = {role for role, user in staff.items() if t.has_perm(instance, user)}
        assert allowed == {spec.role}, f"{name} from {t.source}"
        assert not t.has_perm(instance, outsider)
        assert not t.has_perm(instance, None)


def test_every_status_in_the_table_is_a_known_status():
    for spec in TRANSITIONS.values():
        assert set(spec.sources) <= set(Status.values), spec.name
        assert spec.target in Status.values, spec.name


def test_only_the_final_statuses_have_no_way_onward():
    stuck = {status for status in Status.values if not transitions_from(status)}
    assert stuck == set(FINAL_STATUSES)


def test_every_status_can_be_reached():
    reached = {Status.SUBMITTED} | {spec.target for spec in TRANSITIONS.values()}
    assert reached == set(Status.values)


# --- each transition from each status ----------------------------------------

ALLOWED = [
    pytest.param(name, source, id=f"{name}-from-{source}")
    for name, spec in TRANSITIONS.items()
    for source in spec.sources
]
REFUSED = [
    pytest.param(name, status, id=f"{name}-from-{status}")
    for name, spec in TRANSITIONS.items()
    for status in Status.values
    if status not in spec.sources
]


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_it_takes_each_transition_from_each_of_its_sources(name, source, file_at, staff):
    spec = TRANSITIONS[name]
    application = ready(file_at(source), name, staff)
    before = footprint(application)

    moved = perform_transition(
        application_id=application.pk,
        name=name,
        actor=staff[spec.role],
        data=FULL_INPUT,
        expected_status=source,
    )

    after = footprint(application)
    assert moved.status == spec.target
    assert after.status == spec.target
    assert after.card_entries == before.card_entries + 1
    entry = last_entry(application)
    assert (entry.transition, entry.from_status, entry.to_status) == (name, source, spec.target)
    assert after.permits == before.permits + (1 if name == "number" else 0)


@pytest.mark.parametrize(("name", "status"), REFUSED)
def test_it_refuses_each_transition_from_every_other_status(name, status, file_at, staff):
    spec = TRANSITIONS[name]
    application = ready(file_at(status), name, staff)
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        perform_transition(
            application_id=application.pk, name=name, actor=staff[spec.role], data=FULL_INPUT
        )

    assert Status(status).label in refused.value.message
    assert footprint(application) == before


def test_it_refuses_a_transition_it_does_not_know(file_at, staff):
    application = file_at(Status.SUBMITTED)
    before = footprint(application)
    with pytest.raises(TransitionError):
        perform_transition(
            application_id=application.pk, name="approve", actor=staff[Role.FO], data=FULL_INPUT
        )
    assert footprint(application) == before


# --- who may take each transition ----------------------------------------------

ACTORS = [*(role.value for role in Role), "outsider", "nobody"]
ROLE_MATRIX = [
    pytest.param(name, actor, id=f"{name}-by-{actor}") for name in TRANSITIONS for actor in ACTORS
]


@pytest.mark.parametrize(("name", "actor"), ROLE_MATRIX)
def test_only_the_role_of_the_table_may_take_each_transition(name, actor, file_at, staff, outsider):
    spec = TRANSITIONS[name]
    source = spec.sources[0]
    application = ready(file_at(source), name, staff)
    users = {**{role.value: user for role, user in staff.items()}, "outsider": outsider}
    user = users.get(actor)  # "nobody" acts as None, an anonymous caller
    before = footprint(application)

    if actor == spec.role:
        moved = perform_transition(
            application_id=application.pk, name=name, actor=user, data=FULL_INPUT
        )
        assert moved.status == spec.target
        assert footprint(application).card_entries == before.card_entries + 1
    else:
        with pytest.raises(PermissionDenied):
            perform_transition(
                application_id=application.pk, name=name, actor=user, data=FULL_INPUT
            )
        assert footprint(application) == before


def test_a_deactivated_officer_may_not_act(file_at):
    application = file_at(Status.SUBMITTED)
    former = make_user("mantan_fo", Role.FO, is_active=False)
    before = footprint(application)
    with pytest.raises(PermissionDenied):
        perform_transition(
            application_id=application.pk, name="issue_receipt", actor=former, data=FULL_INPUT
        )
    assert footprint(application) == before


def test_a_superuser_without_a_desk_role_may_not_act(file_at):
    application = file_at(Status.PRINTED)
    root = make_user("root", is_superuser=True, is_staff=True)
    before = footprint(application)
    with pytest.raises(PermissionDenied):
        perform_transition(
            application_id=application.pk, name="initial", actor=root, data=FULL_INPUT
        )
    assert footprint(application) == before


# --- queues ------------------------------------------------------------------------

QUEUES = {
    Role.FO: [Status.SUBMITTED, Status.INCOMPLETE, Status.RETURNED, Status.NUMBERED],
    Role.BACK_OFFICE: [Status.RECEIPTED, Status.PROCESSED],
    Role.KABID: [Status.PRINTED],
    Role.KEPALA_DINAS: [Status.INITIALED],
    Role.BAGIAN_UMUM: [Status.SIGNED],
    Role.SEKRETARIS: [],
    Role.COMPLAINT_OFFICER: [],
    Role.ADMIN: [],
}


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_waits_for_the_files_in_its_own_statuses(role):
    queue = statuses_waiting_for(role)
    assert sorted(queue) == sorted(QUEUES[role])


# --- status is never set by hand ------------------------------------------------------


def test_status_cannot_be_assigned_by_hand(file_at):
    application = file_at(Status.INITIALED)
    with pytest.raises(AttributeError):
        application.status = Status.SIGNED
    assert Application.objects.get(pk=application.pk).status == Status.INITIALED
