"""Figures per service: every tally row gets the service it counts (0: every service).

The rows already counted are recomputed from the control card, each file under its own
service and time limit (what `manage.py rebuild_clocks` does).
"""

from django.db import migrations, models


def recount(apps, schema_editor):
    from office.calendar import WorkingCalendar
    from tracking.clocks import rebuild

    Application = apps.get_model("permits", "Application")
    OfficeCalendarDay = apps.get_model("office", "OfficeCalendarDay")
    rebuild(
        calendar=WorkingCalendar(OfficeCalendarDay.objects.values_list("date", "name", "kind")),
        service_days=dict(Application.objects.values_list("pk", "standard__service_days")),
        services=dict(Application.objects.values_list("pk", "standard__service_id")),
        entry_model=apps.get_model("tracking", "ControlCardEntry"),
        application_model=Application,
        clock_model=apps.get_model("tracking", "FileClock"),
        tally_model=apps.get_model("tracking", "Tally"),
    )


def keep_the_office_rows(apps, schema_editor):
    """Going back: the rows of single services would collide without their column."""
    apps.get_model("tracking", "Tally").objects.exclude(service_id=0).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0009_declared_file_downloads"),
        ("permits", "0014_certificate_page_off_by_default"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="tally",
            name="tracking_tally_key",
        ),
        migrations.RemoveIndex(
            model_name="tally",
            name="tracking_tally_read",
        ),
        migrations.AddField(
            model_name="tally",
            name="service_id",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="tally",
            index=models.Index(
                fields=[
                    "service_id",
                    "officer_id",
                    "metric",
                    "scale",
                    "period_start",
                    "step",
                    "bucket",
                    "events",
                ],
                name="tracking_tally_read",
            ),
        ),
        migrations.AddConstraint(
            model_name="tally",
            constraint=models.UniqueConstraint(
                fields=(
                    "service_id",
                    "officer_id",
                    "metric",
                    "scale",
                    "period_start",
                    "step",
                    "bucket",
                ),
                name="tracking_tally_key",
            ),
        ),
        migrations.RunPython(recount, keep_the_office_rows),
    ]
