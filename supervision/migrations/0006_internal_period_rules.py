"""Period rules for the procuratorate's own deadlines (本院办理期限) on an instrument.

``review_request`` (deciding a request for review, 7 days, 刑事诉讼规则 art. 554) is seeded by
0002. No statute sets a period for deciding an extension request, evaluating a reply or
verifying rectification, so these three are internal defaults marked ``verified=False``: the
explanation says so, and the system administrator corrects them when the procuratorate's own
rules (or the province's) fix a figure. Frozen here; no application code is imported.
"""

from django.db import migrations

# code, name, amount, unit, clock_start, legal_basis
RULES = [
    ("extension_decision", "延期申请的决定", 7, "days", "receipt",
     "无明文规定；本院内部期限，参照复查决定期限（刑事诉讼规则第五百五十四条）暂定七日"),
    ("reply_evaluation", "回复的审查评估", 1, "months", "receipt",
     "无明文规定；本院内部期限，暂定收到回复后一个月内审查评估（跟踪问效）"),
    ("rectification_verification", "整改情况的跟踪核查", 3, "months", "receipt",
     "无明文规定；本院内部期限，暂定三个月内跟踪核查整改情况（“回头看”）"),
]


def create_rules(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    for code, name, amount, unit, clock_start, basis in RULES:
        PeriodRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "amount": amount, "unit": unit, "clock_start": clock_start,
                      "shift_holidays": True, "legal_basis": basis, "verified": False},
        )


def delete_rules(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    PeriodRule.objects.filter(code__in=[rule[0] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_notifications_email_feeds_selfcheck")]

    operations = [migrations.RunPython(create_rules, delete_rules)]
