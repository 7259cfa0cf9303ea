"""The transition service's conditions and inputs, registration, and the
checklist services that do not move a file."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from office.roles import Role
from permits import verification
from permits.models import (
    Applicant,
    Application,
    CommitmentCheck,
    FieldInspection,
    RequirementCheck,
    ServiceStandard,
)
from permits.sample import complete_verification, register_sample
from permits.services import StepInput, TransitionError, perform_transition
from permits.verification import FIELD_INSPECTION_COMMITMENT
from tests.helpers import FULL_INPUT, footprint, last_entry
from tracking.models import ControlCardEntry
from workflow.table import TRANSITIONS, Status


def bap(application: Application) -> FieldInspection:
    return FieldInspection(
        application=application,
        inspected_on=date.today(),
        team_members="Ir. Hendra Wijaya",
        findings="Mesin tambahan terpasang.",
        recommendation=FieldInspection.Recommendation.FEASIBLE,
    )


def verify(check: CommitmentCheck, actor) -> None:
    check.reference_number = "BUKTI/1"
    check.verified = True
    verification.verify_commitment(actor=actor, check=check)


def take(application, name, actor, data=FULL_INPUT, **kwargs):
    return perform_transition(
        application_id=application.pk, name=name, actor=actor, data=data, **kwargs
    )


# --- conditions ------------------------------------------------------------------


def test_it_refuses_a_receipt_while_a_requirement_is_missing_and_names_it(staff):
    application = register_sample(fo=staff[Role.FO], rng=random.Random(1), complete=False)
    missing = [c.requirement.text for c in application.missing_requirements()]
    assert missing == ["Memiliki e-mail yang aktif"]
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, "issue_receipt", staff[Role.FO])

    assert "Memiliki e-mail yang aktif" in refused.value.message
    assert footprint(application) == before


def test_it_issues_the_receipt_once_the_missing_requirement_is_checked(staff):
    application = register_sample(fo=staff[Role.FO], rng=random.Random(1), complete=False)
    checks = list(application.requirement_checks.filter(present=False))
    for check in checks:
        check.present = True
    verification.update_requirement_checks(
        actor=staff[Role.FO], application_id=application.pk, checks=checks
    )

    assert take(application, "issue_receipt", staff[Role.FO]).status == Status.RECEIPTED


def test_it_refuses_to_process_before_any_verification_and_names_every_gap(file_at, staff):
    application = file_at(Status.RECEIPTED)
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, "process", staff[Role.BACK_OFFICE])

    for check in application.commitment_checks.all():
        assert check.commitment.text in refused.value.message
    assert "BAP" in refused.value.message
    assert footprint(application) == before


def test_it_refuses_to_process_without_a_bap_when_commitments_are_verified(file_at, staff):
    application = file_at(Status.RECEIPTED)
    for check in application.commitment_checks.all():
        verify(check, staff[Role.BACK_OFFICE])
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, "process", staff[Role.BACK_OFFICE])

    assert "BAP" in refused.value.message
    for check in application.commitment_checks.all():
        assert check.commitment.text not in refused.value.message
    assert footprint(application) == before


def test_it_refuses_to_process_with_a_bap_while_one_commitment_is_unverified(file_at, staff):
    application = file_at(Status.RECEIPTED)
    # The field-inspection commitment is verified by the BAP itself: leave out another one.
    checks = list(application.commitment_checks.select_related("commitment"))
    left_out = next(c for c in checks if c.commitment.code != FIELD_INSPECTION_COMMITMENT)
    verified = [c for c in checks if c != left_out]
    for check in verified:
        verify(check, staff[Role.BACK_OFFICE])
    verification.record_field_inspection(actor=staff[Role.BACK_OFFICE], inspection=bap(application))
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, "process", staff[Role.BACK_OFFICE])

    assert left_out.commitment.text in refused.value.message
    assert "BAP" not in refused.value.message
    for check in verified:
        assert check.commitment.text not in refused.value.message
    assert footprint(application) == before


def test_it_processes_once_every_commitment_is_verified_and_the_bap_exists(file_at, staff):
    application = file_at(Status.RECEIPTED)
    complete_verification(back_office=staff[Role.BACK_OFFICE], application=application)
    assert take(application, "process", staff[Role.BACK_OFFICE]).status == Status.PROCESSED


# --- what an officer must give with a step ---------------------------------------

NEEDS_NOTE = [name for name, spec in TRANSITIONS.items() if spec.needs_note]


def test_the_steps_that_send_back_or_end_a_file_ask_for_a_note():
    assert set(NEEDS_NOTE) == {
        "mark_incomplete",
        "return_for_correction",
        "resubmit",
        "reject",
        "send_back_by_kabid",
        "send_back_by_head",
        "withdraw",
    }


@pytest.mark.parametrize("note", ["", "   \n "], ids=["empty", "blank"])
@pytest.mark.parametrize("name", NEEDS_NOTE)
def test_it_refuses_a_step_that_needs_a_note_without_one(name, note, file_at, staff):
    spec = TRANSITIONS[name]
    application = file_at(spec.sources[0])
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, name, staff[spec.role], data=replace(FULL_INPUT, note=note))

    assert refused.value.field == "note"
    assert footprint(application) == before


@pytest.mark.parametrize("password", ["", "kata-sandi-lain-456"], ids=["empty", "wrong"])
def test_it_refuses_to_sign_without_the_signers_own_password(password, file_at, staff):
    application = file_at(Status.INITIALED)
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(
            application,
            "sign",
            staff[Role.KEPALA_DINAS],
            data=replace(FULL_INPUT, password=password),
        )

    assert refused.value.field == "password"
    assert footprint(application) == before


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"recipient_name": " "}, "recipient_name"),
        ({"recipient_identity": ""}, "recipient_identity"),
    ],
    ids=["without-name", "without-identity"],
)
def test_it_refuses_to_hand_over_without_the_recipient(missing, field, file_at, staff):
    application = file_at(Status.NUMBERED)
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, "hand_over", staff[Role.FO], data=replace(FULL_INPUT, **missing))

    assert refused.value.field == field
    assert footprint(application) == before


# --- stale clicks ----------------------------------------------------------------


def test_it_refuses_a_second_click_on_a_step_already_taken(file_at, staff):
    application = file_at(Status.PRINTED)
    take(application, "initial", staff[Role.KABID], expected_status=Status.PRINTED)
    before = footprint(application)

    with pytest.raises(TransitionError) as refused:
        take(application, "initial", staff[Role.KABID], expected_status=Status.PRINTED)

    assert Status.INITIALED.label in refused.value.message
    assert footprint(application) == before


def test_it_refuses_a_step_on_a_page_that_another_officer_has_overtaken(file_at, staff):
    # An officer opened the file while it was "returned"; a colleague then took in the
    # correction. Withdrawing is allowed from "receipted" too, but the officer decided on
    # what the page showed, so the click is refused.
    application = file_at(Status.RETURNED)
    take(application, "resubmit", staff[Role.FO])
    before = footprint(application)

    with pytest.raises(TransitionError):
        take(application, "withdraw", staff[Role.FO], expected_status=Status.RETURNED)

    assert footprint(application) == before


# --- the control card entry of a step -----------------------------------------------


def test_the_card_records_who_took_a_step_from_where_to_where(file_at, staff):
    application = file_at(Status.RECEIPTED)
    officer = staff[Role.BACK_OFFICE]

    take(
        application,
        "return_for_correction",
        officer,
        data=StepInput(note="  Lampirkan SPPL yang berlaku.  "),
    )

    entry = last_entry(application)
    assert entry.transition == "return_for_correction"
    assert (entry.from_status, entry.to_status) == (Status.RECEIPTED, Status.RETURNED)
    assert entry.actor == officer
    assert entry.actor_name == officer.get_full_name() == "Petugas Back Office"
    assert entry.actor_role == Role.BACK_OFFICE
    assert entry.comment == "Lampirkan SPPL yang berlaku."
    assert entry.duration >= timedelta(0)
    assert abs(timezone.now() - entry.created_at) < timedelta(minutes=1)


def test_the_card_measures_how_long_the_file_waited_in_its_previous_status(file_at, staff):
    application = file_at(Status.PRINTED)
    waited = timedelta(hours=5)
    Application.objects.filter(pk=application.pk).update(status_changed_at=timezone.now() - waited)

    take(application, "initial", staff[Role.KABID])

    duration = last_entry(application).duration
    assert waited <= duration < waited + timedelta(minutes=1)
    row = Application.objects.get(pk=application.pk)
    assert abs(timezone.now() - row.status_changed_at) < timedelta(minutes=1)


def test_the_card_lists_the_missing_items_when_a_file_is_marked_incomplete(staff):
    application = register_sample(fo=staff[Role.FO], rng=random.Random(2), complete=False)

    take(application, "mark_incomplete", staff[Role.FO])

    entry = last_entry(application)
    assert entry.context == {"missing": ["Memiliki e-mail yang aktif"]}
    assert entry.comment == FULL_INPUT.note


def test_the_card_records_the_permit_number_given(file_at, staff):
    application = file_at(Status.SIGNED)

    take(application, "number", staff[Role.BAGIAN_UMUM])

    application.refresh_from_db()
    assert last_entry(application).context["permit_number"] == application.permit.number


def test_the_card_records_who_received_the_permit(file_at, staff):
    application = file_at(Status.NUMBERED)

    take(
        application,
        "hand_over",
        staff[Role.FO],
        data=StepInput(
            recipient_name=" Siti Rahmawati ", recipient_identity="KTP 1602015502900002"
        ),
    )

    context = last_entry(application).context
    assert context["recipient_name"] == "Siti Rahmawati"
    assert context["recipient_identity"] == "KTP 1602015502900002"


# --- registration -------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [role for role in Role if role != Role.FO], ids=lambda role: role.value
)
def test_only_the_front_office_may_register_a_file(role, staff):
    with pytest.raises(PermissionDenied):
        register_sample(fo=staff[role], rng=random.Random(3))

    assert not Applicant.objects.exists()
    assert not Application.objects.exists()
    assert not RequirementCheck.objects.exists()
    assert not ControlCardEntry.objects.exists()
    year = timezone.localdate().year
    first = register_sample(fo=staff[Role.FO], rng=random.Random(3))
    assert first.registration_number == f"IUPI-{year}-00001"


def test_an_outsider_may_not_register_a_file(outsider):
    with pytest.raises(PermissionDenied):
        register_sample(fo=outsider, rng=random.Random(3))
    assert not Application.objects.exists()


def test_registration_numbers_are_consecutive_within_the_year(staff):
    year = timezone.localdate().year
    numbers = [
        register_sample(fo=staff[Role.FO], rng=random.Random(i), index=i).registration_number
        for i in range(3)
    ]
    assert numbers == [f"IUPI-{year}-{n:05d}" for n in (1, 2, 3)]


def test_registration_writes_the_first_card_entry_and_an_open_commitment_list(staff):
    application = register_sample(fo=staff[Role.FO], rng=random.Random(4))

    entry = last_entry(application)
    assert (entry.transition, entry.from_status, entry.to_status) == ("register", "", "submitted")
    assert entry.actor == staff[Role.FO]
    assert application.status == Status.SUBMITTED
    assert application.commitment_checks.count() == 4
    assert not application.commitment_checks.filter(verified=True).exists()
    assert len(application.tracking_code) == 8


def test_registration_numbers_use_the_prefix_of_the_standard(staff):
    standard = ServiceStandard.objects.current()
    standard.registration_prefix = "IPI"
    standard.save()

    application = register_sample(fo=staff[Role.FO], rng=random.Random(5))

    assert application.registration_number == f"IPI-{timezone.localdate().year}-00001"


# --- the checklist services ------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [role for role in Role if role != Role.BACK_OFFICE], ids=lambda role: role.value
)
def test_only_the_back_office_may_verify_a_commitment(role, file_at, staff):
    application = file_at(Status.RECEIPTED)
    check = application.commitment_checks.first()
    check.verified = True

    with pytest.raises(PermissionDenied):
        verification.verify_commitment(actor=staff[role], check=check)

    assert not CommitmentCheck.objects.filter(pk=check.pk, verified=True).exists()


@pytest.mark.parametrize("status", [s for s in Status.values if s != Status.RECEIPTED], ids=str)
def test_it_refuses_to_verify_a_commitment_outside_the_back_office_step(status, file_at, staff):
    application = file_at(status)
    check = application.commitment_checks.filter(verified=False).first()
    if check is None:  # already verified on the way here: try to withdraw the verification
        check = application.commitment_checks.first()
        check.verified = False
    else:
        check.verified = True
    stored = CommitmentCheck.objects.get(pk=check.pk).verified

    with pytest.raises(TransitionError):
        verification.verify_commitment(actor=staff[Role.BACK_OFFICE], check=check)

    assert CommitmentCheck.objects.get(pk=check.pk).verified == stored


def test_verifying_a_commitment_stamps_who_and_when_and_unverifying_clears_it(file_at, staff):
    application = file_at(Status.RECEIPTED)
    check = application.commitment_checks.first()
    verify(check, staff[Role.BACK_OFFICE])
    stored = CommitmentCheck.objects.get(pk=check.pk)
    assert stored.verified_by == staff[Role.BACK_OFFICE]
    assert stored.verified_at is not None

    check.verified = False
    verification.verify_commitment(actor=staff[Role.BACK_OFFICE], check=check)
    stored = CommitmentCheck.objects.get(pk=check.pk)
    assert (stored.verified, stored.verified_by, stored.verified_at) == (False, None, None)


@pytest.mark.parametrize(
    "role", [role for role in Role if role != Role.BACK_OFFICE], ids=lambda role: role.value
)
def test_only_the_back_office_may_record_the_bap(role, file_at, staff):
    application = file_at(Status.RECEIPTED)
    with pytest.raises(PermissionDenied):
        verification.record_field_inspection(actor=staff[role], inspection=bap(application))
    assert not FieldInspection.objects.exists()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.RETURNED, Status.REJECTED], ids=str)
def test_it_refuses_to_record_a_bap_outside_the_back_office_step(status, file_at, staff):
    application = file_at(status)
    with pytest.raises(TransitionError):
        verification.record_field_inspection(
            actor=staff[Role.BACK_OFFICE], inspection=bap(application)
        )
    assert not FieldInspection.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    "role", [role for role in Role if role != Role.FO], ids=lambda role: role.value
)
def test_only_the_front_office_may_change_the_requirement_checklist(role, staff):
    application = register_sample(fo=staff[Role.FO], rng=random.Random(6), complete=False)
    checks = list(application.requirement_checks.filter(present=False))
    for check in checks:
        check.present = True

    with pytest.raises(PermissionDenied):
        verification.update_requirement_checks(
            actor=staff[role], application_id=application.pk, checks=checks
        )

    assert application.requirement_checks.filter(present=False).count() == len(checks)


@pytest.mark.parametrize("status", [Status.RECEIPTED, Status.PRINTED, Status.WITHDRAWN], ids=str)
def test_it_refuses_to_change_the_requirement_checklist_after_the_receipt(status, file_at, staff):
    application = file_at(status)
    checks = list(application.requirement_checks.all())
    for check in checks:
        check.present = False

    with pytest.raises(TransitionError):
        verification.update_requirement_checks(
            actor=staff[Role.FO], application_id=application.pk, checks=checks
        )

    assert not application.requirement_checks.filter(present=False).exists()


def test_it_refuses_a_requirement_check_of_another_file_and_saves_none_of_the_batch(staff):
    fo = staff[Role.FO]
    mine = register_sample(fo=fo, rng=random.Random(7), index=0, complete=False)
    theirs = register_sample(fo=fo, rng=random.Random(8), index=1, complete=False)
    own = list(mine.requirement_checks.filter(present=False))
    foreign = list(theirs.requirement_checks.filter(present=False))
    for check in own + foreign:
        check.present = True

    with pytest.raises(PermissionDenied):
        verification.update_requirement_checks(
            actor=fo, application_id=mine.pk, checks=own + foreign
        )

    assert RequirementCheck.objects.filter(present=False).count() == len(own) + len(foreign)
