"""OfficeCalendarDay, RequestCount now belong to the office app (ADR 0009): forgotten here, table kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0005_request_count"),
        ("office", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="OfficeCalendarDay"),
                migrations.DeleteModel(name="RequestCount"),
            ],
        ),
    ]
