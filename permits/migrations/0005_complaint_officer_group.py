from django.db import migrations


def add_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="complaint_officer")


class Migration(migrations.Migration):
    dependencies = [("permits", "0004_intake_token")]

    operations = [migrations.RunPython(add_group, migrations.RunPython.noop)]
