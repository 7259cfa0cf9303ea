"""What a step writes besides the control card.

The workflow table names each transition's `work`; this module does it, one function per
value, looked up by value (never by the transition's name). permits.services calls it inside
its transaction, so everything written here commits or rolls back with the step, and
tests/workflow/test_dispatch.py fails when a value of the table has no function here. Why a
step cannot be taken yet is permits/readiness.py.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from office.files import StorageFailure, delete_quietly, save_whole
from permits import numbering
from permits.documents.permit import PermitDocumentError, issue_permit_document
from permits.identity import Confirmation
from permits.models import Application, Handover, Permit
from workflow.table import StepWork, Transition

# On the card and in the "incomplete" mail when the NPWP did not pass KSWP.
KSWP_FAILED = "NPWP yang memenuhi Konfirmasi Status Wajib Pajak (KSWP)"


class StepWorkError(Exception):
    """The step's work failed (e.g. the permit could not be signed); the step is not taken."""


@dataclass(frozen=True)
class StepInput:
    """What an officer gives with a step (which fields are needed depends on the step)."""

    note: str = ""
    password: str = ""
    recipient_name: str = ""
    recipient_identity: str = ""
    recipient: str = Handover.Recipient.APPLICANT
    power_of_attorney: UploadedFile | None = None
    # New scans of the file's requirements, by RequirementCheck id (checked by the form).
    scans: Mapping[int, UploadedFile] = field(default_factory=dict)
    # The password and code given once for a bulk step (permits/identity.py).
    confirmation: Confirmation | None = None


def do(application: Application, spec: Transition, data: StepInput, actor) -> dict:
    """Do the step's work; returns what the control card records with it."""
    return WORK[spec.work](application, data, actor)


# --- step work --------------------------------------------------------------------------


def _nothing(application: Application, data: StepInput, actor) -> dict:
    return {}


def _list_missing(application: Application, data: StepInput, actor) -> dict:
    missing = [c.requirement.text for c in application.missing_requirements()]
    if not application.npwp_passes_kswp():
        missing.append(KSWP_FAILED)
    return {"missing": missing}


def _take_correction(application: Application, data: StepInput, actor) -> dict:
    """The corrected scans replace the earlier ones; the card names the requirements.

    The earlier files go once the step has committed (a rollback keeps them and removes
    the new ones: office.files.removed_unless_committed around the step).
    """
    checks = application.requirement_checks.select_related("requirement").filter(
        pk__in=list(data.scans)
    )
    now = timezone.now()
    corrected = []
    for check in checks:
        upload = data.scans[check.pk]
        earlier = check.scan.name
        try:
            save_whole(check.scan, upload.name, _read(upload))
        except StorageFailure as err:
            raise StepWorkError(f"Pindaian \u201c{check.requirement.text}\u201d: {err}") from err
        check.present = True
        check.checked_by = actor
        check.checked_at = now
        check.save(update_fields=["scan", "present", "checked_by", "checked_at"])
        if earlier:
            transaction.on_commit(partial(delete_quietly, check.scan.storage, earlier))
        corrected.append(check.requirement.text)
    return {"corrected_scans": corrected} if corrected else {}


def _read(upload: UploadedFile) -> bytes:
    upload.seek(0)
    return upload.read()


def _number_permit(application: Application, data: StepInput, actor) -> dict:
    today = timezone.localdate()
    # The file's own version: the format it was registered under, its service's series.
    standard = application.standard
    seq, number = numbering.next_permit_number(standard=standard, year=today.year)
    permit = Permit.objects.create(
        application=application,
        number=number,
        series=standard.series,
        year=today.year,
        sequence=seq,
        issued_on=today,
    )
    # Rendered and signed in the same transaction: a failure consumes no number.
    try:
        issue_permit_document(permit)
    except PermitDocumentError as err:
        raise StepWorkError(str(err)) from err
    return {"permit_number": number}


def _record_recipient(application: Application, data: StepInput, actor) -> dict:
    handover = Handover(
        application=application,
        recipient=data.recipient,
        recipient_name=data.recipient_name.strip(),
        recipient_identity=data.recipient_identity.strip(),
        handed_over_by=actor,
    )
    if data.power_of_attorney is not None:
        try:
            save_whole(
                handover.power_of_attorney,
                data.power_of_attorney.name,
                _read(data.power_of_attorney),
            )
        except StorageFailure as err:
            raise StepWorkError(f"Surat kuasa: {err}") from err
    handover.save()
    card = {
        "recipient_name": handover.recipient_name,
        "recipient_identity": handover.recipient_identity,
        "channel": "counter",
    }
    if handover.recipient == Handover.Recipient.PROXY:
        card["recipient"] = "proxy"
    return card


WORK: dict[StepWork, Callable[[Application, StepInput, object], dict]] = {
    StepWork.NONE: _nothing,
    StepWork.LIST_MISSING: _list_missing,
    StepWork.TAKE_CORRECTION: _take_correction,
    StepWork.NUMBER_PERMIT: _number_permit,
    StepWork.RECORD_RECIPIENT: _record_recipient,
}
