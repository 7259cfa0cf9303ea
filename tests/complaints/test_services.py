"""The complaint lifecycle through complaints.services: states, deadlines, history, e-mail."""

import logging
from datetime import date
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django_fsm import get_available_FIELD_transitions

from complaints import access_policy, deadlines, services
from complaints.models import Channel, Complaint, ComplaintEvent, ComplaintTier
from complaints.services import ActionInput, ComplaintError
from complaints.workflow import ACTIONS, ComplaintStatus
from notices.models import DeliveryStatus
from office.history import AppendOnlyError
from office.roles import Role
from tests.complaints.conftest import new_complaint
from tracking.deadlines import add_working_days
from workflow.table import Status

THURSDAY = date(2026, 2, 5)  # a week without holidays
FRIDAY = date(2026, 2, 6)


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("Connection refused")


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()


def act(complaint, name, actor, **fields):
    return services.perform_action(
        complaint_id=complaint.pk, name=name, actor=actor, data=ActionInput(**fields)
    )


# --- deadlines ------------------------------------------------------------------------


@pytest.mark.django_db
def test_verification_is_due_three_working_days_after_receipt_skipping_the_weekend():
    assert deadlines.verification_due(THURSDAY) == date(2026, 2, 10)


@pytest.mark.django_db
def test_a_simple_complaint_verified_on_friday_is_due_on_tuesday():
    assert deadlines.resolution_due(FRIDAY, 2) == date(2026, 2, 10)


@pytest.mark.django_db
def test_each_tier_is_data_with_the_local_time_limits():
    days = dict(ComplaintTier.objects.values_list("code", "days"))

    assert days == {"simple": 2, "normative": 5, "non_supervisory": 14, "investigation": 60}


def test_a_recorded_complaint_carries_its_verification_deadline(officer):
    complaint = services.submit_complaint(
        data=new_complaint(channel=Channel.LETTER, received_on=THURSDAY), actor=officer
    )

    assert complaint.received_on == THURSDAY
    assert complaint.verify_due_on == date(2026, 2, 10)
    assert complaint.channel == Channel.LETTER
    assert complaint.recorded_by == officer


@pytest.mark.parametrize("code", ["simple", "normative", "non_supervisory", "investigation"])
def test_verification_starts_the_tiers_clock_in_working_days(
    complaint_at, officer, code, monkeypatch
):
    monkeypatch.setattr(deadlines, "today", lambda: FRIDAY)
    tier = ComplaintTier.objects.get(code=code)
    complaint = complaint_at()

    act(complaint, "verify", officer, tier_id=tier.pk)

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VERIFIED
    assert complaint.verified_on == FRIDAY
    assert complaint.due_on == add_working_days(FRIDAY, tier.days)
    assert complaint.tier == tier


def test_a_tier_edited_in_the_admin_changes_the_next_deadline(complaint_at, officer, monkeypatch):
    monkeypatch.setattr(deadlines, "today", lambda: FRIDAY)
    tier = ComplaintTier.objects.get(code="simple")
    tier.days = 3
    tier.save()
    complaint = complaint_at()

    act(complaint, "verify", officer, tier_id=tier.pk)

    assert Complaint.objects.get(pk=complaint.pk).due_on == date(2026, 2, 11)


def test_an_unverified_complaint_past_three_working_days_is_overdue(complaint_at):
    complaint = complaint_at(received_on=THURSDAY)

    assert complaint.deadline == date(2026, 2, 10)
    assert not complaint.is_overdue(date(2026, 2, 10))
    assert complaint.is_overdue(date(2026, 2, 11))


def test_an_answered_complaint_is_never_overdue(complaint_at):
    complaint = complaint_at(ComplaintStatus.ANSWERED, received_on=THURSDAY)

    assert complaint.deadline is None
    assert not complaint.is_overdue(date(2030, 1, 1))


# --- the lifecycle --------------------------------------------------------------------


def test_a_complaint_goes_from_received_to_closed_and_every_step_is_recorded(
    complaint_at, officer, simple_tier
):
    complaint = complaint_at()
    act(complaint, "verify", officer, tier_id=simple_tier.pk, note="Sudah dicek.")
    act(complaint, "assign", officer, assignee_id=officer.pk)
    act(complaint, "answer", officer, reply="Izin Anda terbit hari ini.")
    act(complaint, "close", officer)

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.reply == "Izin Anda terbit hari ini."
    assert complaint.replied_at is not None and complaint.closed_at is not None
    events = list(complaint.events.values_list("action", "from_status", "to_status", "actor_name"))
    name = officer.get_full_name()
    assert events == [
        ("submit", "", "received", ""),
        ("verify", "received", "verified", name),
        ("assign", "verified", "assigned", name),
        ("answer", "assigned", "answered", name),
        ("close", "answered", "closed", name),
    ]
    assert complaint.events.get(action="verify").note == "Sudah dicek."


def test_a_complaint_that_is_not_the_offices_matter_ends_with_an_explanation(complaint_at, officer):
    complaint = complaint_at()

    act(complaint, "decline_not_ours", officer, reply="Hubungi layanan OSS.")

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.NOT_OUR_MATTER
    assert complaint.reply == "Hubungi layanan OSS."


def test_a_duplicate_points_at_the_original_and_tells_the_complainant(complaint_at, officer):
    original = complaint_at()
    repeat = complaint_at()

    act(repeat, "mark_duplicate", officer, duplicate_ticket=original.ticket.lower())

    repeat.refresh_from_db()
    assert repeat.status == ComplaintStatus.DUPLICATE
    assert repeat.duplicate_of == original
    assert repeat.reply
    assert original.ticket not in repeat.reply


def test_a_complaint_cannot_be_a_duplicate_of_itself(complaint_at, officer):
    complaint = complaint_at()

    with pytest.raises(ComplaintError) as caught:
        act(complaint, "mark_duplicate", officer, duplicate_ticket=complaint.ticket)

    assert caught.value.field == "duplicate_ticket"
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


@pytest.mark.parametrize(
    ("name", "field"),
    [("verify", "tier"), ("assign", "assignee"), ("decline_not_ours", "reply")],
)
def test_an_action_without_what_it_needs_is_refused_at_its_field(
    complaint_at, officer, name, field
):
    status = ComplaintStatus.VERIFIED if name == "assign" else ComplaintStatus.RECEIVED
    complaint = complaint_at(status)
    events = complaint.events.count()

    with pytest.raises(ComplaintError) as caught:
        act(complaint, name, officer)

    assert caught.value.field == field
    assert complaint.events.count() == events


def test_an_answer_is_required_before_answering(complaint_at, officer):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)

    with pytest.raises(ComplaintError) as caught:
        act(complaint, "answer", officer, reply="   ")

    assert caught.value.field == "reply"


@pytest.mark.parametrize("status", list(ComplaintStatus))
@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_action_runs_only_from_its_sources(complaint_at, officer, simple_tier, status, name):
    complaint = complaint_at(status)
    before = complaint.events.count()
    fields = {
        "tier_id": simple_tier.pk,
        "assignee_id": None,
        "reply": "Jawaban.",
        "duplicate_ticket": complaint_at().ticket,
    }
    # Assign to someone new, so a re-assignment is a real change.
    other = access_policy.eligible_assignees().exclude(pk=complaint.assigned_to_id).first()
    fields["assignee_id"] = other.pk

    if status in ACTIONS[name].sources:
        act(complaint, name, officer, **fields)
        assert Complaint.objects.get(pk=complaint.pk).status == ACTIONS[name].target
    else:
        with pytest.raises(ComplaintError):
            act(complaint, name, officer, **fields)
        assert Complaint.objects.get(pk=complaint.pk).status == status
        assert complaint.events.count() == before


def test_the_model_transitions_equal_the_table():
    complaint = Complaint()
    for status in ComplaintStatus:
        complaint.__dict__["status"] = status
        available = {
            t.name
            for t in get_available_FIELD_transitions(complaint, Complaint._meta.get_field("status"))
        }
        assert available == {name for name, a in ACTIONS.items() if status in a.sources}, status


def test_a_stale_click_is_refused(complaint_at, officer, simple_tier):
    complaint = complaint_at()
    act(complaint, "verify", officer, tier_id=simple_tier.pk)

    with pytest.raises(ComplaintError):
        services.perform_action(
            complaint_id=complaint.pk,
            name="decline_not_ours",
            actor=officer,
            data=ActionInput(reply="x"),
            expected_status=ComplaintStatus.RECEIVED,
        )


# --- who may act ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COMPLAINT_OFFICER])
def test_only_the_complaint_officer_verifies(complaint_at, staff, simple_tier, role):
    complaint = complaint_at()

    with pytest.raises(PermissionDenied):
        act(complaint, "verify", staff[role], tier_id=simple_tier.pk)

    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


def test_a_kabid_assigned_to_a_complaint_may_answer_it(complaint_at, officer, staff):
    kabid = staff[Role.KABID]
    complaint = complaint_at(ComplaintStatus.VERIFIED)
    act(complaint, "assign", officer, assignee_id=kabid.pk)

    act(complaint, "answer", kabid, reply="Sudah kami tindak lanjuti.")

    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.ANSWERED


def test_a_kabid_not_assigned_may_not_answer(complaint_at, staff):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)

    with pytest.raises(PermissionDenied):
        act(complaint, "answer", staff[Role.KABID], reply="x")


def test_a_front_office_clerk_cannot_be_given_a_complaint(complaint_at, officer, staff):
    complaint = complaint_at(ComplaintStatus.VERIFIED)

    with pytest.raises(ComplaintError) as caught:
        act(complaint, "assign", officer, assignee_id=staff[Role.FO].pk)

    assert caught.value.field == "assignee"


def test_only_a_complaint_officer_records_complaints(staff):
    with pytest.raises(PermissionDenied):
        services.submit_complaint(
            data=new_complaint(channel=Channel.PHONE, received_on=THURSDAY), actor=staff[Role.FO]
        )
    assert not Complaint.objects.exists()


def test_a_recorded_complaint_cannot_be_dated_tomorrow(officer):
    tomorrow = add_working_days(deadlines.today(), 1)

    with pytest.raises(ComplaintError) as caught:
        services.submit_complaint(
            data=new_complaint(channel=Channel.PHONE, received_on=tomorrow), actor=officer
        )

    assert caught.value.field == "received_on"


# --- what is kept ------------------------------------------------------------------------


def test_an_anonymous_complaint_keeps_no_name(complaint_at):
    complaint = complaint_at(anonymous=True, name="Nama Yang Diketik")

    assert complaint.name == ""


def test_a_related_number_is_kept_as_typed_and_linked_only_when_it_matches(complaint_at, file_at):
    application = file_at(Status.RECEIPTED)

    matched = complaint_at(related_number=application.registration_number.lower())
    unmatched = complaint_at(related_number="IUPI-2026-99999")

    assert matched.related_application == application
    assert unmatched.related_application is None
    assert unmatched.related_number == "IUPI-2026-99999"


def test_tickets_are_ten_unambiguous_characters(complaint_at):
    tickets = {complaint_at().ticket for _ in range(20)}

    assert len(tickets) == 20
    for ticket in tickets:
        assert len(ticket) == 10
        assert not set(ticket) & set("01IO")


def test_the_history_cannot_be_changed_or_deleted(complaint_at):
    event = complaint_at().events.get()

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ComplaintEvent.objects.update(note="x")
    with pytest.raises(AppendOnlyError):
        ComplaintEvent.objects.all().delete()


# --- e-mail ----------------------------------------------------------------------------


def test_the_complainant_gets_the_ticket_by_e_mail(
    complaint_at, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_at()

    [message] = mail.outbox
    assert message.to == ["siti@contoh.co.id"]
    assert complaint.ticket in message.subject
    assert f"?tiket={complaint.ticket}" in message.body
    assert "Yth. Siti Rahmawati," in message.body


def test_the_answer_is_e_mailed_after_the_commit(
    complaint_at, officer, django_capture_on_commit_callbacks
):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act(complaint, "answer", officer, reply="Izin Anda sudah dapat diambil.")

    # Deferred to the commit (with the step's log line); exactly one e-mail.
    assert callbacks
    [message] = mail.outbox
    assert "Izin Anda sudah dapat diambil." in message.body
    assert "Izin Anda sudah dapat diambil." in message.alternatives[0][0]
    assert "Catatan internal" not in message.body


def test_no_address_no_mail(complaint_at, officer, django_capture_on_commit_callbacks):
    complaint = complaint_at(ComplaintStatus.ASSIGNED, email="")

    with django_capture_on_commit_callbacks(execute=True):
        act(complaint, "answer", officer, reply="Jawaban.")

    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.complaints.test_services.FailingBackend")
def test_a_mail_server_that_is_down_is_logged_and_the_answer_stands(
    complaint_at, officer, caplog, django_capture_on_commit_callbacks
):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)

    with (
        caplog.at_level(logging.WARNING, logger="kendali.notices"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        act(complaint, "answer", officer, reply="Jawaban.")

    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.ANSWERED
    assert "gagal, dicoba lagi" in caplog.text
    delivery = complaint.deliveries.get(kind="complaint_answered")
    assert delivery.status == DeliveryStatus.RETRYING
    assert "Server surat tidak dapat dihubungi" in delivery.last_error
