"""Reads that feed the desk pages, each with a fixed number of queries whatever the rows."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from sequences.models import Sequence

from office.roles import roles_of
from permits.models import (
    Application,
    BatchItem,
    CommitmentCheck,
    Letter,
    NumberingBatch,
    RequirementCheck,
    Service,
)
from permits.models.letter import LETTER_MAX_ATTEMPTS, WRITTEN_KINDS
from tracking import tallies
from tracking.models import ClockState, ControlCardEntry
from tracking.tallies import Metric
from workflow.table import (
    CARD_TRANSITIONS,
    WITH_APPLICANT,
    Event,
    Status,
    statuses_waiting_for,
    transitions_from,
)

# What the file tables show (permits/_application_table.html): long pages load nothing else.
LISTED_FIELDS = (
    "registration_number",
    "company_name",
    "nib",
    "status",
    "status_changed_at",
    "created_at",
    "applicant__name",
    "standard__service__name",
    "clock__state",
    "clock__service_days",
    "clock__running_since",
    "clock__days_used",
    "clock__working_time",
    "clock__due_on",
    "clock__within_sla",
)


def service_choices() -> list[tuple[str, str]]:
    """(code, name) of every service, for the file list's filter."""
    return list(Service.objects.order_by("name").values_list("code", "name"))


def queue_statuses(user) -> list[str]:
    """The statuses in which a file waits for one of the user's roles, in workflow order."""
    waiting: set[str] = set()
    for role in roles_of(user):
        waiting.update(statuses_waiting_for(role))
    return [status for status in Status.values if status in waiting]


def _urgency(today: date, reference_day: date) -> Case:
    """Rank of a file in a queue: overdue, due, running, not started, with the applicant.

    `reference_day` is the latest working day up to today (tracking.deadlines): a file
    due before it is late, a file due on it is due now.
    """
    running = Q(clock__state=ClockState.RUNNING)
    return Case(
        When(running & Q(clock__due_on__lt=reference_day), then=Value(0)),
        When(running & Q(clock__due_on__lte=today), then=Value(1)),
        When(running, then=Value(2)),
        When(status__in=list(WITH_APPLICANT), then=Value(4)),
        default=Value(3),
        output_field=IntegerField(),
    )


def queue_for(
    user, *, search: str = "", today: date | None = None, reference_day: date | None = None
) -> QuerySet[Application]:
    """Files waiting for the user, most urgent first.

    Overdue first, then due today, then by due date, then the files whose clock has not
    started, oldest at their status first; files with the applicant come last.
    """
    today = today or timezone.localdate()
    reference_day = reference_day or today
    return (
        Application.objects.filter(status__in=queue_statuses(user))
        .search(search)
        .select_related("applicant", "clock", "standard__service")
        .only(*LISTED_FIELDS)
        .annotate(urgency=_urgency(today, reference_day))
        .order_by("urgency", F("clock__due_on").asc(nulls_last=True), "status_changed_at", "pk")
    )


@dataclass(frozen=True)
class QueueSummary:
    total: int
    overdue: int
    due_today: int


def queue_summary(
    user, *, search: str = "", today: date | None = None, reference_day: date | None = None
) -> QueueSummary:
    """How many files the queue lists, and how many of them are overdue or due today.

    One light query (two columns a row) instead of a count and an aggregate over the joins.
    """
    today = today or timezone.localdate()
    reference_day = reference_day or today
    rows = (
        Application.objects.filter(status__in=queue_statuses(user))
        .search(search)
        .values_list("clock__state", "clock__due_on")
    )
    total = overdue = due_today = 0
    for state, due_on in rows:
        total += 1
        if state == ClockState.RUNNING and due_on is not None:
            if due_on < reference_day:
                overdue += 1
            elif due_on <= today:
                due_today += 1
    return QueueSummary(total, overdue, due_today)


def application_list(
    *, status: str = "", search: str = "", service: str = ""
) -> QuerySet[Application]:
    """Every file, newest registration first, optionally of one status and one service."""
    applications = Application.objects.all()
    if status:
        applications = applications.filter(status=status)
    if service:
        applications = applications.filter(standard__service__code=service)
    return (
        applications.search(search)
        .select_related("applicant", "clock", "standard__service")
        .only(*LISTED_FIELDS)
        .order_by("-created_at", "-pk")
    )


def file_total(service: str = "") -> int:
    """How many files there are (of one service, by code): every file is registered once and
    never deleted, so the registrations counted for the figures say it without a COUNT."""
    if not service:
        return tallies.all_time(Metric.REGISTERED)
    service_id = Service.objects.filter(code=service).values_list("pk", flat=True).first()
    return tallies.all_time(Metric.REGISTERED, service_id=service_id) if service_id else 0


def status_counts() -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, zeros included, in one query."""
    counts = dict(Application.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [(status, label, counts.get(status, 0)) for status, label in Status.choices]


def application_detail(pk: int) -> Application:
    """One file with everything its page shows: five queries, however long its history."""
    applications = Application.objects.select_related(
        "applicant",
        "clock",
        "applicant__kswp_checked_by",
        "created_by",
        "permit",
        "field_inspection",
        "field_inspection__recorded_by",
        "handover",
        "standard__service",
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


# A step that hands the file back with a note addressed to whoever holds it next.
SENDING_BACK = frozenset({Event.TO_APPLICANT, Event.SENT_BACK})


def correction_note(application: Application, entries: list):
    """The note of the step that sent the file back to whoever holds it now, or None.

    Read from the control card already loaded: the last entry, when it sent the file back
    with a note from a role other than the one that now takes the next step (an FO's own
    "incomplete" note is the FO's, not one addressed to the FO). Gone once the file moves.
    """
    if not entries:
        return None
    entry = entries[-1]
    spec = CARD_TRANSITIONS.get(entry.transition)
    if spec is None or spec.event not in SENDING_BACK or not entry.comment.strip():
        return None
    if entry.to_status != application.status:
        return None
    holders = {t.role for t in transitions_from(application.status) if t.queue}
    if not holders or spec.role in holders:
        return None
    return entry


# How many files a bulk page lists (and a bulk step takes) at once.
BULK_LIMIT = 100


def waiting_for_step(status: str, *, search: str = "", order: str = "waiting") -> QuerySet:
    """The files waiting in `status` for a bulk step, longest waiting first (or by `order`:
    "registration", "applicant"), with what the bulk pages show."""
    orderings = {
        "waiting": ("status_changed_at", "pk"),
        "registration": ("registration_number", "pk"),
        "applicant": ("applicant__name", "pk"),
    }
    return (
        Application.objects.filter(status=status)
        .search(search)
        .select_related("applicant", "clock", "standard__service")
        .only(*LISTED_FIELDS, "standard__product")
        .order_by(*orderings.get(order, orderings["waiting"]))
    )


def in_running_batch() -> QuerySet:
    """Ids of the files still waiting in a numbering batch that has not finished."""
    return BatchItem.objects.filter(
        state=BatchItem.State.WAITING, batch__finished_at__isnull=True
    ).values("application_id")


def waiting_for_batch(status: str, *, search: str = "", order: str = "waiting") -> QuerySet:
    """The files a new batch may take: waiting in `status`, not in a running batch."""
    return waiting_for_step(status, search=search, order=order).exclude(pk__in=in_running_batch())


def in_list_order(listed: QuerySet, ids: list[int]) -> list[int]:
    """`ids` in the order of `listed` (as the page showed them), the rest after as given."""
    found = list(listed.filter(pk__in=ids).values_list("pk", flat=True))
    seen = set(found)
    return found + [pk for pk in ids if pk not in seen]


@dataclass(frozen=True)
class BatchProgress:
    batch: NumberingBatch
    items: list
    done: int
    failed: int
    left: int
    step_status: str  # the status a file waits in for the batch's step

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def finished(self) -> bool:
        return self.left == 0

    @property
    def retryable(self) -> list:
        """Failed items whose file still waits for its number (a new batch may take them)."""
        return [
            item
            for item in self.items
            if item.state == BatchItem.State.FAILED and item.application.status == self.step_status
        ]

    @property
    def interrupted(self) -> list:
        """Items whose numbering was cut off (the worker stopped) and taken again."""
        return [item for item in self.items if item.attempts > 1]


def batch_progress(batch: NumberingBatch, step_status: str) -> BatchProgress:
    """The batch's items in order with their files (one query)."""
    items = list(
        batch.items.select_related("application").only(
            "position",
            "state",
            "attempts",
            "permit_number",
            "error",
            "finished_at",
            "batch_id",
            "application__registration_number",
            "application__company_name",
            "application__status",
        )
    )
    counts = Counter(item.state for item in items)
    return BatchProgress(
        batch=batch,
        items=items,
        done=counts[BatchItem.State.DONE],
        failed=counts[BatchItem.State.FAILED],
        left=counts[BatchItem.State.WAITING],
        step_status=step_status,
    )


def recent_batches(limit: int = 10) -> list:
    """The latest numbering batches with their counts (one query)."""
    return list(
        NumberingBatch.objects.select_related("started_by").annotate(
            total=Count("items"),
            done=Count("items", filter=Q(items__state=BatchItem.State.DONE)),
            failed=Count("items", filter=Q(items__state=BatchItem.State.FAILED)),
        )[:limit]
    )


# --- the register of outgoing letters ------------------------------------------------


# Newest year first, each series (by id: "series" alone would sort by its code, a join) and
# its numbers newest first: the order of the index
# letter_register_order, so a page is read from the index, not sorted out of a year of letters.
REGISTER_ORDER = ("-year", "series_id", "-sequence")


def register_count(*, series: str = "", year: int | None = None) -> int:
    """How many letters the register holds (of one series, of one year).

    Every number is taken in its letter's own transaction, gapless per series and year
    (permits.letters), so the counters of the numbers say it without counting the rows."""
    counters = Sequence.objects.filter(
        name__startswith=f"letter/{series}/" if series else "letter/"
    )
    if year:
        counters = counters.filter(name__endswith=f"/{year}")
    return counters.aggregate(n=Sum("last"))["n"] or 0


def letter_register(*, series: str = "", year: int | None = None, search: str = ""):
    """The register's letters, newest number first, filtered by series, year and words."""
    letters = Letter.objects.select_related("series", "application").order_by(*REGISTER_ORDER)
    if series:
        letters = letters.filter(series__code=series)
    if year:
        letters = letters.filter(year=year)
    if search:
        # One column per branch, so that each uses its own index (ApplicationQuerySet.search).
        found = Letter.objects.order_by()
        branches = (
            found.filter(number__icontains=search),
            found.filter(subject__icontains=search),
            found.filter(addressee__icontains=search),
            found.filter(application__registration_number__icontains=search),
        )
        first, *rest = (branch.values("pk") for branch in branches)
        letters = letters.filter(pk__in=first.union(*rest))
    return letters


def register_years() -> list[int]:
    """The years the register has letters in, newest first.

    A loose index scan (one look-up of the next lower year per year) rather than DISTINCT,
    which reads every letter of every year."""
    table = connection.ops.quote_name(Letter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE found(year) AS (
                SELECT MAX(year) FROM {table}
                UNION ALL
                SELECT (SELECT MAX(year) FROM {table} WHERE year < found.year)
                FROM found WHERE found.year IS NOT NULL
            )
            SELECT year FROM found WHERE year IS NOT NULL
            """
        )
        return [year for (year,) in cursor.fetchall()]


def letters_given_up():
    """Written letters whose PDF the worker gave up on: they wait for an officer's retry."""
    return Letter.objects.filter(
        pdf="", kind__in=list(WRITTEN_KINDS), attempts__gte=LETTER_MAX_ATTEMPTS
    )
