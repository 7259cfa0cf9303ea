"""Default step allowances, and clocks and figures for the files recorded before them.

The allowances of steps 3-7 add up to the service standard's 3 working days (72 hours
on working days); see docs/adr/0005-working-days-and-figures.md.
"""

from django.db import migrations

DEFAULT_ALLOWANCES = {3: 36, 4: 6, 5: 12, 6: 12, 7: 6}


def seed_allowances(apps, schema_editor):
    StepAllowance = apps.get_model("tracking", "StepAllowance")
    for step, hours in DEFAULT_ALLOWANCES.items():
        StepAllowance.objects.get_or_create(step=step, defaults={"hours": hours})


def backfill(apps, schema_editor):
    from office.calendar import WorkingCalendar
    from tracking.clocks import rebuild

    ServiceStandard = apps.get_model("permits", "ServiceStandard")
    OfficeCalendarDay = apps.get_model("tracking", "OfficeCalendarDay")
    standard = ServiceStandard.objects.filter(code="iupi").first()
    rebuild(
        calendar=WorkingCalendar(OfficeCalendarDay.objects.values_list("date", "name", "kind")),
        service_days=standard.service_days if standard else 3,
        entry_model=apps.get_model("tracking", "ControlCardEntry"),
        application_model=apps.get_model("permits", "Application"),
        clock_model=apps.get_model("tracking", "FileClock"),
        tally_model=apps.get_model("tracking", "Tally"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0002_clocks_calendar_figures"),
        ("permits", "0002_seed_standard"),
    ]

    operations = [
        migrations.RunPython(seed_allowances, migrations.RunPython.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
