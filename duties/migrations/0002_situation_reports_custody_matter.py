"""A matter for cases opened from major-situation reports: 刑事执行监督 · 监管活动违法.

The taxonomy (supervision 0004) names 在押人员非正常死亡 under 刑事执行监督, but nothing a case
about an escape, or a mass incident or accident in a custody place, belongs to. Seed 000 §2
("加强刑罚执行和监管活动监督 … 体罚虐待被监管人") and seed 004 §2 ("监管执法活动的监督 … 体罚虐待")
name the supervision of custody management itself; this is that matter. ``SOURCE`` is the
matter's citation for administrators in the taxonomy's own notation (``Matter.source``, as
supervision 0004 and 0014 write it; ``supervision/tests/test_taxonomy.py`` checks its form):
users see the matter's name, never it. Data, as the rest of the
taxonomy: administrators may rename it afterwards (the open-case form then suggests nothing).
"""

from __future__ import annotations

from django.db import migrations

PARENT = ("criminal", "刑事执行监督")
NAME = "监管活动违法"
NAME_EN = "Unlawful custody management"
SOURCE = "seed 000 §2；seed 004 §2；seed 004 §7"


def create_matter(apps, schema_editor) -> None:
    Matter = apps.get_model("supervision", "Matter")
    parent = Matter.objects.filter(kind__code=PARENT[0], name=PARENT[1], parent=None).first()
    if parent is None:  # a taxonomy without the parent: nothing to add it under
        return
    last = (Matter.objects.filter(parent=parent).order_by("-order").values_list("order", flat=True)
            .first()) or parent.order
    # The last sibling's order: the model's ordering (kind, order, pk) lists it right after
    # that sibling (a later pk) and before the next top-level matter (the kind's running
    # order, supervision 0004 and 0014, leaves no gap).
    Matter.objects.get_or_create(kind=parent.kind, parent=parent, name=NAME,
                                 defaults={"name_en": NAME_EN, "source": SOURCE,
                                           "order": last})


def remove_matter(apps, schema_editor) -> None:
    # Cases registered under it PROTECT it: unapplying fails, as it should, once they exist.
    apps.get_model("supervision", "Matter").objects.filter(
        kind__code=PARENT[0], parent__name=PARENT[1], name=NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("duties", "0001_situation_reports"),
        ("supervision", "0014_missing_matters"),
    ]

    operations = [
        migrations.RunPython(create_matter, remove_matter),
    ]
