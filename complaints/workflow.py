"""The lifecycle of a complaint (pengaduan, saran dan masukan), in one table.

SP4N-LAPOR's stages: received, sorted and verified (within 3 working days;
or set aside as not the office's matter or a duplicate), assigned to an officer,
answered, closed. Each action names its sources, its target, who may take it and
what the officer must give with it. The django-fsm transitions on `Complaint`
take their sources and targets from `ACTIONS`; a test keeps the two equal.
"""

from dataclasses import dataclass

from django.db import models


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "Diterima, menunggu verifikasi"
    VERIFIED = "verified", "Terverifikasi, menunggu disposisi"
    NOT_OUR_MATTER = "not_our_matter", "Bukan kewenangan kantor"
    DUPLICATE = "duplicate", "Duplikat"
    ASSIGNED = "assigned", "Ditindaklanjuti petugas"
    ANSWERED = "answered", "Dijawab"
    CLOSED = "closed", "Selesai"


# What the complainant reads on the status page.
PUBLIC_STATUS_LABELS = {
    ComplaintStatus.RECEIVED: "Pengaduan diterima dan sedang diverifikasi",
    ComplaintStatus.VERIFIED: "Pengaduan terverifikasi dan akan ditindaklanjuti",
    ComplaintStatus.NOT_OUR_MATTER: "Pengaduan bukan kewenangan kantor ini",
    ComplaintStatus.DUPLICATE: "Pengaduan sama dengan pengaduan lain yang sudah ditangani",
    ComplaintStatus.ASSIGNED: "Pengaduan sedang ditindaklanjuti",
    ComplaintStatus.ANSWERED: "Pengaduan telah dijawab",
    ComplaintStatus.CLOSED: "Pengaduan selesai",
}

# Statuses in which the office still owes the complainant something, with a deadline.
OPEN_STATUSES = frozenset(
    {ComplaintStatus.RECEIVED, ComplaintStatus.VERIFIED, ComplaintStatus.ASSIGNED}
)
# The resolution deadline (the tier's working days) runs in these.
RESOLUTION_STATUSES = frozenset({ComplaintStatus.VERIFIED, ComplaintStatus.ASSIGNED})
# Ends where the complainant has been told why nothing more will happen.
DECLINED_STATUSES = frozenset({ComplaintStatus.NOT_OUR_MATTER, ComplaintStatus.DUPLICATE})


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str  # the button, for staff
    public_label: str  # the line in the complainant's history
    # The assigned officer may take it too (not only the complaint officer).
    assignee_may: bool = False
    needs_tier: bool = False
    needs_assignee: bool = False
    needs_duplicate_of: bool = False
    # A text addressed to the complainant (shown on the status page and e-mailed).
    needs_reply: bool = False
    reply_required: bool = True
    reply_label: str = ""
    tone: str = "primary"


# Shown as the public line of the complaint's first event.
SUBMITTED_LABEL = "Pengaduan diterima"

_TABLE: tuple[Action, ...] = (
    Action(
        "verify",
        (ComplaintStatus.RECEIVED,),
        ComplaintStatus.VERIFIED,
        "Verifikasi dan tetapkan klasifikasi",
        "Pengaduan diverifikasi",
        needs_tier=True,
    ),
    Action(
        "assign",
        (ComplaintStatus.VERIFIED, ComplaintStatus.ASSIGNED),
        ComplaintStatus.ASSIGNED,
        "Disposisikan ke petugas",
        "Pengaduan diteruskan kepada petugas untuk ditindaklanjuti",
        needs_assignee=True,
    ),
    Action(
        "answer",
        (ComplaintStatus.ASSIGNED,),
        ComplaintStatus.ANSWERED,
        "Kirim jawaban",
        "Pengaduan dijawab",
        assignee_may=True,
        needs_reply=True,
        reply_label="Jawaban kepada pelapor",
    ),
    Action(
        "close",
        (ComplaintStatus.ANSWERED,),
        ComplaintStatus.CLOSED,
        "Tutup pengaduan",
        "Pengaduan selesai",
    ),
    Action(
        "decline_not_ours",
        (ComplaintStatus.RECEIVED,),
        ComplaintStatus.NOT_OUR_MATTER,
        "Bukan kewenangan kantor",
        "Pengaduan dinyatakan bukan kewenangan kantor ini",
        needs_reply=True,
        reply_label="Penjelasan kepada pelapor (misalnya instansi yang berwenang)",
        tone="danger",
    ),
    Action(
        "mark_duplicate",
        (ComplaintStatus.RECEIVED,),
        ComplaintStatus.DUPLICATE,
        "Tandai duplikat",
        "Pengaduan dinyatakan sama dengan pengaduan lain",
        needs_duplicate_of=True,
        needs_reply=True,
        reply_required=False,
        reply_label="Penjelasan kepada pelapor (boleh dikosongkan)",
        tone="danger",
    ),
)

ACTIONS: dict[str, Action] = {action.name: action for action in _TABLE}

DUPLICATE_REPLY = (
    "Pengaduan Anda sama dengan pengaduan lain yang sudah kami terima dan sedang kami tangani."
)


def actions_from(status: str) -> list[Action]:
    return [action for action in _TABLE if status in action.sources]


def fsm_args(name: str) -> dict:
    """Arguments for django-fsm's `@transition`, read from the table."""
    action = ACTIONS[name]
    return {"field": "status", "source": list(action.sources), "target": action.target}
