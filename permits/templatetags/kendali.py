"""Template filters that write numbers, money, durations and workflow labels as an Indonesian
officer reads them: dots between thousands, a comma before decimals, "2 hari 3 jam"."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from office.indonesian import number_id, rupiah
from office.roles import APPLICANT_ROLE, Role, has_role, roles_of
from permits import access_policy
from permits.card_details import detail_items
from permits.validators import format_npwp
from workflow.table import CARD_TRANSITIONS, FINAL_STATUSES, WITH_APPLICANT, Status

register = template.Library()


# The shared formatters, as filters: {{ value|number_id:1 }}, {{ amount|rupiah }}.
register.filter("number_id", number_id)
register.filter("rupiah", rupiah)


def _duration_text(seconds: int) -> str:
    days, rest = divmod(max(int(seconds), 0), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        return f"{days} hari {hours} jam" if hours else f"{days} hari"
    if hours:
        return f"{hours} jam {minutes} menit" if minutes else f"{hours} jam"
    if minutes:
        return f"{minutes} menit"
    return "kurang dari 1 menit"


@register.filter
def duration_id(value) -> str:
    """A timedelta as "2 hari 3 jam", "4 jam 10 menit", "kurang dari 1 menit"."""
    if not isinstance(value, timedelta):
        return ""
    return _duration_text(value.total_seconds())


@register.filter
def age_id(value) -> str:
    """How long ago a moment was, in the words of `duration_id`."""
    if not isinstance(value, datetime):
        return ""
    return _duration_text((timezone.now() - value).total_seconds())


@register.filter
def status_label(value) -> str:
    if not value:
        return "—"
    return Status(value).label if value in Status.values else str(value)


@register.filter
def status_tone(value) -> str:
    """The badge colour of a status: with the office, with the applicant, done or stopped."""
    if value == Status.HANDED_OVER:
        return "done"
    if value in FINAL_STATUSES:
        return "stopped"
    if value in WITH_APPLICANT:
        return "applicant"
    return "progress"


@register.filter
def role_label(value) -> str:
    if value == APPLICANT_ROLE:
        return "Pemohon"
    return Role(value).label if value in Role.values else str(value or "")


@register.filter(name="has_role")
def has_role_filter(user, code: str) -> bool:
    """`{% if user|has_role:"fo" %}`: the same predicate the views enforce."""
    return code in Role.values and has_role(user, Role(code))


@register.filter
def works_on_files(user) -> bool:
    """Whether "Semua berkas" leads anywhere: the reach the list and file pages enforce."""
    return bool(access_policy.file_statuses(user))


@register.filter
def role_labels(user) -> str:
    """All the user's roles, in the order of `Role`, for the header."""
    held = roles_of(user)
    return ", ".join(role.label for role in Role if role in held)


@register.filter
def npwp(value) -> str:
    return format_npwp(value)


@register.filter
def transition_label(name) -> str:
    """How a control-card step reads to staff."""
    spec = CARD_TRANSITIONS.get(name)
    return spec.staff_label if spec else str(name)


@register.filter
def context_items(context) -> list[tuple[str, object]]:
    """A control-card entry's details as (label, value) pairs; a value may be a list."""
    return detail_items(context)


@register.filter
def break_after_slashes(value) -> str:
    """A permit or letter number may wrap after a "/" (503/0001/IUPI/...), never inside a part."""
    return mark_safe(conditional_escape(value).replace("/", "/<wbr>"))


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list | tuple)
