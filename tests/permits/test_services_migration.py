"""The migration to services and versions (permits 0011) keeps every file and number.

A database with a numbered IUPI file is taken back to the schema before services
(permits 0010): the standard gets its code and name again. Migrated forward, the file
points to IUPI's version 1 and its permit to the "iupi" series, so the counters go on.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from permits.models import Application, Permit, Service, ServiceStandard
from workflow.table import Status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_SERVICES = [("permits", "0010_handover_record")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_numbered_file_keeps_its_standard_and_series_across_the_migration(file_at):
    application = file_at(Status.NUMBERED)
    number = application.permit.number
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    old = migrate(BEFORE_SERVICES)
    standard = old.get_model("permits", "ServiceStandard").objects.get()
    assert (standard.code, standard.name) == ("iupi", "Izin Usaha Perluasan Industri")
    assert [f.name for f in old.get_model("permits", "Application")._meta.fields].count(
        "standard"
    ) == 0

    migrate(latest)

    service = Service.objects.get()
    version = ServiceStandard.objects.get()
    assert (service.code, service.name, version.version) == (
        "iupi",
        "Izin Usaha Perluasan Industri",
        1,
    )
    assert Application.objects.get(pk=application.pk).standard == version
    permit = Permit.objects.get(application_id=application.pk)
    assert (permit.series, permit.number) == ("iupi", number)
