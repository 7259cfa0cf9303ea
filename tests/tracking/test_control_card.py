"""The control card is append-only, and every step writes exactly one line on it."""

from itertools import pairwise

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from office.history import AppendOnlyError
from office.roles import Role
from permits.sample import complete_verification
from permits.services import perform_transition
from tests.helpers import FULL_INPUT, last_entry
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Status


@pytest.fixture
def entry(file_at) -> ControlCardEntry:
    return last_entry(file_at(Status.RECEIPTED))


def test_an_entry_cannot_be_saved_again(entry):
    written = entry.comment
    entry.comment = "diubah belakangan"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert ControlCardEntry.objects.get(pk=entry.pk).comment == written


def test_an_entry_cannot_be_overwritten_by_a_new_object_with_its_key(entry):
    forged = ControlCardEntry(
        pk=entry.pk,
        application=entry.application,
        transition="reject",
        to_status=Status.REJECTED,
        actor_name="Palsu",
        actor_role=Role.BACK_OFFICE,
        created_at=entry.created_at,
        duration=entry.duration,
    )
    with pytest.raises(AppendOnlyError):
        forged.save()
    assert ControlCardEntry.objects.get(pk=entry.pk).transition == "issue_receipt"


def test_entries_cannot_be_updated_through_a_queryset(entry):
    with pytest.raises(AppendOnlyError):
        ControlCardEntry.objects.filter(pk=entry.pk).update(comment="diubah")
    with pytest.raises(AppendOnlyError):
        entry.application.control_card.update(comment="diubah")
    assert not ControlCardEntry.objects.filter(comment="diubah").exists()


def test_entries_cannot_be_updated_in_bulk(entry):
    entry.comment = "diubah"
    # bulk_update runs in its own atomic block; a savepoint keeps the test's transaction usable.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        ControlCardEntry.objects.bulk_update([entry], ["comment"])
    assert not ControlCardEntry.objects.filter(comment="diubah").exists()


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert ControlCardEntry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_deleted_through_a_queryset(entry):
    count = ControlCardEntry.objects.count()
    with pytest.raises(AppendOnlyError):
        ControlCardEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        ControlCardEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.application.control_card.all().delete()
    assert ControlCardEntry.objects.count() == count


def test_a_file_with_a_control_card_cannot_be_deleted(entry):
    with pytest.raises(ProtectedError):
        entry.application.delete()
    assert ControlCardEntry.objects.filter(pk=entry.pk).exists()


def test_an_officer_who_wrote_on_a_card_cannot_be_deleted(entry, staff):
    with pytest.raises(ProtectedError):
        staff[Role.FO].delete()
    assert ControlCardEntry.objects.get(pk=entry.pk).actor == staff[Role.FO]


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_step_writes_exactly_one_entry(name, file_at, staff):
    spec = TRANSITIONS[name]
    application = file_at(spec.sources[0])
    if name == "process":
        complete_verification(back_office=staff[Role.BACK_OFFICE], application=application)
    before = list(ControlCardEntry.objects.values_list("pk", flat=True))

    perform_transition(
        application_id=application.pk, name=name, actor=staff[spec.role], data=FULL_INPUT
    )

    new = ControlCardEntry.objects.exclude(pk__in=before)
    assert [(e.application_id, e.transition) for e in new] == [(application.pk, name)]


def test_a_file_walked_to_handover_has_one_entry_per_step_in_order(file_at):
    application = file_at(Status.HANDED_OVER)
    entries = list(application.control_card.all())
    assert [e.transition for e in entries] == [
        "register",
        "issue_receipt",
        "process",
        "print_draft",
        "initial",
        "sign",
        "number",
        "hand_over",
    ]
    assert all(a.to_status == b.from_status for a, b in pairwise(entries))
