"""Filters for the supervision pages and the menu: who sees them, and shares as percentages."""

from django import template

from office.indonesian import number_id
from office.roles import SUPERVISORS, has_role
from supervision.performance import OFFICER_ROLES

register = template.Library()


@register.filter
def is_supervisor(user) -> bool:
    """Kepala Dinas, Sekretaris, Kabid and the administrator watch the whole office."""
    return has_role(user, *SUPERVISORS)


@register.filter
def is_officer(user) -> bool:
    """Users who take steps on files, and so have an evaluation of their own."""
    return has_role(user, *OFFICER_ROLES)


@register.filter
def percent(share) -> str:
    """0.875 → "87,5%"; None → "—"."""
    if share is None or share == "":
        return "—"
    return f"{number_id(share * 100, 1)}%"
