"""The register of outgoing letters: numbers without gaps, and the letters the steps write.

- `register_for_step` runs inside the step's transaction (permits.services): a step whose
  table row names a letter (workflow.table.Letter) takes the next number of that letter's
  series and year and records what the letter says, taken from the step itself. The number
  commits or rolls back with the step, so the register has no gap and no repeat.
- `register_general` records a letter Bagian Umum writes elsewhere (a number only).
- The PDF is written after the commit by the worker (`write_letter`): rendered once, signed,
  stored whole with its SHA-256, never again. A failure is kept on the row (`last_error`) and
  retried by `sweep` (settings.PERIODIC_JOBS) with a growing pause, up to MAX_ATTEMPTS; the
  number stays the letter's. Signing needs the TSA (or BSrE) to answer; a step must not wait
  for that, and the applicant sees the letter on the tracking page once it is there.
"""

import hashlib
import logging
from datetime import date, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from sequences import get_next_value

from office.calendar import add_working_days
from office.files import StorageFailure, removed_unless_committed, save_whole
from office.models import OfficeProfile
from office.roles import Role, has_role
from permits.documents.letter import LetterDocumentError, render_signed_letter
from permits.documents.rejection import reasons_of
from permits.models import Application, Handover, Letter, LetterKind, LetterSeries, Signatory
from permits.models.letter import LETTER_MAX_ATTEMPTS, WRITTEN_KINDS

logger = logging.getLogger("kendali.letters")

MAX_ATTEMPTS = LETTER_MAX_ATTEMPTS
# After the n-th failed attempt the next waits n times this long (5, 10, 15 ... minutes).
RETRY_PAUSE = timedelta(minutes=5)
# A letter queued but not attempted for this long (a worker lost the task) is queued again.
LOST_AFTER = timedelta(minutes=2)

# As the service standard names the Kabid (step 5).
KABID_POSITION = "Kepala Bidang Perizinan dan Non Perizinan"

SUBJECTS = {
    LetterKind.INCOMPLETE: "Pemberitahuan Kekurangan Berkas Permohonan {product}",
    LetterKind.RETURNED: "Pemberitahuan Perbaikan Berkas Permohonan {product}",
    LetterKind.REJECTION: "Penolakan Permohonan {product}",
    LetterKind.HANDOVER: "Berita Acara Serah Terima {product}",
}


class LetterError(Exception):
    """A letter could not be registered; the message is for the officer."""


def series_of(kind: str) -> LetterSeries:
    try:
        return LetterSeries.objects.get(kind=kind)
    except LetterSeries.DoesNotExist:
        raise LetterError(
            f"Seri nomor surat untuk \u201c{LetterKind(kind).label}\u201d belum diatur. "
            "Hubungi administrator (Admin \u203a Seri surat keluar)."
        ) from None


def signatory_of(series: LetterSeries, office: OfficeProfile) -> dict:
    """Who signs the series' letters, as printed: fixed on the letter when it is numbered.
    They sign with their own certificate (permits.signing.get_signer)."""
    if series.signatory == Signatory.KABID:
        name, position, nip = office.kabid_name, KABID_POSITION, office.kabid_nip
    else:
        name, position, nip = office.head_name, office.head_position, office.head_nip
    return {
        "signatory": series.signatory,
        "signatory_name": name.strip(),
        "signatory_position": position.strip(),
        "signatory_nip": nip.strip(),
        "on_behalf": series.on_behalf.strip(),
    }


def _take_number(series: LetterSeries, year: int) -> tuple[int, str]:
    # In the caller's transaction: a rollback gives the number back (permits/numbering.py).
    seq = get_next_value(f"letter/{series.code}/{year}")
    return seq, series.format_number(seq=seq, year=year)


def _new_letter(series: LetterSeries, *, dated: date, **fields) -> Letter:
    seq, number = _take_number(series, dated.year)
    letter = Letter.objects.create(
        series=series,
        kind=series.kind,
        year=dated.year,
        sequence=seq,
        number=number,
        dated=dated,
        **signatory_of(series, OfficeProfile.current()),
        **fields,
    )
    return letter


# --- what each step's letter says ------------------------------------------------------


def _incomplete(application: Application, entry, facts: dict) -> dict:
    return {"missing": list(entry.context.get("missing") or []), "note": entry.comment}


def _returned(application: Application, entry, facts: dict) -> dict:
    days = application.standard.correction_days
    start = timezone.localdate(entry.created_at)
    return {
        "corrections": reasons_of(entry.comment),
        "correction_days": days,
        "due_on": add_working_days(start, days).isoformat(),
    }


def _rejection(application: Application, entry, facts: dict) -> dict:
    return {"reasons": reasons_of(entry.comment)}


def _handover(application: Application, entry, facts: dict) -> dict:
    handover = Handover.objects.select_related("handed_over_by").get(application=application)
    officer = handover.handed_over_by
    permit = application.permit
    return {
        "permit_number": permit.number,
        "permit_issued_on": permit.issued_on.isoformat(),
        "recipient": handover.recipient,
        "recipient_label": handover.get_recipient_display(),
        "recipient_name": handover.recipient_name,
        "recipient_identity": handover.recipient_identity,
        "with_power_of_attorney": bool(handover.power_of_attorney),
        "handed_over_at": handover.handed_over_at.isoformat(),
        "handed_over_by": (officer.get_full_name() or officer.get_username()) if officer else "",
        # The first download, for an electronic handover: when, and from which address.
        "download": dict(facts.get("download") or {}),
    }


CONTENT = {
    LetterKind.INCOMPLETE: _incomplete,
    LetterKind.RETURNED: _returned,
    LetterKind.REJECTION: _rejection,
    LetterKind.HANDOVER: _handover,
}


def addressee_of(application: Application) -> str:
    applicant = application.applicant
    if application.standard.asks_company and application.company_name:
        return f"{applicant.name} ({application.company_name})"
    return applicant.name


def register_for_step(
    application: Application, kind: str, entry, actor, *, facts: dict | None = None
) -> Letter | None:
    """The step's letter, numbered in the step's transaction; its PDF follows the commit.

    `facts`: what the step knows that the control card does not keep (the download's address).
    """
    if not kind:
        return None
    series = series_of(kind)
    letter = _new_letter(
        series,
        dated=timezone.localdate(entry.created_at),
        subject=SUBJECTS[kind].format(product=application.standard.product),
        addressee=addressee_of(application),
        application=application,
        entry=entry,
        content=CONTENT[kind](application, entry, facts or {}),
        created_by=actor,
    )
    transaction.on_commit(partial(queue, letter.pk))
    return letter


def may_keep_register(user) -> bool:
    return has_role(user, Role.BAGIAN_UMUM)


def register_general(*, actor, dated: date, subject: str, addressee: str) -> Letter:
    """A letter written outside Kendali: Bagian Umum takes its number in the register."""
    if not may_keep_register(actor):
        raise PermissionDenied("Hanya Bagian Umum yang mencatat surat keluar.")
    with transaction.atomic():
        series = series_of(LetterKind.GENERAL)
        return _new_letter(
            series,
            dated=dated,
            subject=subject.strip(),
            addressee=addressee.strip(),
            created_by=actor,
        )


# --- the document ---------------------------------------------------------------------


def queue(letter_id: int) -> None:
    write_letter.enqueue(letter_id)


@task()
def write_letter(letter_id: int) -> None:
    write_document(letter_id)


def _attempt(letter_id: int) -> Letter | None:
    """Record the attempt (committed: a killed worker still counts it); None if nothing to do."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None or letter.pdf or not letter.is_written:
            return None
        letter.attempts += 1
        letter.attempted_at = timezone.now()
        letter.save(update_fields=["attempts", "attempted_at"])
    return letter


def write_document(letter_id: int) -> bool:
    """Render, sign and store the letter's PDF once. True when this call wrote it.

    Rendered and signed outside the row lock (the TSA may take seconds; what the letter says
    is fixed), stored under it: a second worker that signed the same letter meanwhile finds
    the PDF there and drops its own.
    """
    letter = _attempt(letter_id)
    if letter is None:
        return False
    try:
        signed = render_signed_letter(letter)
        with removed_unless_committed(), transaction.atomic():
            letter = Letter.objects.select_for_update().get(pk=letter_id)
            if letter.pdf:
                return False
            letter.pdf_sha256 = hashlib.sha256(signed.pdf).hexdigest()
            letter.pdf_size = len(signed.pdf)
            letter.signed_at = signed.signed_at
            letter.timestamp_expires_at = signed.timestamp_expires_at
            letter.last_error = ""
            save_whole(letter.pdf, f"{letter.verification_code}.pdf", signed.pdf)
            letter.save(
                update_fields=[
                    "pdf",
                    "pdf_sha256",
                    "pdf_size",
                    "signed_at",
                    "timestamp_expires_at",
                    "last_error",
                ]
            )
    except (LetterDocumentError, StorageFailure) as err:
        _failed(letter_id, str(err))
        return False
    except Exception as err:  # a bug or an outage: kept for the register, retried
        logger.exception("Surat %s tidak dapat dibuat", letter_id)
        _failed(letter_id, f"Kesalahan sistem ({type(err).__name__}). Periksa log server.")
        return False
    return True


def _failed(letter_id: int, message: str) -> None:
    Letter.objects.filter(pk=letter_id).update(last_error=message[:2000])


def due_for_retry(now=None) -> list[int]:
    """Written letters without a PDF whose pause is over: never tried for LOST_AFTER (the
    task was lost), or tried n times and waiting n x RETRY_PAUSE since."""
    now = now or timezone.now()
    waiting = (
        Letter.objects.filter(pdf="", kind__in=WRITTEN_KINDS, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(attempted_at__isnull=False) | Q(created_at__lte=now - LOST_AFTER))
        .values_list("pk", "attempts", "attempted_at")
    )
    return [
        pk
        for pk, attempts, attempted_at in waiting
        if attempted_at is None or attempted_at <= now - RETRY_PAUSE * attempts
    ]


def sweep() -> int:
    """Periodic job: queue again every letter whose PDF is still to be written."""
    due = due_for_retry()
    for pk in due:
        queue(pk)
    return len(due)


def retry(*, actor, letter_id: int) -> bool:
    """An officer's retry of a letter the worker gave up on: the attempts start again."""
    if not may_keep_register(actor):
        raise PermissionDenied("Hanya Bagian Umum yang dapat mengulang pembuatan surat.")
    with transaction.atomic():
        updated = Letter.objects.filter(
            pk=letter_id, pdf="", kind__in=WRITTEN_KINDS, attempts__gte=MAX_ATTEMPTS
        ).update(attempts=0, attempted_at=None)
        if updated:
            transaction.on_commit(partial(queue, letter_id))
    return bool(updated)
