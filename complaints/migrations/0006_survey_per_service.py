"""Survey answers carry the service of the answered file.

Every answer given before the catalog was about the one service there was, the IUPI.
"""

import django.db.models.deletion
from django.db import migrations, models


def answers_before_the_catalog_were_iupi(apps, schema_editor):
    Service = apps.get_model("permits", "Service")
    SurveyResponse = apps.get_model("complaints", "SurveyResponse")
    iupi = Service.objects.filter(code="iupi").first()
    if iupi is not None:
        SurveyResponse.objects.filter(service__isnull=True).update(service=iupi)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_complaint_names_a_service"),
        ("permits", "0014_certificate_page_off_by_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyresponse",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_responses",
                to="permits.service",
                verbose_name="layanan",
            ),
        ),
        migrations.AddIndex(
            model_name="surveyresponse",
            index=models.Index(
                fields=[
                    "service",
                    "submitted_at",
                    "u1",
                    "u2",
                    "u3",
                    "u4",
                    "u5",
                    "u6",
                    "u7",
                    "u8",
                    "u9",
                ],
                name="complaints_survey_service",
            ),
        ),
        migrations.RunPython(answers_before_the_catalog_were_iupi, migrations.RunPython.noop),
    ]
