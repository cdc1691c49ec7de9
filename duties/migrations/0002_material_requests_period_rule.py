"""The period of a material request (调查核实): no law or judicial interpretation sets how long a
unit has to provide the material or answers the procuratorate asks for; 《中共中央关于加强新时代
检察机关法律监督工作的意见》第十三条 says only that "有关单位和个人应当协助配合". The request states its period (the procurator sets it);
this rule gives the default offered (15 days) and the basis every explanation reads. Stored
``verified=False``: the procuratorate's staff see "期限依据待核实" beside such due dates,
agencies never."""

from django.db import migrations

CODE = "material_request"
BASIS = ("法律未规定协助配合调查核实的期限，以调取材料通知载明的期限为准"
         "（《中共中央关于加强新时代检察机关法律监督工作的意见》第十三条：有关单位和个人应当协助配合）")


def create_rule(apps, schema_editor):
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    PeriodRule.objects.update_or_create(code=CODE, defaults={
        "name": "调取材料答复期限", "name_en": "Answer to a request for material (investigation)",
        "amount": 15, "unit": "days", "clock_start": "service", "shift_holidays": True,
        "legal_basis": BASIS, "verified": False})


def delete_rule(apps, schema_editor):
    apps.get_model("supervision", "PeriodRule").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0001_material_requests"),
        ("supervision", "0013_api_tokens"),
    ]

    operations = [migrations.RunPython(create_rule, delete_rule)]
