"""Each instrument, and each of the procuratorate's own deadlines on it, carries its case's
procuratorate (copied, never changed), so that lists and dashboards filter and order on their
own tables' indexes at provincial scale."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_procuratorate(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    InternalDeadline = apps.get_model("recommendations", "InternalDeadline")
    SupervisionCase = apps.get_model("cases", "SupervisionCase")
    Recommendation.objects.filter(procuratorate__isnull=True).update(
        procuratorate_id=Subquery(SupervisionCase.objects.filter(pk=OuterRef("case_id"))
                                  .values("procuratorate_id")[:1]))
    InternalDeadline.objects.filter(procuratorate__isnull=True).update(
        procuratorate_id=Subquery(Recommendation.objects.filter(pk=OuterRef("recommendation_id"))
                                  .values("procuratorate_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_initialise_shared_case_fact"),
        ("recommendations", "0009_initialise_follow_up_fact"),
        ("supervision", "0007_visibility_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="internaldeadline",
            name="procuratorate",
            field=models.ForeignKey(editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="supervision.procuratorate",
                                    verbose_name="承办检察院"),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="procuratorate",
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="supervision.procuratorate",
                                    verbose_name="承办检察院"),
        ),
        migrations.RunPython(copy_procuratorate, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="recommendation",
            name="procuratorate",
            field=models.ForeignKey(db_index=False, editable=False,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="supervision.procuratorate",
                                    verbose_name="承办检察院"),
        ),
        migrations.AlterField(
            model_name="internaldeadline",
            name="procuratorate",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="supervision.procuratorate",
                                    verbose_name="承办检察院"),
        ),
        migrations.AddIndex(
            model_name="internaldeadline",
            index=models.Index(condition=models.Q(("closed_at__isnull", True)),
                               fields=["procuratorate", "kind", "due_date"],
                               name="internal_open_scope_idx"),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["procuratorate", "id"], name="rec_procuratorate_pk_idx"),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(condition=models.Q(("status", "awaiting_reply")),
                               fields=["procuratorate", "due_date"],
                               name="rec_awaiting_scope_idx"),
        ),
    ]
