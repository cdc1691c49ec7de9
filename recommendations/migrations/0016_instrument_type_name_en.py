"""English names beside the Chinese ones of the instrument types (issue 14), shown in the
English interface; the document, its number and the service receipt keep the Chinese name.

Frozen here and matched to the rows 0003 seeded, by code; a row is filled only while its English
name is blank and its Chinese name is still the seeded one, so an administrator's own English is
never overwritten. Seventeen small updates.
"""

from __future__ import annotations

from django.db import migrations, models

# code -> (seeded Chinese name, English)
TYPES: dict[str, tuple[str, str]] = {
    "recommendation": ("检察建议", "Procuratorial recommendation"),
    "retrial_recommendation": ("再审检察建议", "Procuratorial recommendation for retrial"),
    "correction_recommendation": ("纠正违法检察建议",
                                  "Procuratorial recommendation for correction of violations"),
    "pil_pre_litigation": ("公益诉讼诉前检察建议",
                           "Pre-litigation procuratorial recommendation (public interest litigation)"),
    "social_governance_recommendation": ("社会治理检察建议",
                                         "Procuratorial recommendation on social governance"),
    "correction_notice": ("纠正违法通知书", "Notice of correction of violations"),
    "correction_opinion": ("书面纠正意见", "Written correction opinion"),
    "protest": ("抗诉书", "Protest"),
    "procuratorial_opinion": ("检察意见", "Procuratorial opinion"),
    "explain_non_filing": ("要求说明不立案理由通知书",
                           "Notice requiring an explanation for not filing a case"),
    "notice_to_file": ("通知立案书", "Notice to file a case"),
    "clue_transfer": ("移送线索函", "Letter transferring case leads"),
    "custody_review": ("羁押必要性审查建议书",
                       "Recommendation after review of the necessity of detention"),
    "execution_recommendation": ("执行监督检察建议",
                                 "Procuratorial recommendation on enforcement supervision"),
    "trial_conduct_recommendation": ("审判人员违法行为检察建议",
                                     ("Procuratorial recommendation on unlawful conduct of judicial "
                                     "personnel")),
    "commutation_correction": ("减刑、假释裁定纠正意见",
                               "Correction opinion on a commutation or parole ruling"),
    "compulsory_medical_correction": ("强制医疗决定纠正意见",
                                      ("Correction opinion on a compulsory medical treatment "
                                      "decision")),
}


def fill_names_en(apps, schema_editor) -> None:
    """Write the English name of every seeded type still without one."""
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    for code, (name, english) in TYPES.items():
        InstrumentType.objects.filter(code=code, name=name, name_en="").update(name_en=english)


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0015_vacuum_after_rewrite"),
        ("supervision", "0009_reference_names_en"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrumenttype",
            name="name_en",
            field=models.CharField(blank=True, help_text="英文界面显示的名称；留空则显示中文名称。正式文书始终使用中文名称。", max_length=160, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill_names_en, migrations.RunPython.noop, elidable=False),
    ]
