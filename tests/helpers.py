"""Helpers for the workflow tests: a step input that satisfies every step, and a
file's footprint, so a refused step can be shown to have written nothing."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from sequences import get_last_value

from permits.models import Application, Permit
from permits.services import STANDARD_CODE, StepInput
from tests.conftest import PASSWORD
from tracking.models import ControlCardEntry

# Everything any step may ask for: a note, the signer's password, a recipient.
FULL_INPUT = StepInput(
    note="Catatan uji dari petugas.",
    password=PASSWORD,
    recipient_name="Ahmad Fauzi",
    recipient_identity="KTP 1602011708850001",
)


@dataclass(frozen=True)
class Footprint:
    """What a step can write; a refused step leaves all of it as it was."""

    status: str
    status_changed_at: datetime
    card_entries: int
    permits: int
    last_permit_sequence: int | None


def permit_sequence_name(year: int | None = None) -> str:
    return f"permit/{STANDARD_CODE}/{year or timezone.localdate().year}"


def footprint(application: Application) -> Footprint:
    row = Application.objects.get(pk=application.pk)
    return Footprint(
        status=row.status,
        status_changed_at=row.status_changed_at,
        card_entries=ControlCardEntry.objects.filter(application=row).count(),
        permits=Permit.objects.count(),
        last_permit_sequence=get_last_value(permit_sequence_name()),
    )


def last_entry(application: Application) -> ControlCardEntry:
    return ControlCardEntry.objects.filter(application_id=application.pk).last()
