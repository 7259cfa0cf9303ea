"""Helpers shared by the tests: the intake form as a clerk fills it in, a step input that
satisfies every step, and a file's footprint, so a refused step can be shown to have
written nothing."""

import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from sequences import get_last_value

from permits.models import Application, Permit, ServiceStandard
from permits.services import StepInput
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
    return f"permit/{ServiceStandard.objects.current().series}/{year or timezone.localdate().year}"


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


def valid_post(**overrides) -> dict:
    """Everything a clerk types for a WNI applicant, with every requirement present."""
    data = {
        "applicant-kind": "wni",
        "applicant-name": "Ahmad Fauzi",
        "applicant-nik": "1602 0117 0885 0001",
        "applicant-passport_number": "",
        "applicant-nationality": "",
        "applicant-ratification_number": "",
        "applicant-npwp": "01.312.166.0-091.000",
        "applicant-kswp_result": "valid",
        "applicant-kswp_checked_on": timezone.localdate().isoformat(),
        "applicant-email": "ahmad.fauzi@contoh.co.id",
        "applicant-phone": "0812-3456-7890",
        "applicant-address": "Jl. Letnan Muchtar Saleh No. 12, Kayuagung",
        "company-company_name": "PT Sawit Lestari Kayuagung",
        "company-company_address": "Jl. Lintas Timur Km 5, Kayuagung",
        "company-nib": "9120000000001",
        "company-kbli_code": "10431",
        "company-kbli_title": "Industri Minyak Mentah Kelapa Sawit",
        "company-kbli_edition": "2020",
        "company-commodity": "CPO",
        "company-capacity_current": "12000",
        "company-capacity_added": "4800.50",
        "company-capacity_unit": "ton",
        "company-investment_value": "25000000000",
        "company-workers_id_men": "120",
        "company-workers_id_women": "45",
        "company-workers_foreign_men": "2",
        "company-workers_foreign_women": "0",
        "company-factory_location": "Desa Celikah, Kecamatan Kayuagung",
        "company-in_industrial_estate": "on",
        "company-iui_number": "503/101/IUI/DPMPTSP/2023",
        "company-iui_date": "2023-03-14",
    }
    for requirement in ServiceStandard.objects.current().requirements.filter(active=True):
        data[f"req-{requirement.pk}-present"] = "on"
        data[f"req-{requirement.pk}-note"] = ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def error_at(response, field_id: str) -> str:
    """The error text rendered next to the field with this id ("" when there is none)."""
    content = response.content.decode()
    match = re.search(
        rf'<div class="field-error" id="{re.escape(field_id)}_error">(.*?)</div>', content, re.S
    )
    if not match:
        return ""
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()
