"""The backup's row writer (permits/backup_rows.py) gives, for every model, exactly what
Django's own serializer gives, so that loaddata (restore) reads it the same: same values,
same natural keys for users and content types, same JSON text.

The database holds what the office makes: files at every stage with their control cards,
permits, letters and notices; a complaint; a survey answer; an API client; admin history.
"""

import json

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import Client
from complaints.models import SurveyResponse
from complaints.services import submit_complaint
from notices.models import Delivery
from office.roles import Role
from permits.backup import dumped_models
from permits.backup_rows import encode, rows_of
from permits.models import Letter, Permit
from tests.complaints.conftest import new_complaint
from tracking.models import ControlCardEntry
from workflow.table import Status

pytestmark = pytest.mark.django_db


def by_django(model) -> list[str]:
    rows = serializers.serialize(
        "python",
        model._base_manager.order_by(model._meta.pk.name),
        use_natural_foreign_keys=True,
    )
    return [encode(row) for row in rows]


def by_backup(model) -> list[str]:
    return [encode(row) for row, _ in rows_of(model, "default")]


@pytest.fixture
def office_data(file_at, staff):
    handed = file_at(Status.HANDED_OVER)
    file_at(Status.RETURNED)
    file_at(Status.INCOMPLETE)
    submit_complaint(data=new_complaint())
    SurveyResponse.objects.create(
        respondent_key="uji",
        gender="L",
        age_band="21-30",
        education="s1",
        occupation="swasta",
        service=handed.standard.service,
        **{f"u{i}": 4 for i in range(1, 10)},
    )
    Client.objects.create(name="Dasbor Bappeda", token_digest="0" * 64, scopes=["files"])
    LogEntry.objects.log_actions(
        user_id=staff[Role.SEKRETARIS].pk,
        queryset=[handed],
        action_flag=ADDITION,
        change_message="dibuat",
        single_object=True,
    )


def test_every_model_is_written_as_django_writes_it(office_data):
    written = {}
    for model in dumped_models():
        expected = by_django(model)
        assert by_backup(model) == expected, model._meta.label
        written[model._meta.label] = len(expected)
    # The comparison covered the office's records, not empty tables.
    for label in (
        "permits.Application",
        "permits.Permit",
        "permits.Letter",
        "tracking.ControlCardEntry",
        "notices.Delivery",
        "complaints.Complaint",
        "complaints.SurveyResponse",
        "api.Client",
        "admin.LogEntry",
        "auth.User",
        "auth.Group",
        "sequences.Sequence",
    ):
        assert written[label] > 0, label


def test_users_and_content_types_are_named_by_natural_key(office_data, staff):
    """As loaddata resolves them in a database where their ids may differ."""
    first = ControlCardEntry.objects.order_by("pk").first()
    (entry, _), *_ = rows_of(ControlCardEntry, "default")
    assert json.loads(encode(entry))["fields"]["actor"] == [first.actor.username]
    (log, _), *_ = rows_of(LogEntry, "default")
    assert json.loads(encode(log))["fields"]["content_type"] == ["permits", "application"]
    assert json.loads(encode(log))["fields"]["user"] == [staff[Role.SEKRETARIS].username]


def test_the_file_names_a_row_refers_to(office_data):
    names = {name for _, files in rows_of(Permit, "default") for name in files}
    assert names == {p.pdf.name for p in Permit.objects.all()}
    assert names  # the handed-over file's permit has its PDF
    letters = {name for _, files in rows_of(Letter, "default") for name in files}
    assert letters == {x.pdf.name for x in Letter.objects.exclude(pdf="")}


def test_reading_a_table_does_not_query_per_row(office_data, file_at):
    """One query per chunk and one per distinct user, however many entries the card has."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(rows_of(ControlCardEntry, "default"))
            list(rows_of(Delivery, "default"))
        return len(captured)

    before = queries()
    file_at(Status.HANDED_OVER)
    file_at(Status.HANDED_OVER)
    assert ControlCardEntry.objects.count() > 20
    assert queries() == before
    assert ContentType.objects.exists()
