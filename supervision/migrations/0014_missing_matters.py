"""The matters the taxonomy still lacked (issue 18), each with the seed section it comes from, like
the others of 0004 (the citation is for administrators; users see the matter's name).

seed 000 §2: "依法监督纠正……超期羁押、久押不决、体罚虐待被监管人……" and "依法开展重大案件侦查终结
前讯问合法性核查"; seed 002 §6: "坚决防止和纠正以刑事手段插手民事纠纷、经济纠纷" and "纠正阻碍律师
依法行使诉讼权利的行为"; seed 002 §8: "加强对刑罚交付执行、强制医疗执行的监督"; seed 004 §3:
"强化对虚假诉讼、恶意诉讼、虚假仲裁公证等行为的监督".

Added only where missing (an administrator may have added one already), after the existing
matters of the same parent; removed again on reverse only while no case uses it.
"""

from __future__ import annotations

from django.db import migrations, transaction
from django.db.models import Max, ProtectedError

# (kind code, parent name or None, name, English name, source)
MATTERS = [
    ("criminal", "立案监督", "以刑事手段插手民事纠纷",
     "Criminal measures used to meddle in civil or economic disputes", "seed 002 §6"),
    ("criminal", "侦查活动监督", "讯问合法性核查",
     "Verification of the legality of interrogation before a major case's investigation ends",
     "seed 000 §2"),
    ("criminal", None, "阻碍律师依法执业",
     "Obstruction of lawyers' exercise of their procedural rights", "seed 002 §6"),
    ("criminal", "刑事执行监督", "久押不决", "Prolonged detention without judgment", "seed 000 §2"),
    ("criminal", "刑事执行监督", "体罚虐待被监管人",
     "Corporal punishment or abuse of persons in custody", "seed 000 §2"),
    ("criminal", "刑事执行监督", "刑罚交付执行", "Delivery of sentences for execution",
     "seed 002 §8；seed 003 §4"),
    ("civil", None, "恶意诉讼", "Malicious litigation", "seed 004 §3"),
]


def add_matters(apps, schema_editor) -> None:
    SupervisionKind = apps.get_model("supervision", "SupervisionKind")
    Matter = apps.get_model("supervision", "Matter")
    for kind_code, parent_name, name, name_en, source in MATTERS:
        kind = SupervisionKind.objects.filter(code=kind_code).first()
        if kind is None:
            continue
        parent = None
        if parent_name is not None:
            parent = Matter.objects.filter(kind=kind, parent=None, name=parent_name).first()
            if parent is None:
                continue
        siblings = Matter.objects.filter(kind=kind, parent=parent)
        if siblings.filter(name=name).exists():
            continue
        # After its siblings (the same order as the last one sorts it after by pk); the kind's
        # running order is renumbered below.
        order = siblings.aggregate(m=Max("order"))["m"] or (parent.order if parent else 0)
        Matter.objects.create(kind=kind, parent=parent, name=name, name_en=name_en, source=source,
                              order=order)
    for kind in SupervisionKind.objects.all():
        _renumber(Matter, kind)


def _renumber(Matter, kind) -> None:
    """One running order per kind in tree (pre-order) sequence, as 0004 set it: each parent
    directly followed by its children, so the model's ordering (kind, order, pk) lists the
    tree."""
    position = 0
    for top in Matter.objects.filter(kind=kind, parent=None).order_by("order", "pk"):
        position += 1
        Matter.objects.filter(pk=top.pk).update(order=position)
        for child in Matter.objects.filter(parent=top).order_by("order", "pk"):
            position += 1
            Matter.objects.filter(pk=child.pk).update(order=position)


def remove_matters(apps, schema_editor) -> None:
    Matter = apps.get_model("supervision", "Matter")
    for kind_code, parent_name, name, _en, _source in MATTERS:
        parent = {"parent__name": parent_name} if parent_name else {"parent": None}
        for matter in Matter.objects.filter(kind__code=kind_code, name=name, **parent):
            try:
                with transaction.atomic():
                    matter.delete()
            except ProtectedError:  # a case uses it: keep it
                pass


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0013_api_tokens"),
    ]
    operations = [migrations.RunPython(add_matters, remove_matters)]
