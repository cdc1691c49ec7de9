"""Initialise the maintained fact ``User.has_shared_cases`` from the django-guardian rows that
share a case (``cases.view_shared_case``, granted to the user or to one of their groups). From
here on ``cases.services.sharing`` keeps it, and the self-check ``shared_case_fact_out_of_step``
compares it with the rows."""

from django.db import migrations
from django.db.models import Q

SHARED = {"permission__codename": "view_shared_case",
          "permission__content_type__app_label": "cases"}


def initialise(apps, schema_editor) -> None:
    user_perms = apps.get_model("guardian", "UserObjectPermission").objects.filter(**SHARED)
    group_perms = apps.get_model("guardian", "GroupObjectPermission").objects.filter(**SHARED)
    users = apps.get_model("supervision", "User").objects
    holders = users.filter(Q(pk__in=user_perms.values("user_id"))
                           | Q(groups__in=group_perms.values("group_id"))).values("pk")
    users.filter(pk__in=holders).update(has_shared_cases=True)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_clue_transfer_provisional'),
        ('guardian', '0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more'),
        ('supervision', '0007_visibility_facts'),
    ]

    operations = [
        migrations.RunPython(initialise, migrations.RunPython.noop, elidable=True),
    ]
