"""Which staff work on which files, and which of a file's documents each may open.

Read from the service standard (standar pelayanan IUPI: "Sistem, Mekanisme dan Prosedur"
and "Pengawasan Internal") and permits/roles.py:

- Front Office and back office work on every file: they register, check, verify, print and
  hand over (steps 1-4 and 8), and a file comes back to them at any time.
- Pengawasan internal (Kepala Dinas, Sekretaris, Kepala Bidang) and the administrator watch
  every file; Kepala Bidang and Kepala Dinas also initial and sign the draft (steps 5 and 6).
  They open every document, the applicant's uploaded scans included.
- Bagian Umum gives the number (step 7): it works on a file from signing onward and opens
  only the permit and the control card. It never opens the applicant's uploaded scans
  (KTP, NPWP, deeds) nor the receipt or letters addressed to the applicant.
- The complaint officer handles complaints, not files: no file and no document.

A user holding several roles gets the union of their reach. Pages ask these same functions
which links to show, so what is shown and what is enforced cannot disagree (as
permits/roles.py does for the steps). Unknown ids are 404; a known file out of reach is 403.
Complaint attachments follow the complaint desk's rules (complaints.access_policy.may_see_identity).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from office.roles import SUPERVISORS, Role, roles_of
from tracking.models import Document
from workflow.table import Status

# The applicant's own uploads: personal data (identity cards, tax numbers, deeds).
UPLOADS = frozenset(
    {
        Document.REQUIREMENT_SCAN,
        Document.COMMITMENT_EVIDENCE,
        Document.POWER_OF_ATTORNEY,
        Document.DECLARED_FILE,
    }
)
FILE_DOCUMENTS = frozenset(Document) - {Document.COMPLAINT_ATTACHMENT}
EVERY_STATUS = frozenset(Status.values)
# Signed, numbered, handed over: the steps Bagian Umum takes part in.
FROM_SIGNING = frozenset({Status.SIGNED, Status.NUMBERED, Status.HANDED_OVER})

# role -> (statuses of the files it works on, documents of those files it may open).
# A role missing here (the complaint officer) works on no file.
REACH: dict[Role, tuple[frozenset[str], frozenset[Document]]] = {
    Role.FO: (EVERY_STATUS, FILE_DOCUMENTS),
    Role.BACK_OFFICE: (EVERY_STATUS, FILE_DOCUMENTS),
    **{role: (EVERY_STATUS, FILE_DOCUMENTS) for role in SUPERVISORS},
    Role.BAGIAN_UMUM: (FROM_SIGNING, frozenset({Document.PERMIT, Document.CONTROL_CARD})),
}

NO_FILES = "Peran Anda tidak menangani berkas perizinan."
OUT_OF_REACH = "Berkas ini tidak berada pada tahap yang ditangani peran Anda."


def file_statuses(user, document: Document | None = None) -> frozenset[str]:
    """Statuses of the files the user works on, or whose `document` the user may open."""
    statuses: set[str] = set()
    for role in roles_of(user):
        reach_statuses, documents = REACH.get(role, (frozenset(), frozenset()))
        if document is None or document in documents:
            statuses |= reach_statuses
    return frozenset(statuses)


def may_open(user, status: str, document: Document | None = None) -> bool:
    """May the user open a file in `status` (document None), or that file's `document`?"""
    return status in file_statuses(user, document)


def may_see_personal_data(user, status: str) -> bool:
    """The applicant's identity numbers, contacts and tracking code go with the uploaded scans:
    a role that may not open the scans (Bagian Umum) sees the name and the company only."""
    return may_open(user, status, Document.REQUIREMENT_SCAN)


def may_see_downloads(user) -> bool:
    """The download log of a file is for pengawasan internal (and the administrator)."""
    return bool(roles_of(user) & SUPERVISORS)


def refuse_unless_any(user, document: Document | None = None) -> None:
    """403 before any look-up when no file (or no such document) is ever in the user's reach.

    Checked first, so a role without reach cannot tell a real id from an unknown one.
    """
    if not file_statuses(user, document):
        raise PermissionDenied(_refusal(user, document))


def refuse_unless(user, status: str, document: Document | None = None) -> None:
    """403 when the file (or its `document`) at `status` is out of the user's reach."""
    refuse_unless_any(user, document)
    if not may_open(user, status, document):
        raise PermissionDenied(_refusal(user, document) if may_open(user, status) else OUT_OF_REACH)


def _refusal(user, document: Document | None) -> str:
    if document is None or not file_statuses(user):
        return NO_FILES
    return f"Peran Anda tidak dapat membuka {document.label.lower()} berkas."


def reachable(user, applications: QuerySet) -> QuerySet:
    """The files of `applications` the user works on: one WHERE clause, never a query a row."""
    statuses = file_statuses(user)
    if statuses == EVERY_STATUS:
        return applications
    if not statuses:
        return applications.none()
    return applications.filter(status__in=sorted(statuses))
