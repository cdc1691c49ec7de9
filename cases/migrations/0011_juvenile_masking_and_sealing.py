# The fields by hand (Django 5.2); the data step (RunPython) is ours.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from supervision.names import mask_names_in


def fill_masked_titles(apps, schema_editor):
    """Existing juvenile cases get their masked title, as ``cases.search`` writes it."""
    case_model = apps.get_model("cases", "SupervisionCase")
    for case in case_model.objects.filter(juvenile=True).prefetch_related("parties"):
        names = [p.name for p in case.parties.all() if p.kind == "person"]
        case.masked_title = mask_names_in(case.title, names)
        case.save(update_fields=["masked_title"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0010_early_involvement_returns"),
        ("supervision", "0015_department_juvenile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="supervisioncase",
            name="masked_title",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="supervisioncase",
            name="record_sealed",
            field=models.BooleanField(default=False, editable=False, verbose_name="犯罪记录已封存"),
        ),
        migrations.AddField(
            model_name="supervisioncase",
            name="sealed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="封存日期"),
        ),
        migrations.AddField(
            model_name="supervisioncase",
            name="sealed_by",
            field=models.ForeignKey(blank=True, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL,
                                    verbose_name="封存人"),
        ),
        migrations.AddField(
            model_name="supervisioncase",
            name="seal_reason",
            field=models.TextField(blank=True, editable=False, verbose_name="封存依据和理由"),
        ),
        migrations.AddConstraint(
            model_name="supervisioncase",
            constraint=models.CheckConstraint(
                condition=models.Q(("record_sealed", False),
                                   models.Q(("juvenile", True), ("sealed_by__isnull", False),
                                            ("sealed_on__isnull", False)),
                                   _connector="OR"),
                name="case_sealed_only_juvenile",
                violation_error_message="只有涉未成年人案件可以封存犯罪记录，且须有封存日期和封存人。",
            ),
        ),
        migrations.AddIndex(
            model_name="supervisioncase",
            index=models.Index(condition=models.Q(("juvenile", True)), fields=["procuratorate"],
                               name="case_juvenile_idx"),
        ),
        migrations.RunPython(fill_masked_titles, migrations.RunPython.noop),
    ]
