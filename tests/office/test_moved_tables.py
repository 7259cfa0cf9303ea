"""The office's tables moved to the office app (ADR 0009) with every row.

The database is taken back to the schema as it was before the move (permits 0006,
tracking 0005, no office app), rows are written there with the models of that time, and
the migrations are applied again: the rows are read back through today's models.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from office.models import OfficeCalendarDay, OfficeProfile, RequestCount

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = [
    ("permits", "0006_permit_revoked_by"),
    ("tracking", "0005_request_count"),
    ("office", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_a_database_from_before_the_move_keeps_every_row():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE_THE_MOVE)
    assert not old.is_installed("office")
    window_ends = timezone.now() + timedelta(minutes=5)
    old.get_model("permits", "OfficeProfile").objects.all().delete()
    old.get_model("permits", "OfficeProfile").objects.create(
        name="Dinas Uji", short_name="DU", head_name="Ir. Kepala Uji", logo="office/logo.png"
    )
    old.get_model("tracking", "OfficeCalendarDay").objects.create(
        date=date(2026, 12, 24), name="Cuti kantor", kind="day_off"
    )
    old.get_model("tracking", "OfficeCalendarDay").objects.create(
        date=date(2026, 12, 26), name="Masuk kerja", kind="working_day"
    )
    old.get_model("tracking", "RequestCount").objects.create(
        key="track:127.0.0.1", count=3, window_ends=window_ends
    )

    migrate(latest)

    profile = OfficeProfile.objects.get()
    assert (profile.name, profile.short_name, profile.head_name, profile.logo.name) == (
        "Dinas Uji",
        "DU",
        "Ir. Kepala Uji",
        "office/logo.png",
    )
    assert list(OfficeCalendarDay.objects.values_list("date", "name", "kind")) == [
        (date(2026, 12, 24), "Cuti kantor", "day_off"),
        (date(2026, 12, 26), "Masuk kerja", "working_day"),
    ]
    count = RequestCount.objects.get(key="track:127.0.0.1")
    assert (count.count, count.window_ends) == (3, window_ends)
    # The tables kept their names: nothing was copied.
    tables = set(connection.introspection.table_names())
    assert {
        "permits_officeprofile",
        "tracking_officecalendarday",
        "tracking_requestcount",
    } <= tables
    moved = {"office_officeprofile", "office_officecalendarday", "office_requestcount"}
    assert not moved & tables
