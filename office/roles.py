"""Staff roles as stable codes, each mapped to one Django group of the same name.

Buttons and enforcement both ask `roles_of` / `has_role`, so what a user is
shown and what a user may do cannot disagree.
"""

from django.db import models


class Role(models.TextChoices):
    FO = "fo", "Petugas Front Office"
    BACK_OFFICE = "back_office", "Petugas Back Office"
    KABID = "kabid", "Kepala Bidang Perizinan"
    KEPALA_DINAS = "kepala_dinas", "Kepala Dinas"
    BAGIAN_UMUM = "bagian_umum", "Bagian Umum"
    SEKRETARIS = "sekretaris", "Sekretaris"
    COMPLAINT_OFFICER = "complaint_officer", "Petugas Pengaduan"
    ADMIN = "admin", "Administrator"


# Recorded on the control card when the applicant, not an officer, takes a step.
APPLICANT_ROLE = "applicant"

# Roles that watch every file without acting on it (pengawasan internal).
SUPERVISORS = frozenset({Role.KEPALA_DINAS, Role.SEKRETARIS, Role.KABID, Role.ADMIN})

_CACHE_ATTR = "_kendali_roles"


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds, read once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        codes = set(user.groups.values_list("name", flat=True))
        cached = frozenset(Role(code) for code in codes if code in Role.values)
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_member(user) -> bool:
    return bool(roles_of(user))


def primary_role(user) -> Role | None:
    """The role a user's home page is built for (first in the order of `Role`)."""
    held = roles_of(user)
    return next((role for role in Role if role in held), None)
