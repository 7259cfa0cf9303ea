"""`file_or_404` applies permits/access_policy.py to a file id taken from the URL.

Who may open the staff desk at all is office/access.py (`staff_required`).
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from permits import access_policy
from permits.models import Application
from tracking.models import Document


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
