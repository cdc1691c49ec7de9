"""The police unit's period to decide on a case an administrative organ transferred to it.

《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第八条: the police shall,
within three days of accepting the transferred case, decide whether to file it, and notify the
organ in writing (立案; or 不予立案 with the reason, returning the files). Counted like every
period (from the day after acceptance; an end on a rest day or holiday moves to the next
working day). The article's text was read only through secondary sources here, so the rule is
stored unverified (staff see "期限依据待核实"; an agency never does) until checked against the
official text; it is data an administrator can correct."""

from django.db import migrations

RULE = {
    "code": "transfer_police_decision",
    "name": "公安机关对行政执法机关移送案件的立案审查",
    "name_en": "Police decision on a case transferred by an administrative organ",
    "amount": 3,
    "unit": "days",
    "clock_start": "receipt",
    "shift_holidays": True,
    "legal_basis": "《行政执法机关移送涉嫌犯罪案件的规定》第八条",
    "verified": False,
}


def create_rule(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    fields = {k: v for k, v in RULE.items() if k != "code"}
    PeriodRule.objects.update_or_create(code=RULE["code"], defaults=fields)


def delete_rule(apps, schema_editor):
    apps.get_model("supervision", "PeriodRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0001_transfer_notices"),
        ("supervision", "0013_api_tokens"),
    ]

    operations = [migrations.RunPython(create_rule, delete_rule)]
