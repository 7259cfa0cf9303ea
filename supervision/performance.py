"""Evaluasi Kinerja Pelaksana: what each officer did in a period, from the tallies.

An officer is credited with a step when they take it: the time "at their step" is how
long the file waited for them (working time only), compared with the allowance for that
step (`StepAllowance`). Counts are of steps taken, so a file sent back and taken again
counts twice.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from office.roles import Role, roles_of
from supervision.figures import STEP_TITLES, allowances
from tracking import tallies
from tracking.tallies import Histogram, Metric
from workflow.table import TRANSITIONS

# Roles that take steps on files, and so are evaluated.
OFFICER_ROLES = tuple(role for role in Role if role in {t.role for t in TRANSITIONS.values()})

# Share of steps within the allowance: at least GOOD is "Baik", at least FAIR "Cukup".
GOOD = 0.9
FAIR = 0.75


@dataclass(frozen=True)
class Rating:
    code: str  # "good", "fair", "poor" (CSS classes rating-good, ...)
    label: str


def rating_of(share: float | None) -> Rating | None:
    if share is None:
        return None
    if share >= GOOD:
        return Rating("good", "Baik")
    if share >= FAIR:
        return Rating("fair", "Cukup")
    return Rating("poor", "Perlu perhatian")


@dataclass(frozen=True)
class OfficerStep:
    step: int
    title: str
    handled: int
    median: timedelta | None
    p90: timedelta | None
    allowance: timedelta | None
    within_allowance: float | None

    @property
    def rating(self) -> Rating | None:
        return rating_of(self.within_allowance)


@dataclass(frozen=True)
class OfficerReport:
    officer_id: int
    name: str
    username: str
    roles: tuple[str, ...]  # labels
    steps: tuple[OfficerStep, ...]
    returned: int  # files the officer sent back to the applicant
    sent_back: int  # drafts the officer sent back to the back office
    drafts_sent_back: int  # drafts the officer printed that came back from Kabid/Kepala Dinas

    @property
    def handled(self) -> int:
        return sum(s.handled for s in self.steps)

    @property
    def within_allowance(self) -> float | None:
        """Share of the officer's timed steps within their allowances."""
        timed = [s for s in self.steps if s.within_allowance is not None]
        total = sum(s.handled for s in timed)
        if not total:
            return None
        return sum(s.within_allowance * s.handled for s in timed) / total

    @property
    def rating(self) -> Rating | None:
        return rating_of(self.within_allowance)

    @property
    def is_empty(self) -> bool:
        return not (self.handled or self.returned or self.sent_back or self.drafts_sent_back)


@dataclass(frozen=True)
class Officer:
    pk: int
    name: str
    username: str
    roles: tuple[str, ...]


def _officers(extra_ids=()) -> dict[int, Officer]:
    """Users who take steps (or who did in the period), with their role labels, in one query."""
    rows = (
        get_user_model()
        .objects.filter(
            Q(is_active=True, groups__name__in=[r.value for r in OFFICER_ROLES])
            | Q(pk__in=list(extra_ids))
        )
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username", "groups__name")
    )
    found: dict[int, Officer] = {}
    for pk, first, last, username, group in rows:
        officer = found.get(pk) or Officer(pk, f"{first} {last}".strip() or username, username, ())
        if group in Role.values and Role(group).label not in officer.roles:
            officer = Officer(pk, officer.name, username, (*officer.roles, Role(group).label))
        found[pk] = officer
    return found


def _report(officer: Officer, rows, allowed: dict[int, timedelta]) -> OfficerReport:
    histograms: dict[int, Histogram] = {}
    counts = dict.fromkeys((Metric.RETURNED, Metric.SENT_BACK, Metric.DRAFT_SENT_BACK), 0)
    for metric, step, bucket, n in rows:
        if metric == Metric.STEP_TIME:
            histograms.setdefault(step, Histogram()).add(bucket, n)
        elif metric in counts:
            counts[metric] += n
    steps = []
    for step in sorted(histograms):
        histogram = histograms[step]
        allowance = allowed.get(step)
        steps.append(
            OfficerStep(
                step=step,
                title=STEP_TITLES.get(step, str(step)),
                handled=histogram.count,
                median=histogram.median,
                p90=histogram.p90,
                allowance=allowance,
                within_allowance=histogram.share_within(allowance) if allowance else None,
            )
        )
    return OfficerReport(
        officer_id=officer.pk,
        name=officer.name,
        username=officer.username,
        roles=officer.roles,
        steps=tuple(steps),
        returned=counts[Metric.RETURNED],
        sent_back=counts[Metric.SENT_BACK],
        drafts_sent_back=counts[Metric.DRAFT_SENT_BACK],
    )


def report_for(user, start: date, end: date, *, service=None) -> OfficerReport:
    """One officer's report for the period (of one service, or all): two queries."""
    rows = tallies.officer_rows(
        start, end, officer_id=user.pk, service_id=service.pk if service else None
    )
    rows = [row[1:] for row in rows]
    roles = tuple(role.label for role in Role if role in roles_of(user))
    officer = Officer(user.pk, user.get_full_name() or user.get_username(), user.username, roles)
    return _report(officer, rows, allowances())


def reports_for_all(start: date, end: date, *, service=None) -> list[OfficerReport]:
    """Every officer's report for the period (of one service, or all), officers without
    steps included: three queries."""
    by_officer: dict[int, list] = {}
    rows = tallies.officer_rows(start, end, service_id=service.pk if service else None)
    for officer_id, metric, step, bucket, n in rows:
        by_officer.setdefault(officer_id, []).append((metric, step, bucket, n))
    officers = _officers(by_officer)
    allowed = allowances()
    return [_report(officer, by_officer.get(pk, []), allowed) for pk, officer in officers.items()]
