"""Seed the reply-period rules of DEADLINES.md ("The rules, by code").

Each rule is data an administrator can correct; the two rules whose basis has not been checked
against the statute text are stored with ``verified=False``.
"""

from django.db import migrations

DINGHAI = "舟山市定海区人大常委会决定第三条"

# code, name, amount, unit, clock_start, legal_basis, verified
RULES = [
    ("default", "无法定期限的书面答复", 2, "months", "service", DINGHAI, True),
    ("recommendation", "检察建议（一般）", 2, "months", "service",
     "人民检察院检察建议工作规定（2019）第十九条；回复及异议期限由文书载明（第十六条）", True),
    ("pil_pre_litigation", "行政公益诉讼诉前检察建议", 2, "months", "service",
     "检察公益诉讼司法解释（2020）第二十一条", True),
    ("pil_pre_litigation_urgent", "行政公益诉讼诉前检察建议（紧急）", 15, "days", "service",
     "检察公益诉讼司法解释（2020）第二十一条（损害继续扩大等紧急情形）", True),
    ("pil_announcement", "民事公益诉讼公告", 30, "days", "publication",
     "检察公益诉讼司法解释（2020）第十三条", True),
    ("correction_notice", "纠正违法通知书/纠正意见", 2, "months", "service",
     "人民检察院刑事诉讼规则（2019）第五百五十三条（督促，逾期不回复的报告上级）；"
     "期限以通知书载明为准，未载明的适用" + DINGHAI, True),
    ("procuratorial_opinion", "检察意见（行刑衔接）", 2, "months", "service",
     "法律仅规定“及时”；期限以检察意见载明为准，未载明的适用" + DINGHAI, True),
    ("explain_non_filing", "要求说明不立案理由通知书", 7, "days", "service",
     "人民检察院刑事诉讼规则（2019）第五百六十条；公安机关办理刑事案件程序规定第一百八十二条", True),
    ("notice_to_file", "通知立案书", 15, "days", "service",
     "人民检察院刑事诉讼规则（2019）第五百六十三条；公安机关办理刑事案件程序规定第一百八十二条", True),
    ("custody_review", "羁押必要性审查建议", 10, "days", "service",
     "刑事诉讼法第九十五条；人民检察院刑事诉讼规则（2019）第五百八十一条", True),
    ("commutation_correction", "减刑、假释纠正意见", 1, "months", "service",
     "刑事诉讼法第二百七十四条", True),
    ("compulsory_medical_correction", "强制医疗纠正意见", 1, "months", "service",
     "刑诉法解释第六百四十八条", True),
    ("civil_protest", "民事抗诉书", 30, "days", "service",
     "民事诉讼法（2023）第二百二十二条", True),
    ("retrial_recommendation", "再审检察建议", 3, "months", "service",
     "民诉法解释第四百一十七条；行诉法解释第一百二十六条", True),
    ("execution_recommendation", "民事执行活动检察建议", 3, "months", "service",
     "民事执行活动法律监督规定（2016）（未核实）；经法院院长批准可延长一个月", False),
    ("trial_conduct_recommendation", "审判人员违法行为检察建议", 1, "months", "service",
     "依据未核实（暂按一个月）", False),
    ("review_request", "复查申请的决定", 7, "days", "receipt",
     "人民检察院刑事诉讼规则（2019）第五百五十四条", True),
]


def create_rules(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    for code, name, amount, unit, clock_start, basis, verified in RULES:
        PeriodRule.objects.update_or_create(
            code=code,
            defaults={"name": name, "amount": amount, "unit": unit, "clock_start": clock_start,
                      "shift_holidays": True, "legal_basis": basis, "verified": verified},
        )


def delete_rules(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    PeriodRule.objects.filter(code__in=[rule[0] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(create_rules, delete_rules)]
