"""Kartu kendali: the control card printed for the physical folder, every step with its
officer, time and how long the file waited, and a QR code to the file's page."""

from django.utils import timezone

from office.indonesian import tanggal_jam
from office.links import staff_file_url
from office.pdf import render_pdf
from office.roles import Role
from permits.card_details import detail_items
from permits.documents import context as ctx
from permits.documents.qr import qr_data_uri
from tracking.models import ControlCardEntry
from workflow.table import CARD_TRANSITIONS, STEP_OF_STATUS, Status


def step_label(transition: str) -> str:
    spec = CARD_TRANSITIONS.get(transition)
    return spec.staff_label if spec else transition


def role_label(code: str) -> str:
    if code in Role.values:
        return Role(code).label
    return "Pemohon" if code == "applicant" else code


def status_label(code: str) -> str:
    return Status(code).label if code in Status.values else (code or "")


def _short_time(value) -> tuple[str, str]:
    local = timezone.localtime(value)
    return f"{local:%d/%m/%Y}", f"{local:%H.%M} {local.tzname() or ''}".strip()


def _details(context: dict) -> list[str]:
    lines = []
    for label, value in detail_items(context):
        if isinstance(value, list | tuple):
            value = "; ".join(str(v) for v in value)
        lines.append(f"{label}: {value}")
    return lines


def control_card_context(application) -> dict:
    entries = ControlCardEntry.objects.filter(application=application).order_by("created_at", "pk")
    rows = [
        {
            "step": STEP_OF_STATUS.get(entry.to_status, ""),
            "time": _short_time(entry.created_at),
            "label": step_label(entry.transition),
            "status": status_label(entry.to_status),
            "actor": entry.actor_name,
            "role": role_label(entry.actor_role),
            "duration": ctx.duration_text(entry.duration) if entry.from_status else "",
            "comment": entry.comment,
            "details": _details(entry.context),
        }
        for entry in entries
    ]
    permit = getattr(application, "permit", None)
    url = staff_file_url(application)
    now = timezone.now()
    return {
        **ctx.office_context(),
        **ctx.service_terms(application),
        "application": application,
        "applicant": application.applicant,
        "rows": rows,
        "status_text": application.get_status_display(),
        "permit": permit,
        "printed_text": tanggal_jam(now),
        "file_url": url,
        "qr": qr_data_uri(url),
    }


def render_control_card(application) -> bytes:
    return render_pdf("pdf/control_card.html", control_card_context(application))
