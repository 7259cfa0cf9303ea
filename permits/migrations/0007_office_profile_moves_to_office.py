"""OfficeProfile now belong to the office app (ADR 0009): forgotten here, table kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0006_permit_revoked_by"),
        ("office", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="OfficeProfile"),
            ],
        ),
    ]
