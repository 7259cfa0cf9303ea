"""Who may open the staff desk: logged-in users (the middleware) holding a staff role (here).

Which files and documents each role reaches is permits/access_policy.py.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from office.roles import Role, has_role, is_staff_member


def staff_required(view):
    """403 for a logged-in account without a role in the office."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied("Akun Anda tidak memiliki peran di kantor ini.")
        return view(request, *args, **kwargs)

    return wrapped


def require_role(user, role: Role, message: str) -> None:
    if not has_role(user, role):
        raise PermissionDenied(message)
