"""Writing the survey's pre-counted figures (`SurveyFigure`).

Every saved answer is added at once, in the transaction that saves it: `count_saved` is a
post_save receiver (ComplaintsConfig.ready), so the applicant's form, the admin and a test's
`objects.create` all count. Paths that skip signals (bulk_create in the demo seed and
bench.fill) call `rebuild`, as `manage.py rebuild_survey_figures` does. Rows a restore loads
(raw saves) come with their own figures in the same backup and are not counted twice.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.utils import timezone

from complaints import skm
from complaints.models import SurveyFigure, SurveyResponse
from complaints.survey_figures import ALL_SERVICES, FACETS, SUMS

KEY = ("service_id", "scale", "period_start", "facet", "value")
ROW = ("submitted_at", "service_id", *FACETS, *skm.ELEMENT_CODES)  # what is read of an answer

Key = tuple[int, str, date, str, str]


def expand(answers: Iterable[tuple]) -> dict[Key, list[int]]:
    """Each answer (a tuple in ROW's order) in its month and its year, for every answer and
    for its service, once per facet."""
    found: dict[Key, list[int]] = defaultdict(lambda: [0] * len(SUMS))
    for submitted_at, service_id, *rest in answers:
        values, scores = rest[: len(FACETS)], rest[len(FACETS) :]
        day = timezone.localdate(submitted_at)
        services = (ALL_SERVICES, service_id) if service_id else (ALL_SERVICES,)
        for scale, start in (
            (SurveyFigure.Scale.MONTH, day.replace(day=1)),
            (SurveyFigure.Scale.YEAR, day.replace(month=1, day=1)),
        ):
            for service in services:
                for facet, value in zip(FACETS, values, strict=True):
                    sums = found[(service, str(scale), start, facet, value)]
                    sums[0] += 1
                    for index, score in enumerate(scores, start=1):
                        sums[index] += score
    return found


def add(answer: SurveyResponse) -> None:
    """Add one answer's figures in one statement (an upsert that adds to existing rows)."""
    rows = sorted(expand([tuple(getattr(answer, name) for name in ROW)]).items())
    qn = connection.ops.quote_name
    table = qn(SurveyFigure._meta.db_table)
    columns = ", ".join(qn(c) for c in (*KEY, *SUMS))
    placeholders = "(" + ", ".join(["%s"] * (len(KEY) + len(SUMS))) + ")"
    values = ", ".join([placeholders] * len(rows))
    adds = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in SUMS)
    params = [value for key, sums in rows for value in (*key, *sums)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} "
            f"ON CONFLICT ({', '.join(qn(c) for c in KEY)}) DO UPDATE SET {adds}",
            params,
        )


def count_saved(sender, instance: SurveyResponse, created: bool, raw: bool = False, **kwargs):
    """post_save of SurveyResponse: a new answer is counted; answers are never edited."""
    if created and not raw:
        add(instance)


def rebuild(*, answer_model=SurveyResponse, figure_model=SurveyFigure) -> int:
    """Count every answer afresh into an emptied table; the rows written. The models are
    parameters so the migration that adds the table can run it on its historical models."""
    figure_model.objects.all().delete()
    answers = answer_model.objects.order_by().values_list(*ROW).iterator(chunk_size=5000)
    found = expand(answers)
    figure_model.objects.bulk_create(
        (
            figure_model(**dict(zip((*KEY, *SUMS), (*key, *sums), strict=True)))
            for key, sums in found.items()
        ),
        batch_size=5000,
    )
    return len(found)
