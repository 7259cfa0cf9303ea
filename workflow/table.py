"""The procedure every file follows, in one table.

Steps follow the service standard's "Sistem, Mekanisme dan Prosedur" (1-8). Every
transition names who may take it, how it reads to staff and to the applicant, and what
the code does with it: whether it waits in the role's queue, its conditions, the step work
the transition service does (permits.step_work), how it moves the file's clock and figures
(tracking.clocks) and which notice the applicant gets (permits.notifications). Those places
look the row up; none of them asks for a transition by name, and a test fails when one of
them does not know a value used here (tests/test_workflow_table.py).

The django-fsm transitions on `Application` take their sources, targets, permissions and
conditions from `TRANSITIONS`; a test keeps the two equal. docs/workflow.md is drawn from
this table (`python -m workflow.diagram`).
"""

from dataclasses import dataclass
from enum import StrEnum
from operator import methodcaller

from django.db import models

from office.roles import Role, has_role


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Berkas diajukan"
    INCOMPLETE = "incomplete", "Belum lengkap (dikembalikan ke pemohon)"
    RECEIPTED = "receipted", "Tanda terima diterbitkan"
    RETURNED = "returned", "Dikembalikan untuk perbaikan"
    PROCESSED = "processed", "Selesai diproses back office"
    PRINTED = "printed", "Draf izin dicetak"
    INITIALED = "initialed", "Diparaf Kepala Bidang"
    SIGNED = "signed", "Ditandatangani Kepala Dinas"
    NUMBERED = "numbered", "Diberi nomor"
    HANDED_OVER = "handed_over", "Diserahkan kepada pemohon"
    REJECTED = "rejected", "Ditolak"
    WITHDRAWN = "withdrawn", "Dicabut atas permintaan pemohon"


@dataclass(frozen=True)
class Step:
    number: int
    title: str  # as the service standard names it


# The eight steps of the standard, in the words the applicant reads.
STEPS: tuple[Step, ...] = (
    Step(1, "Pengajuan berkas di loket Front Office"),
    Step(2, "Penyerahan tanda terima berkas lengkap dan benar"),
    Step(3, "Pemrosesan di back office"),
    Step(4, "Pencetakan draf izin"),
    Step(5, "Paraf Kepala Bidang Perizinan dan Non Perizinan"),
    Step(6, "Penandatanganan oleh Kepala Dinas"),
    Step(7, "Pemberian nomor oleh Bagian Umum"),
    Step(8, "Penyerahan dokumen izin kepada pemohon"),
)

# The step a file is at while in each status. A file sent back to the
# applicant stays at the step that sent it back.
STEP_OF_STATUS: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.INCOMPLETE: 1,
    Status.RECEIPTED: 2,
    Status.RETURNED: 3,
    Status.PROCESSED: 3,
    Status.PRINTED: 4,
    Status.INITIALED: 5,
    Status.SIGNED: 6,
    Status.NUMBERED: 7,
    Status.HANDED_OVER: 8,
}

FINAL_STATUSES = frozenset({Status.HANDED_OVER, Status.REJECTED, Status.WITHDRAWN})

# While in these statuses the file is with the applicant, not the office.
WITH_APPLICANT = frozenset({Status.INCOMPLETE, Status.RETURNED})


def position(status: str) -> tuple[int, int | None]:
    """(last finished step, step the file is at now) for a file in `status`.

    A file in "receipted" has finished step 2 and is at step 3; a file sent back
    to the applicant has not finished the step that sent it back.
    """
    if status == Status.HANDED_OVER:
        return len(STEPS), None
    step = STEP_OF_STATUS.get(status)
    if step is None:
        return 0, None
    if status in WITH_APPLICANT:
        return step - 1, step
    return step, step + 1


class Condition(StrEnum):
    """What must hold before a step; the value names the `Application` method that checks it."""

    ALL_REQUIREMENTS = "has_all_requirements"
    NPWP_PASSES_KSWP = "npwp_passes_kswp"
    READY_FOR_PROCESSING = "is_ready_for_processing"


class StepWork(StrEnum):
    """The records a step writes besides the control card (permits.step_work does them)."""

    NONE = "none"
    LIST_MISSING = "list_missing"  # the missing requirements go on the card
    TAKE_CORRECTION = "take_correction"  # the corrected scans replace the earlier ones
    NUMBER_PERMIT = "number_permit"  # the permit number, the signed PDF
    RECORD_RECIPIENT = "record_recipient"  # who received the permit at the counter


class Event(StrEnum):
    """What a step means for the file's clock and the office's figures (tracking.clocks)."""

    NONE = "none"  # the file moves on; nothing else happens
    REGISTERED = "registered"  # counted as a new file
    RECEIPTED = "receipted"  # the service-time clock starts
    TO_APPLICANT = "to_applicant"  # back to the applicant: the clock pauses
    FROM_APPLICANT = "from_applicant"  # the applicant brings it back: the clock runs again
    DRAFTED = "drafted"  # the officer who printed the draft answers for a send-back
    SENT_BACK = "sent_back"  # a draft sent back by Kabid or Kepala Dinas
    READY = "ready"  # numbered: the clock stops, the permit is ready
    REJECTED = "rejected"  # the clock stops: the file ends without a permit
    WITHDRAWN = "withdrawn"  # the clock stops: the applicant withdrew
    HANDED_OVER = "handed_over"  # the permit reached the applicant


class Bulk(StrEnum):
    """Whether several files may take the step in one go, and how."""

    NONE = ""
    AT_ONCE = "at_once"  # in the request, one file after another (permits/bulk.py)
    BATCH = "batch"  # in the background, with a progress page (permits/batches.py)


class Notice(StrEnum):
    """The message the applicant gets once the step is committed (permits.notifications)."""

    NONE = ""
    RECEIPT = "receipt"
    INCOMPLETE = "incomplete"
    RETURNED = "returned"
    REJECTED = "rejected"
    READY = "ready"
    SURVEY = "survey"  # the permit was handed over: the satisfaction survey


class Letter(StrEnum):
    """The numbered letter the step writes, signs and offers to the applicant (permits.letters).

    The values are those of permits.models.LetterKind.
    """

    NONE = ""
    INCOMPLETE = "incomplete"  # what is missing
    RETURNED = "returned"  # what to correct, by when
    REJECTION = "rejection"  # why the application is refused
    HANDOVER = "handover"  # who received the permit, when, from whom


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    role: Role
    staff_label: str
    applicant_label: str
    # What the officer must give with the step.
    needs_note: bool = False
    needs_password: bool = False
    needs_recipient: bool = False
    # The officer may attach new scans of the file's requirements (a correction).
    takes_scans: bool = False
    # Irreversible steps ask for confirmation before they run.
    irreversible: bool = False
    note_label: str = "Catatan"
    # Style of the button: "primary" moves the file forward, "danger" ends or sends back.
    tone: str = "primary"
    # What the code does with the step (see the module docstring).
    queue: bool = True  # the file waits for this step in the role's queue
    conditions: tuple[Condition, ...] = ()
    work: StepWork = StepWork.NONE
    event: Event = Event.NONE
    timed: bool = True  # the time before the step counts as the officer's working time
    notice: Notice = Notice.NONE
    bulk: Bulk = Bulk.NONE
    letter: Letter = Letter.NONE


_IN_PROGRESS_BEFORE_SIGNING = (
    Status.SUBMITTED,
    Status.INCOMPLETE,
    Status.RECEIPTED,
    Status.RETURNED,
    Status.PROCESSED,
    Status.PRINTED,
    Status.INITIALED,
)

_TABLE: tuple[Transition, ...] = (
    Transition(
        "mark_incomplete",
        (Status.SUBMITTED,),
        Status.INCOMPLETE,
        Role.FO,
        "Kembalikan: berkas belum lengkap",
        "Berkas belum lengkap dan dikembalikan kepada pemohon",
        needs_note=True,
        note_label="Kekurangan yang harus dilengkapi pemohon",
        tone="danger",
        work=StepWork.LIST_MISSING,
        event=Event.TO_APPLICANT,
        notice=Notice.INCOMPLETE,
        letter=Letter.INCOMPLETE,
    ),
    Transition(
        "complete",
        (Status.INCOMPLETE,),
        Status.SUBMITTED,
        Role.FO,
        "Pemohon telah melengkapi berkas",
        "Berkas telah dilengkapi pemohon",
        event=Event.FROM_APPLICANT,
    ),
    Transition(
        "issue_receipt",
        (Status.SUBMITTED,),
        Status.RECEIPTED,
        Role.FO,
        "Terbitkan tanda terima",
        "Berkas lengkap dan benar, tanda terima diterbitkan",
        irreversible=True,
        conditions=(Condition.ALL_REQUIREMENTS, Condition.NPWP_PASSES_KSWP),
        event=Event.RECEIPTED,
        notice=Notice.RECEIPT,
    ),
    Transition(
        "process",
        (Status.RECEIPTED,),
        Status.PROCESSED,
        Role.BACK_OFFICE,
        "Selesai diproses: layak diterbitkan",
        "Berkas selesai diproses",
        conditions=(Condition.READY_FOR_PROCESSING,),
    ),
    Transition(
        "return_for_correction",
        (Status.RECEIPTED,),
        Status.RETURNED,
        Role.BACK_OFFICE,
        "Kembalikan untuk perbaikan",
        "Berkas dikembalikan untuk perbaikan",
        needs_note=True,
        note_label="Yang harus diperbaiki pemohon",
        tone="danger",
        event=Event.TO_APPLICANT,
        notice=Notice.RETURNED,
        letter=Letter.RETURNED,
    ),
    Transition(
        "resubmit",
        (Status.RETURNED,),
        Status.RECEIPTED,
        Role.FO,
        "Perbaikan diterima dari pemohon",
        "Perbaikan berkas diterima",
        needs_note=True,
        note_label="Yang diperbaiki pemohon",
        takes_scans=True,
        work=StepWork.TAKE_CORRECTION,
        event=Event.FROM_APPLICANT,
    ),
    Transition(
        "reject",
        (Status.RECEIPTED, Status.PROCESSED),
        Status.REJECTED,
        Role.BACK_OFFICE,
        "Tolak permohonan",
        "Permohonan ditolak",
        needs_note=True,
        note_label="Alasan penolakan",
        irreversible=True,
        tone="danger",
        event=Event.REJECTED,
        notice=Notice.REJECTED,
        letter=Letter.REJECTION,
    ),
    Transition(
        "print_draft",
        (Status.PROCESSED,),
        Status.PRINTED,
        Role.BACK_OFFICE,
        "Cetak draf izin",
        "Draf izin dicetak",
        event=Event.DRAFTED,
    ),
    Transition(
        "initial",
        (Status.PRINTED,),
        Status.INITIALED,
        Role.KABID,
        "Paraf draf izin",
        "Draf izin diparaf Kepala Bidang",
        bulk=Bulk.AT_ONCE,
    ),
    Transition(
        "send_back_by_kabid",
        (Status.PRINTED,),
        Status.PROCESSED,
        Role.KABID,
        "Kembalikan ke back office",
        "Draf izin diperbaiki",
        needs_note=True,
        note_label="Catatan perbaikan untuk back office",
        tone="danger",
        event=Event.SENT_BACK,
    ),
    Transition(
        "sign",
        (Status.INITIALED,),
        Status.SIGNED,
        Role.KEPALA_DINAS,
        "Tandatangani izin",
        "Izin ditandatangani Kepala Dinas",
        needs_password=True,
        irreversible=True,
        bulk=Bulk.AT_ONCE,
    ),
    Transition(
        "send_back_by_head",
        (Status.INITIALED,),
        Status.PROCESSED,
        Role.KEPALA_DINAS,
        "Kembalikan ke back office",
        "Draf izin diperbaiki",
        needs_note=True,
        note_label="Catatan perbaikan untuk back office",
        tone="danger",
        event=Event.SENT_BACK,
    ),
    Transition(
        "number",
        (Status.SIGNED,),
        Status.NUMBERED,
        Role.BAGIAN_UMUM,
        "Beri nomor izin",
        "Izin telah diberi nomor dan siap diserahkan",
        irreversible=True,
        work=StepWork.NUMBER_PERMIT,
        event=Event.READY,
        notice=Notice.READY,
        bulk=Bulk.BATCH,
    ),
    Transition(
        "hand_over",
        (Status.NUMBERED,),
        Status.HANDED_OVER,
        Role.FO,
        "Serahkan izin kepada pemohon",
        "Dokumen izin telah diserahkan",
        needs_recipient=True,
        irreversible=True,
        work=StepWork.RECORD_RECIPIENT,
        event=Event.HANDED_OVER,
        notice=Notice.SURVEY,
        letter=Letter.HANDOVER,
    ),
    Transition(
        "withdraw",
        _IN_PROGRESS_BEFORE_SIGNING,
        Status.WITHDRAWN,
        Role.FO,
        "Cabut atas permintaan pemohon",
        "Permohonan dicabut atas permintaan pemohon",
        needs_note=True,
        note_label="Alasan pencabutan (surat permohonan pemohon)",
        irreversible=True,
        tone="danger",
        queue=False,
        event=Event.WITHDRAWN,
        timed=False,
    ),
)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in _TABLE}
BULK_STEPS: tuple[Transition, ...] = tuple(t for t in _TABLE if t.bulk != Bulk.NONE)

# Step 1 is not a django-fsm transition (the file does not exist before it), but it is
# the first line of every control card and is counted like the others.
REGISTER = Transition(
    "register",
    (),
    Status.SUBMITTED,
    Role.FO,
    "Pendaftaran berkas di loket",
    Status.SUBMITTED.label,
    event=Event.REGISTERED,
    queue=False,
)

# Every step a control card can record, in the order of the table.
CARD_TRANSITIONS: dict[str, Transition] = {REGISTER.name: REGISTER, **TRANSITIONS}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in _TABLE if status in t.sources]


def statuses_waiting_for(role: Role) -> list[str]:
    """Statuses in which a file waits for an action by `role` (its queue)."""
    waiting: list[str] = []
    for t in _TABLE:
        if t.role == role and t.queue:
            waiting.extend(s for s in t.sources if s not in waiting)
    return waiting


def fsm_args(name: str) -> dict:
    """Arguments for django-fsm's `@transition`, read from the table."""
    spec = TRANSITIONS[name]
    return {
        "field": "status",
        "source": list(spec.sources),
        "target": spec.target,
        "permission": lambda instance, user: has_role(user, spec.role),
        "conditions": [methodcaller(condition.value) for condition in spec.conditions],
    }
