"""The period rules and instrument types of public-interest litigation (issue 18), as data an
administrator can correct.

Period rules (``supervision.PeriodRule``), each from the service of the first-instance
decision on the procuratorate:

* civil: 15 days to appeal a judgment, 10 days a ruling (《中华人民共和国民事诉讼法》第一百七十一条);
* administrative: the same (《中华人民共和国行政诉讼法》第八十五条);
* criminal-incidental civil: 10 days a judgment, 5 days a ruling (《中华人民共和国刑事诉讼法》第二百三十
  条) — that the criminal periods govern the incidental public-interest claim is our reading,
  not checked against a text here: ``verified=False``.

The article numbers of the civil procedure law are those of its current version; they were not
checked against a text in /work/shared (DEADLINES.md lists no appeal period), so the civil and
administrative rules are stored ``verified=False`` too, shown to staff as "期限依据待核实".

Instrument types (``recommendations.InstrumentType``):

* ``pil_urge_suit`` 督促起诉意见书 → an organ that should sue (administrative, other): a written
  answer within the two-month default of the Dinghai decision (no law sets a period for it —
  DEADLINES.md rule ``default``);
* ``pil_support_suit`` 支持起诉意见书 → the court hearing the supported suit: no reply; the
  supported suit's result is recorded in this app (``SuitInstrumentOutcome``).
"""

from __future__ import annotations

from django.db import migrations

CIVIL = "《中华人民共和国民事诉讼法》第一百七十一条"
ADMINISTRATIVE = "《中华人民共和国行政诉讼法》第八十五条"
CRIMINAL = "《中华人民共和国刑事诉讼法》第二百三十条"

# code, name, name_en, amount, basis, verified
RULES = [
    ("pil_appeal_civil_judgment", "民事公益诉讼一审判决上诉期限",
     "Period to appeal a civil public interest judgment", 15, CIVIL, False),
    ("pil_appeal_civil_ruling", "民事公益诉讼一审裁定上诉期限",
     "Period to appeal a civil public interest ruling", 10, CIVIL, False),
    ("pil_appeal_admin_judgment", "行政公益诉讼一审判决上诉期限",
     "Period to appeal an administrative public interest judgment", 15, ADMINISTRATIVE, False),
    ("pil_appeal_admin_ruling", "行政公益诉讼一审裁定上诉期限",
     "Period to appeal an administrative public interest ruling", 10, ADMINISTRATIVE, False),
    ("pil_appeal_criminal_judgment", "刑事附带民事公益诉讼一审判决上诉期限",
     "Period to appeal a criminal-incidental public interest judgment", 10, CRIMINAL, False),
    ("pil_appeal_criminal_ruling", "刑事附带民事公益诉讼一审裁定上诉期限",
     "Period to appeal a criminal-incidental public interest ruling", 5, CRIMINAL, False),
]

# code, name, name_en, number_code, rule, requires_reply, addressee types, sections, order
TYPES = [
    ("pil_urge_suit", "督促起诉意见书", "Opinion urging an organ to sue", "督诉", "default", True,
     ["administrative", "judicial_administration", "other"],
     ["case_source", "facts", "problems", "legal_basis", "body"], 200),
    ("pil_support_suit", "支持起诉意见书", "Opinion supporting a public interest suit", "支诉",
     None, False, ["court"], ["facts", "legal_basis", "body"], 210),
]


def forwards(apps, schema_editor) -> None:
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    for code, name, name_en, amount, basis, verified in RULES:
        PeriodRule.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "amount": amount, "unit": "days",
            "clock_start": "service", "shift_holidays": True, "legal_basis": basis,
            "verified": verified})
    for (code, name, name_en, number_code, rule, requires_reply, addressees, sections,
         order) in TYPES:
        InstrumentType.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "number_code": number_code,
            "period_rule": PeriodRule.objects.get(code=rule) if rule else None,
            "requires_reply": requires_reply, "addressee_types": addressees,
            "sections": sections, "order": order, "parent": None})


def backwards(apps, schema_editor) -> None:
    # Instruments PROTECT their type: unapplying fails once real instruments exist.
    apps.get_model("recommendations", "InstrumentType").objects.filter(
        code__in=[t[0] for t in TYPES]).delete()
    apps.get_model("supervision", "PeriodRule").objects.filter(
        code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("litigation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
