"""The instrument types (监督文书, DOMAIN.md §3) as data: number code and reply-period rule.

``number_code`` is the 代字 in the document number, e.g. 定检一建〔2026〕3号. ``rule`` is the code
of the ``supervision.PeriodRule`` that supplies the default reply period (DEADLINES.md); the
document itself may state a shorter period (e.g. an urgent pre-litigation recommendation uses
``pil_pre_litigation_urgent``), recorded on the instrument, not here.

The first twelve are the instruments DOMAIN.md §3 names. The last five exist because
DEADLINES.md gives their addressees a period of their own (10 days, 3 months, 1 month), which a
generic 检察建议 / 纠正意见 could not carry.

The data is frozen here so that this migration never depends on app code that may change.
"""

from __future__ import annotations

from django.db import migrations

# (code, name, number_code, period rule code, requires_reply)
INSTRUMENT_TYPES: list[tuple[str, str, str, str, bool]] = [
    # 人民检察院检察建议工作规定 (2019) art. 5 names the kinds of 检察建议 below; art. 19: two months.
    ("recommendation", "检察建议", "建", "recommendation", True),
    ("retrial_recommendation", "再审检察建议", "再建", "retrial_recommendation", True),
    ("correction_recommendation", "纠正违法检察建议", "纠建", "recommendation", True),
    ("pil_pre_litigation", "公益诉讼诉前检察建议", "行公建", "pil_pre_litigation", True),
    ("social_governance_recommendation", "社会治理检察建议", "社建", "recommendation", True),
    # 刑事诉讼规则 art. 553: the notice states its period; two months when the law is silent.
    ("correction_notice", "纠正违法通知书", "纠违", "correction_notice", True),
    ("correction_opinion", "书面纠正意见", "纠意", "correction_notice", True),
    # 民事诉讼法 (2023) art. 222: the court rules on retrial within 30 days of the protest.
    ("protest", "抗诉书", "抗", "civil_protest", True),
    # 行刑衔接 (seed 003 §9): the competent organ must report the result; law says only "及时".
    ("procuratorial_opinion", "检察意见", "意", "procuratorial_opinion", True),
    ("explain_non_filing", "要求说明不立案理由通知书", "要说", "explain_non_filing", True),
    ("notice_to_file", "通知立案书", "通立", "notice_to_file", True),
    # Clues sent to a supervisory commission or another organ (seed 002 §5, §13): the result
    # is tracked like a reply, on the two-month default (seed 001 §3).
    ("clue_transfer", "移送线索函", "移", "default", True),
    # Instruments whose addressee has a period of its own (DEADLINES.md).
    ("custody_review", "羁押必要性审查建议书", "羁建", "custody_review", True),
    ("execution_recommendation", "执行监督检察建议", "执建", "execution_recommendation", True),
    ("trial_conduct_recommendation", "审判人员违法行为检察建议", "审建", "trial_conduct_recommendation",
     True),
    ("commutation_correction", "减刑、假释裁定纠正意见", "纠减", "commutation_correction", True),
    ("compulsory_medical_correction", "强制医疗决定纠正意见", "纠医", "compulsory_medical_correction",
     True),
]


def create_instrument_types(apps, schema_editor) -> None:
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    rules = {rule.code: rule for rule in PeriodRule.objects.all()}
    missing = sorted({row[3] for row in INSTRUMENT_TYPES} - rules.keys())
    if missing:
        raise RuntimeError(f"period rules missing (supervision 0002_period_rules): {missing}")
    for position, (code, name, number_code, rule, requires_reply) in enumerate(
        INSTRUMENT_TYPES, start=1
    ):
        InstrumentType.objects.update_or_create(
            code=code,
            defaults={"name": name, "number_code": number_code, "period_rule": rules[rule],
                      "requires_reply": requires_reply, "order": position * 10},
        )


def delete_instrument_types(apps, schema_editor) -> None:
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    # Instruments PROTECT their type: unapplying fails once real instruments exist.
    InstrumentType.objects.filter(code__in=[row[0] for row in INSTRUMENT_TYPES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0002_initial"),
        ("supervision", "0002_period_rules"),
    ]

    operations = [
        migrations.RunPython(create_instrument_types, delete_instrument_types),
    ]
