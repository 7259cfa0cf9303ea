"""The follow-ups a LAPOR! complaint's steps owe SP4N-LAPOR!, written with the step.

`queue` runs inside perform_action's transaction (complaints.services): a committed step always
has its follow-up, a rolled-back one has none, and one event never gives two (the row is one
per event). The sync (complaints/lapor_sync.py) sends them. What LAPOR! gets is what the
complainant may read: the reply, or the step's public line; never the internal note.
"""

from dataclasses import dataclass

from complaints.models import Complaint, ComplaintEvent, LaporFollowUp
from complaints.workflow import ACTIONS


@dataclass(frozen=True)
class FollowUpKind:
    kind: str
    status: str  # the complaint's status on LAPOR! (docs/lapor.md)
    sends_reply: bool = False


# Which steps go back to LAPOR!, as what.
FOLLOW_UPS = {
    "verify": FollowUpKind("verified", "verified"),
    "assign": FollowUpKind("assigned", "in_progress"),
    "answer": FollowUpKind("answered", "answered", sends_reply=True),
    "close": FollowUpKind("closed", "closed"),
    "decline_not_ours": FollowUpKind("declined", "not_authorized", sends_reply=True),
    "mark_duplicate": FollowUpKind("declined", "duplicate", sends_reply=True),
}


def text_for(complaint: Complaint, action: str, spec: FollowUpKind) -> str:
    if spec.sends_reply:
        return complaint.reply
    text = ACTIONS[action].public_label + "."
    if action == "verify" and complaint.tier_id and complaint.due_on:
        text += (
            f" Klasifikasi: {complaint.tier.name}; batas waktu penyelesaian "
            f"{complaint.tier.days} hari kerja, sampai {complaint.due_on:%d-%m-%Y}."
        )
    return text


def queue(complaint: Complaint, action: str, event: ComplaintEvent) -> LaporFollowUp | None:
    """Record the follow-up of this step for LAPOR!, if the complaint came from LAPOR!."""
    spec = FOLLOW_UPS.get(action)
    if not complaint.lapor_id or spec is None:
        return None
    follow_up, _ = LaporFollowUp.objects.get_or_create(
        event=event,
        defaults={
            "complaint": complaint,
            "kind": spec.kind,
            "status": spec.status,
            "text": text_for(complaint, action, spec),
        },
    )
    return follow_up
