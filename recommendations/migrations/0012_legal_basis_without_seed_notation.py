"""The legal basis users read names the decision and its article only. An earlier version of
supervision 0002 stored our own source notation after it ("（seed 001 §3）"); databases made
then carry it in the rule and in the explanation stored with every due date computed from it.
(Here, not in supervision: the stored explanations belong to the apps' deadline models.)"""

from django.db import migrations

OLD = "舟山市定海区人大常委会决定第三条（seed 001 §3）"
NEW = "舟山市定海区人大常委会决定第三条"
DEADLINE_MODELS = [("recommendations", "Recommendation"), ("recommendations", "InternalDeadline"),
                   ("cases", "ClueTransfer")]


def strip_notation(apps, schema_editor):
    apps.get_model("supervision", "PeriodRule").objects.filter(legal_basis=OLD).update(
        legal_basis=NEW)
    for app_label, name in DEADLINE_MODELS:
        model = apps.get_model(app_label, name)
        rows = list(model.objects.filter(due_explanation__legal_basis=OLD))
        for row in rows:
            row.due_explanation = {**row.due_explanation, "legal_basis": NEW}
        model.objects.bulk_update(rows, ["due_explanation"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_transfer_clock_changed"),
        ("recommendations", "0011_sweep_watermark"),
        ("supervision", "0008_notification_keyset_index"),
    ]

    operations = [migrations.RunPython(strip_notation, migrations.RunPython.noop)]
