"""Default step allowances (the clocks and figures of older files: migration 0010).

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
    # Superseded by 0010_tallies_per_service, which recomputes every clock and figure from
    # the control card with the models of that time (these ones lack the service column).
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0002_clocks_calendar_figures"),
        ("permits", "0002_seed_standard"),
    ]

    operations = [
        migrations.RunPython(seed_allowances, migrations.RunPython.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
