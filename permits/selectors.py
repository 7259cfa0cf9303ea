"""Reads that feed the desk pages, each with a fixed number of queries whatever the rows."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from permits.models import Application, CommitmentCheck, RequirementCheck
from permits.roles import roles_of
from permits.workflow import Status, statuses_waiting_for
from tracking.models import ControlCardEntry


def queue_statuses(user) -> list[str]:
    """The statuses in which a file waits for one of the user's roles, in workflow order."""
    waiting: set[str] = set()
    for role in roles_of(user):
        waiting.update(statuses_waiting_for(role))
    return [status for status in Status.values if status in waiting]


def queue_for(user, *, search: str = "") -> QuerySet[Application]:
    """Files waiting for the user, oldest at their status first."""
    return (
        Application.objects.filter(status__in=queue_statuses(user))
        .search(search)
        .select_related("applicant")
        .order_by("status_changed_at", "pk")
    )


def application_list(*, status: str = "", search: str = "") -> QuerySet[Application]:
    """Every file, newest registration first, optionally of one status."""
    applications = Application.objects.all()
    if status:
        applications = applications.filter(status=status)
    return applications.search(search).select_related("applicant").order_by("-created_at", "-pk")


def status_counts() -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, zeros included, in one query."""
    counts = dict(Application.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [(status, label, counts.get(status, 0)) for status, label in Status.choices]


def application_detail(pk: int) -> Application:
    """One file with everything its page shows: five queries, however long its history."""
    applications = Application.objects.select_related(
        "applicant",
        "applicant__kswp_checked_by",
        "created_by",
        "permit",
        "field_inspection",
        "field_inspection__recorded_by",
    ).prefetch_related(
        Prefetch(
            "requirement_checks",
            queryset=RequirementCheck.objects.select_related("requirement", "checked_by"),
        ),
        Prefetch(
            "commitment_checks",
            queryset=CommitmentCheck.objects.select_related("commitment", "verified_by"),
        ),
        Prefetch("control_card", queryset=ControlCardEntry.objects.order_by("created_at", "pk")),
    )
    return get_object_or_404(applications, pk=pk)
