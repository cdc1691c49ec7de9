"""Every existing liaison gets a membership for the agency they already belong to."""

from django.db import migrations


def create_memberships(apps, schema_editor) -> None:
    User = apps.get_model("supervision", "User")
    Membership = apps.get_model("agencies", "LiaisonMembership")
    Membership.objects.bulk_create(
        [Membership(user_id=pk, agency_id=agency_id, is_active=active)
         for pk, agency_id, active in User.objects.filter(role="liaison", agency__isnull=False)
         .values_list("pk", "agency_id", "is_active")],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_agency_details_memberships"),
        ("supervision", "0006_internal_period_rules"),
    ]
    operations = [migrations.RunPython(create_memberships, migrations.RunPython.noop)]
