"""Template helpers for complaints and the survey: the same predicates the views enforce."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from complaints import access_policy
from complaints.workflow import ACTIONS, PUBLIC_STATUS_LABELS, ComplaintStatus
from office.indonesian import number_id
from office.links import public_base_url

register = template.Library()


@register.filter
def decimal_id(value, places: int = 2) -> str:
    """88.3 → "88,30": a fixed number of decimals, so an index reads the same in every row."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)), ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = number_id(Decimal(whole), 0)
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


@register.filter
def sees_complaints(user) -> bool:
    """`{% if user|sees_complaints %}`: the complaint desk link in the menu."""
    return access_policy.may_view(user)


@register.filter
def identity_visible(complaint, user) -> bool:
    return access_policy.may_see_identity(user, complaint)


@register.filter
def public_status(status) -> str:
    return PUBLIC_STATUS_LABELS.get(status, "")


@register.filter
def complaint_status_label(status) -> str:
    return ComplaintStatus(status).label if status in ComplaintStatus.values else str(status)


@register.filter
def complaint_tone(status) -> str:
    """The badge colour (the CSS classes of the permit desk)."""
    if status == ComplaintStatus.RECEIVED:
        return "applicant"
    if status in (ComplaintStatus.VERIFIED, ComplaintStatus.ASSIGNED):
        return "progress"
    if status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED):
        return "done"
    return "stopped"


@register.filter
def event_label(action: str) -> str:
    if action == "submit":
        return "Pengaduan dicatat"
    spec = ACTIONS.get(action)
    return spec.label if spec else str(action)


@register.filter
def survey_open_status(status) -> bool:
    """The tracking page offers the survey once the permit exists."""
    return status in access_policy.SURVEY_STATUSES


@register.simple_tag
def survey_url(number: str, code: str, absolute: bool = False) -> str:
    """The survey of one file, with its number and tracking code (as the tracking QR link)."""
    path = f"{reverse('complaints:survey')}?{urlencode({'no': number, 'kode': code})}"
    return f"{public_base_url()}{path}" if absolute else path
