"""The checklist every review starts from (editable in the admin afterwards), and the period
rule of the handler's answer to a grade.

The items follow the headings reviews use under 《人民检察院案件质量评查工作规定》
(最高人民检察院): 事实认定、法律适用、程序规范、文书制作、监督效果. Key items (关键项) are the
ones whose failure makes a case 不合格 (``quality/grading.py``).

The feedback period: the rules let the handler object to the result of a review; how long they
have is set by each procuratorate's implementing rules and could not be read from an official
text here — 7 days is stored as a default with ``verified=False`` (the staff see
"期限依据待核实" beside it) for the administrator to correct."""

from django.db import migrations

RULE = {
    "code": "quality_feedback", "name": "评查结果反馈期限",
    "name_en": "Handler's answer to a quality review", "amount": 7, "unit": "days",
    "clock_start": "receipt", "shift_holidays": True, "verified": False,
    "legal_basis": "《人民检察院案件质量评查工作规定》（最高人民检察院）：承办检察官对评查结果有异议的，可以提出",
}

# (code, group, applies to, key, Chinese, English)
ITEMS = [
    ("facts_source", "facts", "case", False, "监督线索来源清楚，受理审查依据充分",
     "The clue's source is clear and its acceptance well founded"),
    ("facts_evidence", "facts", "both", True, "认定的违法事实清楚，证据确实、充分",
     "The wrongdoing found is clear and proven by sufficient, reliable evidence"),
    ("facts_investigation", "facts", "case", False, "依法开展调查核实，措施适当、记录完整",
     "Investigation was lawful, its measures appropriate and fully recorded"),
    ("law_basis", "law", "both", True, "适用法律、司法解释正确，引用条文准确",
     "Laws and judicial interpretations applied correctly, articles cited accurately"),
    ("law_means", "law", "both", False, "监督方式选择适当，定性准确",
     "The means of supervision was appropriate and the wrongdoing correctly characterised"),
    ("procedure_steps", "procedure", "case", True, "受理、审查、结案等程序符合规定，审批手续齐全",
     "Acceptance, review and closing followed the rules, with every approval on file"),
    ("procedure_periods", "procedure", "case", False, "在规定期限内办结，无超期办案",
     "Handled within the prescribed periods"),
    ("procedure_service", "procedure", "instrument", False, "文书依法送达，送达回证或签收记录完整",
     "Served lawfully, with the service receipt or acknowledgement on file"),
    ("procedure_follow_up", "procedure", "instrument", False, "及时评估回复，跟踪问效到位",
     "The reply was evaluated in time and its effect followed up"),
    ("procedure_records", "procedure", "case", False, "案件信息录入及时、准确、完整",
     "The case's data were entered promptly, accurately and completely"),
    ("document_form", "documents", "instrument", False, "文书格式规范，文号、主送单位、落款正确",
     "The document's format, number, addressee and signature block are correct"),
    ("document_reasoning", "documents", "instrument", True, "文书说理充分，建议事项具体、明确、可操作",
     "The document is well reasoned and its requests specific, clear and practicable"),
    ("document_wording", "documents", "both", False, "文字表述准确，无错别字和语病",
     "The wording is precise, without typing or grammatical errors"),
    ("document_file", "documents", "case", False, "案卷材料齐全，归档规范",
     "The file is complete and properly archived"),
    ("effect_corrected", "effect", "both", False, "监督意见被采纳，违法情形得到纠正",
     "The supervision opinion was adopted and the wrongdoing corrected"),
    ("effect_overall", "effect", "case", False, "注重释法说理和矛盾化解，政治效果、社会效果和法律效果统一",
     "Law explained and disputes resolved: political, social and legal effects in unity"),
]


def seed(apps, schema_editor):
    ChecklistItem = apps.get_model("quality", "ChecklistItem")
    for order, (code, group, applies_to, key, name, name_en) in enumerate(ITEMS, start=1):
        ChecklistItem.objects.update_or_create(code=code, defaults={
            "group": group, "applies_to": applies_to, "key": key, "name": name,
            "name_en": name_en, "order": order * 10, "active": True})
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    PeriodRule.objects.update_or_create(code=RULE["code"], defaults={
        k: v for k, v in RULE.items() if k != "code"})


def unseed(apps, schema_editor):
    apps.get_model("quality", "ChecklistItem").objects.filter(
        code__in=[i[0] for i in ITEMS], results__isnull=True).delete()
    apps.get_model("supervision", "PeriodRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0001_initial"),
        ("supervision", "0015_department_juvenile"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
