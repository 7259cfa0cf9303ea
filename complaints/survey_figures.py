"""Reading the survey's pre-counted figures (`SurveyFigure`) for any period.

A period is cut as tracking's figures are (tracking.tallies.pieces): whole years and whole
months come from the figures, the days left at either end from the answers of those days
(at most two months of answers, however many years the period spans). Written by
complaints.survey_counts.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from complaints import skm
from complaints.models import Facet, SurveyFigure, SurveyResponse
from complaints.periods import period_bounds
from tracking import tallies

ALL_SERVICES = 0  # service_id of the figures of every answer
FACETS: tuple[str, ...] = tuple(Facet.values)
SUMS: tuple[str, ...] = ("respondents", *skm.ELEMENT_CODES)  # what each figure holds

Sums = dict[str, int]
# {facet: {value: sums}}: e.g. breakdown["gender"]["P"]["respondents"]
Breakdown = dict[str, dict[str, Sums]]


def zero() -> Sums:
    return dict.fromkeys(SUMS, 0)


def of(by_value: dict[str, Sums], value: str) -> Sums:
    """The sums of one value of a facet; zeros for a value no one gave."""
    return by_value.get(value) or zero()


def _add(into: Sums, values) -> None:
    for key, value in zip(SUMS, values, strict=True):
        into[key] += value or 0


def combined(groups) -> Sums:
    """The sums of several groups together."""
    total = zero()
    for sums in groups:
        _add(total, (sums[key] for key in SUMS))
    return total


def _whole_q(cut: list[tallies.Piece]) -> Q | None:
    q = None
    for piece in cut:
        if piece.scale != tallies.Tally.Scale.DAY:
            one = Q(scale=piece.scale, period_start__range=(piece.first, piece.last))
            q = one if q is None else q | one
    return q


def _answers_on_days(cut: list[tallies.Piece], service_id: int) -> QuerySet | None:
    """The answers of the period's loose days, or None if it is all whole months."""
    q = None
    for piece in cut:
        if piece.scale == tallies.Tally.Scale.DAY:
            since, until = period_bounds(piece.first, piece.last)
            one = Q(submitted_at__gte=since, submitted_at__lt=until)
            q = one if q is None else q | one
    if q is None:
        return None
    answers = SurveyResponse.objects.filter(q)
    return answers.filter(service_id=service_id) if service_id else answers


def _sums_of_answers() -> dict:
    # COUNT(*): the period and the scores come from the survey's indexes alone.
    return {"respondents": Count("*"), **{code: Sum(code) for code in skm.ELEMENT_CODES}}


def breakdown(
    start: date, end: date, *, service_id: int = ALL_SERVICES, facets=FACETS
) -> Breakdown:
    """The respondents of [start, end] and their scores per value of each facet, in at most
    two queries. Every answer is in exactly one value of each facet."""
    cut = tallies.pieces(start, end)
    found: dict[str, dict[str, Sums]] = {facet: defaultdict(zero) for facet in facets}
    whole = _whole_q(cut)
    if whole is not None:
        rows = (
            SurveyFigure.objects.filter(whole, service_id=service_id, facet__in=facets)
            .values_list("facet", "value")
            .annotate(**{key: Sum(key) for key in SUMS})
            .order_by()
        )
        for facet, value, *sums in rows:
            _add(found[facet][value], sums)
    days = _answers_on_days(cut, service_id)
    if days is not None:
        rows = days.values_list(*facets).annotate(**_sums_of_answers()).order_by()
        for row in rows:
            for facet, value in zip(facets, row[: len(facets)], strict=True):
                _add(found[facet][value], row[len(facets) :])
    return {facet: dict(values) for facet, values in found.items()}


def totals(start: date, end: date, *, service_id: int = ALL_SERVICES) -> Sums:
    """Respondents and score sums of [start, end]: the outcome facet's values together."""
    by_outcome = breakdown(start, end, service_id=service_id, facets=(Facet.OUTCOME,))
    return combined(by_outcome[Facet.OUTCOME].values())


def by_month_and_service(start: date, end: date) -> dict[tuple[date, int], Sums]:
    """{(month, service_id): sums} of [start, end], ALL_SERVICES included, in two queries."""
    cut = tallies.pieces(start, end, by_month=True)
    found: dict[tuple[date, int], Sums] = defaultdict(zero)
    whole = _whole_q(cut)
    if whole is not None:
        rows = (
            SurveyFigure.objects.filter(whole, facet=Facet.OUTCOME)
            .values_list("period_start", "service_id")
            .annotate(**{key: Sum(key) for key in SUMS})
            .order_by()
        )
        for month, service_id, *sums in rows:
            _add(found[(month, service_id)], sums)
    days = _answers_on_days(cut, ALL_SERVICES)
    if days is not None:
        rows = (
            days.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
            .values_list("month", "service_id")
            .annotate(**_sums_of_answers())
            .order_by()
        )
        for month, service_id, *sums in rows:
            _add(found[(month, ALL_SERVICES)], sums)
            if service_id:
                _add(found[(month, service_id)], sums)
    return dict(found)
