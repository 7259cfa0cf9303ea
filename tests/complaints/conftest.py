"""Complaints at any stage, built through complaints.services like an office would."""

from datetime import date

import pytest

from complaints import services
from complaints.models import Category, Channel, Complaint, ComplaintTier
from complaints.services import ActionInput, NewComplaint
from complaints.workflow import ComplaintStatus
from office.roles import Role

# The actions that bring a new complaint to each status.
PATH_TO = {
    ComplaintStatus.RECEIVED: [],
    ComplaintStatus.VERIFIED: ["verify"],
    ComplaintStatus.ASSIGNED: ["verify", "assign"],
    ComplaintStatus.ANSWERED: ["verify", "assign", "answer"],
    ComplaintStatus.CLOSED: ["verify", "assign", "answer", "close"],
    ComplaintStatus.NOT_OUR_MATTER: ["decline_not_ours"],
    ComplaintStatus.DUPLICATE: ["mark_duplicate"],
}


def new_complaint(**overrides) -> NewComplaint:
    fields = {
        "category": Category.TIME,
        "subject": "Izin belum terbit",
        "description": "Sudah lewat jangka waktu pelayanan.",
        "name": "Siti Rahmawati",
        "email": "siti@contoh.co.id",
        "phone": "081234567890",
    }
    fields.update(overrides)
    return NewComplaint(**fields)


@pytest.fixture
def officer(staff):
    return staff[Role.COMPLAINT_OFFICER]


@pytest.fixture
def simple_tier(db):
    return ComplaintTier.objects.get(code="simple")


@pytest.fixture
def complaint_at(officer, simple_tier):
    """Factory: a complaint taken through its lifecycle to `status`."""

    def build(status=ComplaintStatus.RECEIVED, *, received_on: date | None = None, **fields):
        if received_on is None:
            complaint = services.submit_complaint(data=new_complaint(**fields))
        else:
            data = new_complaint(channel=Channel.ROOM, received_on=received_on, **fields)
            complaint = services.submit_complaint(data=data, actor=officer)
        for name in PATH_TO[status]:
            original = ""
            if name == "mark_duplicate":
                original = services.submit_complaint(data=new_complaint()).ticket
            services.perform_action(
                complaint_id=complaint.pk,
                name=name,
                actor=officer,
                data=ActionInput(
                    tier_id=simple_tier.pk,
                    assignee_id=officer.pk,
                    reply="Jawaban untuk pelapor.",
                    duplicate_ticket=original,
                    note="Catatan internal petugas.",
                ),
            )
        return Complaint.objects.get(pk=complaint.pk)

    return build
