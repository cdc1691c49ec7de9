"""Approval levels and preservation suggestions as data (issue 18); administrators may
correct both in the admin.

Approval levels: 抗诉书 and 再审检察建议 are decided by the procuratorial committee (检察委员会)
— 《人民检察院民事诉讼监督规则》(2021) on 再审检察建议 and 抗诉, and 《人民检察院检察委员会工作
规则》 on the matters the committee decides; the article numbers were not verified against the
texts (docs/approval.md). Every other type keeps today's rule: the department head or the chief.

Preservation suggestions (财产保全建议, 证据保全建议) to a court (seed 004 §7: 对提出的符合法定
条件的财产保全、证据保全等建议，应当依法及时采取保全措施): subtypes of 检察建议 that must state
why the matter is urgent, on the rule ``preservation_urgent``: 民事诉讼法 第一百零三条、第一百零四条
— in an urgent case the court rules within 48 hours. The engine counts days, so the period is
two days from the day after receipt, and it is not moved past a holiday (courts rule on urgent
preservation on rest days too); the article numbers and that the 48 hours govern a
procuratorial suggestion are unverified (``verified=False``).

Frozen here as data; ``tests/reference_data.py`` runs ``forwards`` again after a flush.
"""

from __future__ import annotations

from django.db import migrations

COMMITTEE_TYPES = ["protest", "retrial_recommendation"]

RULE = {
    "code": "preservation_urgent",
    "name": "财产保全、证据保全建议（情况紧急）",
    "name_en": "Property or evidence preservation suggestion (urgent)",
    "amount": 2, "unit": "days", "clock_start": "service", "shift_holidays": False,
    "legal_basis": ("《中华人民共和国民事诉讼法》第一百零三条、第一百零四条"
                    "（情况紧急的，人民法院必须在四十八小时内作出裁定）"),
    "verified": False,
}

ALL = ["case_source", "facts", "problems", "legal_basis", "body"]

# code, name, English, number code, order
PRESERVATION_TYPES = [
    ("property_preservation_recommendation", "财产保全建议", "Property preservation suggestion",
     "财保建", 300),
    ("evidence_preservation_recommendation", "证据保全建议", "Evidence preservation suggestion",
     "证保建", 310),
]


def forwards(apps, schema_editor) -> None:
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    rule, _ = PeriodRule.objects.get_or_create(
        code=RULE["code"], defaults={k: v for k, v in RULE.items() if k != "code"})
    parent = InstrumentType.objects.filter(code="recommendation").first()
    for code, name, english, number_code, order in PRESERVATION_TYPES:
        InstrumentType.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": english, "number_code": number_code, "period_rule": rule,
            "requires_reply": True, "order": order, "parent": parent, "sections": ALL,
            "addressee_types": ["court"], "requires_urgency_reason": True})
    (InstrumentType.objects.filter(code__in=COMMITTEE_TYPES, approval_level="department")
     .update(approval_level="committee"))
    (InstrumentType.objects.filter(code__endswith="_protest", approval_level="department")
     .update(approval_level="committee"))
    # Drafts submitted before levels existed wait at the first level.
    Recommendation.objects.filter(status="pending_approval", approval_stage="").update(
        approval_stage="department")


def backwards(apps, schema_editor) -> None:
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    # Instruments PROTECT their type: unapplying fails once real instruments exist.
    InstrumentType.objects.filter(code__in=[row[0] for row in PRESERVATION_TYPES]).delete()
    apps.get_model("supervision", "PeriodRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0022_approval_levels"),
        ("supervision", "0009_reference_names_en"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
