"""Initialise the maintained fact ``Procuratorate.has_follow_up_requests`` from the 跟进监督
requests made so far. From here on ``recommendations.services.followup`` keeps it, and the
self-check ``follow_up_fact_out_of_step`` compares it with the rows."""

from django.db import migrations


def initialise(apps, schema_editor) -> None:
    asked = apps.get_model("recommendations", "FollowUp").objects.filter(
        kind="higher_procuratorate").values("higher_procuratorate_id")
    apps.get_model("supervision", "Procuratorate").objects.filter(pk__in=asked).update(
        has_follow_up_requests=True)


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0008_deadline_event_transfer'),
        ('supervision', '0007_visibility_facts'),
    ]

    operations = [
        migrations.RunPython(initialise, migrations.RunPython.noop, elidable=True),
    ]
