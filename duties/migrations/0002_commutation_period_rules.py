"""The periods of the procuratorate's opinion on a commutation, parole or temporary-service
proposal (issue 19): ten days from receipt of the proposal's copy.

* ``commutation_opinion`` — 减刑、假释: 《人民检察院刑事诉讼规则》第六百三十五条 ("应当在十日以内
  报经检察长批准，向审理减刑、假释案件的人民法院提出书面检察意见……案情复杂或者情况特殊的，可以
  延长十日"); the wording as the issue quotes it and as published copies of the Rules give it.
* ``commutation_outside_opinion`` — 暂予监外执行: 《人民检察院刑事诉讼规则》第六百三十条 (ten days,
  to the deciding or approving organ). Only a secondary text of the article was at hand, so it
  is stored ``verified=False`` ("期限依据待核实" beside the date, for the staff only).

Frozen here; no application code is imported. ``tests/reference_data.py`` reloads them after a
transactional test's flush.
"""

from django.db import migrations

RULES_OF_PROCEDURE = "《人民检察院刑事诉讼规则》"

# code, name, name_en, amount, unit, clock_start, legal_basis, verified
RULES = [
    ("commutation_opinion", "减刑、假释建议的检察意见",
     "Procuratorate's opinion on a commutation or parole proposal", 10, "days", "receipt",
     RULES_OF_PROCEDURE + "第六百三十五条；案情复杂或者情况特殊的，可以延长十日", True),
    ("commutation_outside_opinion", "暂予监外执行的检察意见",
     "Procuratorate's opinion on temporary service of sentence outside prison", 10, "days",
     "receipt", RULES_OF_PROCEDURE + "第六百三十条", False),
]


def create_rules(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    for code, name, name_en, amount, unit, clock_start, basis, verified in RULES:
        PeriodRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "amount": amount, "unit": unit,
                      "clock_start": clock_start, "shift_holidays": True,
                      "legal_basis": basis, "verified": verified},
        )


def delete_rules(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    PeriodRule.objects.filter(code__in=[rule[0] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_commutation"), ("supervision", "0013_api_tokens")]

    operations = [migrations.RunPython(create_rules, delete_rules)]
