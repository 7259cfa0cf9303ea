"""Who may do what on the complaint desk and the survey: the same predicates decide the
buttons (templates, selectors) and the enforcement (views, complaints.services).

Reads import this module, never complaints.services (ADR 0009).
"""

from django.contrib.auth import get_user_model

from complaints.models import Complaint
from complaints.models.survey import Outcome
from complaints.workflow import Action
from office.roles import SUPERVISORS, Role, has_role
from permits.models import Application
from workflow.table import Status

# Who may be given a complaint to answer: the people who can open the complaint desk.
ASSIGNEE_ROLES = (Role.COMPLAINT_OFFICER, Role.KABID, Role.KEPALA_DINAS, Role.SEKRETARIS)
# The survey opens once the office has given its answer, whatever it was: the permit issued,
# the file rejected, withdrawn, or handed back to the applicant. Leaving out the unhappy
# endings made the IKM higher than the service is. One answer per file.
OUTCOME_OF_STATUS = {
    Status.NUMBERED: Outcome.ISSUED,
    Status.HANDED_OVER: Outcome.ISSUED,
    Status.REJECTED: Outcome.REJECTED,
    Status.WITHDRAWN: Outcome.WITHDRAWN,
    Status.INCOMPLETE: Outcome.RETURNED,
    Status.RETURNED: Outcome.RETURNED,
}
SURVEY_STATUSES = frozenset(OUTCOME_OF_STATUS)


def may_record(user) -> bool:
    return has_role(user, Role.COMPLAINT_OFFICER)


def may_view(user) -> bool:
    """The complaint desk: complaint officers and the supervisors."""
    return has_role(user, Role.COMPLAINT_OFFICER, *SUPERVISORS)


def may_see_identity_of_all(user) -> bool:
    return has_role(user, Role.COMPLAINT_OFFICER)


def may_see_identity(user, complaint: Complaint) -> bool:
    """Anonymous and confidential complainants are known to the complaint officers only."""
    if may_see_identity_of_all(user):
        return True
    return may_view(user) and not complaint.hides_identity


def may_take(user, action: Action, complaint: Complaint) -> bool:
    if has_role(user, Role.COMPLAINT_OFFICER):
        return True
    return (
        action.assignee_may
        and may_view(user)
        and complaint.assigned_to_id is not None
        and complaint.assigned_to_id == user.pk
    )


def eligible_assignees():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in ASSIGNEE_ROLES])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def survey_open(application: Application) -> bool:
    return application.status in SURVEY_STATUSES
