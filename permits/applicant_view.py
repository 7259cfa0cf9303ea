"""What the applicant may see of a file, read from the control card.

The public view never carries who took a step or what staff wrote to each other.
The only notes it shows are the ones addressed to the applicant: what is
missing or must be fixed (mark_incomplete, return_for_correction) and the
reasons for a rejection. Control-card rows are read as plain values, so staff
names never even reach the template.
"""

import hmac
from dataclasses import dataclass
from datetime import date, datetime

from permits.models import Application, Letter, Permit
from tracking.models import ControlCardEntry, FileClock
from workflow.table import (
    CARD_TRANSITIONS,
    FINAL_STATUSES,
    STEP_OF_STATUS,
    STEPS,
    TRANSITIONS,
    WITH_APPLICANT,
    Event,
    Status,
    position,
)

# Steps whose note tells the applicant what to do: those that hand the file back to them.
NOTE_FOR_APPLICANT = frozenset(
    t.name for t in TRANSITIONS.values() if t.event == Event.TO_APPLICANT
)
REJECTIONS = frozenset(t.name for t in TRANSITIONS.values() if t.event == Event.REJECTED)
RECEIPTS = frozenset(t.name for t in TRANSITIONS.values() if t.event == Event.RECEIPTED)
READY = frozenset(t.name for t in TRANSITIONS.values() if t.event == Event.READY)
STOPPED = frozenset({Status.REJECTED, Status.WITHDRAWN})

# Compared against when the number is unknown, so a miss costs the same time as a wrong code.
_NO_CODE = b"\x00" * 8


@dataclass(frozen=True)
class PublicStep:
    number: int
    title: str
    state: str  # "done", "current" or "todo" (the CSS classes step-done, step-current, step-todo)
    reached_at: datetime | None  # for finished steps


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str


@dataclass(frozen=True)
class PublicLetter:
    """A numbered letter of the file, as the applicant is offered it."""

    pk: int
    number: str
    subject: str
    dated: date
    ready: bool  # its signed PDF is there to download


@dataclass(frozen=True)
class PublicTracking:
    registration_number: str
    company_name: str
    service_name: str  # the service of the file's own version
    status: str
    status_label: str  # in the applicant's words
    with_applicant: bool
    stopped: bool
    steps: tuple[PublicStep, ...]
    history: tuple[PublicEvent, ...]
    received_at: datetime | None
    due_on: date | None  # only while the office still works on the file
    ready_at: datetime | None  # the permit was issued (numbered)
    ended_at: datetime | None  # handed over, rejected or withdrawn
    outcome: str  # how it ended, in the applicant's words
    to_do: str  # what the applicant must do while the file is with them
    missing: tuple[str, ...]
    rejection_reason: str
    permit_number: str
    downloadable: bool
    letters: tuple[PublicLetter, ...] = ()


def find_application(number: str, code: str) -> Application | None:
    """The application with this registration number, if `code` is its tracking code."""
    number = (number or "").strip()
    given = (code or "").strip().upper().encode()
    application = (
        Application.objects.select_related("permit", "standard__service")
        .filter(registration_number=number)
        .first()
        if number
        else None
    )
    expected = application.tracking_code.upper().encode() if application else _NO_CODE
    matched = hmac.compare_digest(given, expected)
    if application is None or not matched or not given:
        return None
    return application


def permit_of(application: Application) -> Permit | None:
    return getattr(application, "permit", None)


def public_tracking(application: Application) -> PublicTracking:
    """The applicant's view of a file, in two queries: the control card and the clock."""
    entries = list(
        ControlCardEntry.objects.filter(application_id=application.pk).values(
            "transition", "from_status", "to_status", "comment", "context", "created_at"
        )
    )
    status = application.status
    stopped = status in STOPPED
    if stopped and entries:
        done_upto, _ = position(entries[-1]["from_status"])
        current = None
    else:
        done_upto, current = position(status)

    # The first time each step was finished (a return to the applicant finishes nothing).
    reached: dict[int, datetime] = {}
    for entry in entries:
        step = STEP_OF_STATUS.get(entry["to_status"])
        if step is not None and entry["to_status"] not in WITH_APPLICANT:
            reached.setdefault(step, entry["created_at"])

    steps = tuple(
        PublicStep(
            number=step.number,
            title=step.title,
            state="done"
            if step.number <= done_upto
            else "current"
            if step.number == current
            else "todo",
            reached_at=reached.get(step.number) if step.number <= done_upto else None,
        )
        for step in STEPS
    )
    history = tuple(
        PublicEvent(at=e["created_at"], label=_label(e["transition"]))
        for e in entries
        if _label(e["transition"])
    )

    to_do, missing = "", ()
    if status in WITH_APPLICANT:
        note = _last(entries, NOTE_FOR_APPLICANT)
        if note:
            to_do = note["comment"]
            missing = tuple(str(item) for item in (note["context"] or {}).get("missing", []))
    rejection = _last(entries, REJECTIONS) if status == Status.REJECTED else None

    received_at = next((e["created_at"] for e in entries if e["transition"] in RECEIPTS), None)
    ready_at = next((e["created_at"] for e in entries if e["transition"] in READY), None)
    ended = status in FINAL_STATUSES and bool(entries)
    ended_at = entries[-1]["created_at"] if ended else None
    due_on = None
    # An estimate only while the office works on the file: not once the permit is out.
    if received_at is not None and not stopped and ready_at is None:
        # The clock's due date: moved by pauses and by the office calendar, as staff see it.
        clock = FileClock.objects.filter(application_id=application.pk).first()
        due_on = clock.due_on if clock else None

    permit = permit_of(application)
    return PublicTracking(
        registration_number=application.registration_number,
        company_name=application.company_name,
        service_name=application.standard.service.name,
        status=status,
        status_label=history[-1].label if history else application.get_status_display(),
        with_applicant=status in WITH_APPLICANT,
        stopped=stopped,
        steps=steps,
        history=history,
        received_at=received_at,
        due_on=due_on,
        ready_at=ready_at,
        ended_at=ended_at,
        outcome=Status(status).label if ended else "",
        to_do=to_do,
        missing=missing,
        rejection_reason=rejection["comment"] if rejection else "",
        permit_number=permit.number if permit else "",
        downloadable=bool(permit and permit.pdf),
        letters=letters_of(application),
    )


def letters_of(application: Application) -> tuple[PublicLetter, ...]:
    """The file's letters, newest first (one query)."""
    rows = (
        Letter.objects.filter(application_id=application.pk)
        .order_by("-created_at", "-pk")
        .values_list("pk", "number", "subject", "dated", "pdf")
    )
    return tuple(
        PublicLetter(pk=pk, number=number, subject=subject, dated=dated, ready=bool(pdf))
        for pk, number, subject, dated, pdf in rows
    )


def _label(transition: str) -> str:
    spec = CARD_TRANSITIONS.get(transition)
    return spec.applicant_label if spec else ""


def _last(entries: list[dict], transitions) -> dict | None:
    return next((e for e in reversed(entries) if e["transition"] in transitions), None)
