"""Who may open the staff desk: logged-in users (the middleware) holding a staff role (here).

Which files and documents each role reaches is permits/access_policy.py; `file_or_404`
applies it to a file id taken from the URL.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from permits import access_policy
from permits.access_policy import Document
from permits.models import Application
from permits.roles import Role, has_role, is_staff_member


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


def file_or_404(
    user, pk: int, applications: QuerySet | None = None, *, document: Document | None = None
) -> Application:
    """The file `pk` if it is in the user's reach (and `document` of it): else 403, or 404.

    A role that reaches no file (or never this document) is refused before the look-up.
    """
    access_policy.refuse_unless_any(user, document)
    if applications is None:
        applications = Application.objects.select_related("applicant")
    application = get_object_or_404(applications, pk=pk)
    access_policy.refuse_unless(user, application.status, document)
    return application


def discard_stored(files) -> None:
    """Remove files written during a save that was then rolled back (no orphan scans)."""
    for stored in files:
        if stored and getattr(stored, "_committed", False) and stored.name:
            stored.storage.delete(stored.name)
