"""What a step writes besides the control card.

The workflow table names each transition's `work`; this module does it, one function per
value, looked up by value (never by the transition's name). permits.services calls it inside
its transaction, so everything written here commits or rolls back with the step, and
tests/workflow/test_dispatch.py fails when a value of the table has no function here. Why a
step cannot be taken yet is permits/readiness.py.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from permits import numbering
from permits.documents.permit import PermitDocumentError, issue_permit_document
from permits.models import Application, Permit, ServiceStandard
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


def do(application: Application, spec: Transition, data: StepInput) -> dict:
    """Do the step's work; returns what the control card records with it."""
    return WORK[spec.work](application, data)


# --- step work --------------------------------------------------------------------------


def _nothing(application: Application, data: StepInput) -> dict:
    return {}


def _list_missing(application: Application, data: StepInput) -> dict:
    missing = [c.requirement.text for c in application.missing_requirements()]
    if not application.npwp_passes_kswp():
        missing.append(KSWP_FAILED)
    return {"missing": missing}


def _number_permit(application: Application, data: StepInput) -> dict:
    today = timezone.localdate()
    seq, number = numbering.next_permit_number(
        standard=ServiceStandard.objects.current(), year=today.year
    )
    permit = Permit.objects.create(
        application=application, number=number, year=today.year, sequence=seq, issued_on=today
    )
    # Rendered and signed in the same transaction: a failure consumes no number.
    try:
        issue_permit_document(permit)
    except PermitDocumentError as err:
        raise StepWorkError(str(err)) from err
    return {"permit_number": number}


def _record_recipient(application: Application, data: StepInput) -> dict:
    return {
        "recipient_name": data.recipient_name.strip(),
        "recipient_identity": data.recipient_identity.strip(),
        "channel": "counter",
    }


WORK: dict[StepWork, Callable[[Application, StepInput], dict]] = {
    StepWork.NONE: _nothing,
    StepWork.LIST_MISSING: _list_missing,
    StepWork.NUMBER_PERMIT: _number_permit,
    StepWork.RECORD_RECIPIENT: _record_recipient,
}
