"""The taxonomy of supervision: the four kinds (四大检察) and their matters (DOMAIN.md §2).

The data is frozen here, in the migration, so that it never depends on app code that may change
later; administrators correct or extend it in the admin afterwards. Every matter carries the seed
sections it comes from (``seed NNN §k``: for seed 002 ``§k`` is the numbered item k, for the
other seeds the section 一、二、…); each cited section contains the phrase or its close wording,
e.g. 不应当立案而立案 is 违法立案 in seed 000 §2 and seed 004 §2.

Public interest matters are the domains (领域) named in the seeds: the listed key domains first,
then the new domains the seeds tell procuratorates to explore (DOMAIN.md: "and others").
"""

from __future__ import annotations

from django.db import migrations

# Each kind's matters are (name, source, children); children are (name, source).
KINDS: list[dict] = [
    {
        "code": "criminal",
        "name": "刑事检察",
        "case_code": "刑监",
        "matters": [
            ("立案监督", "seed 000 §2；seed 002 §6；seed 004 §2", [
                ("有案不立", "seed 000 §2；seed 002 §6；seed 004 §2"),
                ("不应当立案而立案", "seed 000 §2；seed 002 §6；seed 003 §4；seed 004 §2"),
                ("以罚代刑", "seed 000 §2"),
                ("长期挂案", "seed 002 §6；seed 004 §2"),
            ]),
            ("侦查活动监督", "seed 000 §2；seed 002 §6；seed 004 §2", [
                ("刑讯逼供", "seed 000 §2；seed 002 §6"),
                ("非法取证", "seed 000 §2；seed 002 §6；seed 004 §2"),
                ("滥用强制措施", "seed 000 §2；seed 003 §4；seed 004 §2"),
                ("违法查封扣押冻结款物", "seed 000 §2；seed 004 §2"),
                ("立而不侦", "seed 000 §2"),
                ("久侦不结", "seed 000 §2；seed 003 §4"),
            ]),
            ("羁押必要性审查", "seed 000 §2", []),
            ("刑事审判监督", "seed 000 §2；seed 002 §6；seed 004 §2", [
                ("定罪量刑不当", "seed 000 §2；seed 002 §6；seed 003 §4；seed 004 §2"),
                ("审判程序违法", "seed 000 §2；seed 002 §6；seed 004 §2"),
                ("死刑复核", "seed 002 §6"),
            ]),
            ("刑事执行监督", "seed 000 §2；seed 002 §8；seed 004 §2", [
                ("违法减刑、假释、暂予监外执行", "seed 000 §2；seed 002 §8；seed 004 §2"),
                ("超期羁押", "seed 000 §2；seed 002 §8；seed 004 §2"),
                ("社区矫正脱管漏管", "seed 000 §2；seed 004 §2"),
                ("财产刑执行", "seed 000 §2；seed 002 §8"),
                ("强制医疗", "seed 000 §2；seed 002 §8"),
                ("在押人员非正常死亡", "seed 002 §8"),
            ]),
            ("司法工作人员职务犯罪线索", "seed 000 §2；seed 002 §7；seed 004 §2", []),
        ],
    },
    {
        "code": "civil",
        "name": "民事检察",
        "case_code": "民监",
        "matters": [
            ("生效裁判结果监督", "seed 000 §3；seed 004 §3", [
                ("抗诉", "seed 000 §3；seed 002 §9"),
                ("再审检察建议", "seed 000 §3"),
            ]),
            ("审判程序违法", "seed 000 §3；seed 004 §3", [
                ("应当立案而不立案", "seed 000 §3"),
                ("违法送达", "seed 000 §3"),
                ("违法采取保全措施", "seed 000 §3"),
                ("违法中止或者终结诉讼", "seed 000 §3"),
                ("违反法定审理期限", "seed 000 §3"),
            ]),
            ("执行监督", "seed 000 §3；seed 002 §9；seed 004 §3", [
                ("超标的执行", "seed 000 §3"),
                ("消极执行", "seed 000 §3；seed 003 §5；seed 004 §3"),
                ("选择性执行", "seed 000 §3；seed 003 §5"),
                ("违法处置被执行财产", "seed 000 §3"),
                ("滥用终结本次执行程序", "seed 000 §3"),
            ]),
            ("虚假诉讼", "seed 000 §3；seed 002 §9；seed 004 §3", []),
            ("虚假仲裁公证", "seed 004 §3", []),
        ],
    },
    {
        "code": "administrative",
        "name": "行政检察",
        "case_code": "行监",
        "matters": [
            ("行政生效裁判监督", "seed 000 §4；seed 004 §4", []),
            ("审判程序违法", "seed 000 §4；seed 004 §4", []),
            ("行政执行和非诉执行监督", "seed 000 §4；seed 003 §6；seed 004 §4", []),
            ("行政违法行为监督", "seed 000 §4；seed 002 §10；seed 004 §4", []),
            ("行政争议实质性化解", "seed 000 §4；seed 002 §10；seed 004 §4", []),
        ],
    },
    {
        "code": "public_interest",
        "name": "公益诉讼检察",
        "case_code": "公益",
        "matters": [
            ("生态环境和资源保护", "seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("食品药品安全", "seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("国有财产保护", "seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("国有土地使用权出让", "seed 002 §11；seed 004 §5", []),
            ("英烈权益保护", "seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("未成年人权益保护", "seed 001 §2；seed 002 §11；seed 004 §5", []),
            ("安全生产", "seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("个人信息保护", "seed 001 §2；seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("军人地位和权益保障", "seed 004 §5", []),
            ("文物和文化遗产保护", "seed 001 §2；seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("妇女、老年人、残疾人权益保护", "seed 002 §11；seed 003 §7；seed 004 §5", []),
            ("电信网络诈骗", "seed 003 §7", []),
            ("农产品质量安全", "seed 003 §7", []),
            ("无障碍环境建设", "seed 004 §5", []),
            ("公共卫生", "seed 002 §11；seed 003 §7", []),
            ("生物安全", "seed 003 §7", []),
            ("消费者权益保护", "seed 003 §7", []),
            ("网络治理", "seed 004 §5", []),
            ("金融证券", "seed 004 §5", []),
            ("知识产权", "seed 004 §5", []),
            ("反垄断和反不正当竞争", "seed 004 §5", []),
        ],
    },
]


def create_taxonomy(apps, schema_editor) -> None:
    SupervisionKind = apps.get_model("supervision", "SupervisionKind")
    Matter = apps.get_model("supervision", "Matter")
    for kind_order, spec in enumerate(KINDS, start=1):
        kind, _ = SupervisionKind.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "case_code": spec["case_code"],
                      "order": kind_order * 10},
        )
        # One running order per kind in tree (pre-order) sequence, so that the model's
        # ordering (kind, order) lists each parent directly followed by its children.
        position = 0
        for name, source, children in spec["matters"]:
            position += 10
            parent, _ = Matter.objects.update_or_create(
                kind=kind, parent=None, name=name,
                defaults={"source": source, "order": position},
            )
            for child_name, child_source in children:
                position += 10
                Matter.objects.update_or_create(
                    kind=kind, parent=parent, name=child_name,
                    defaults={"source": child_source, "order": position},
                )


def delete_taxonomy(apps, schema_editor) -> None:
    SupervisionKind = apps.get_model("supervision", "SupervisionKind")
    Matter = apps.get_model("supervision", "Matter")
    codes = [spec["code"] for spec in KINDS]
    # Children first: Matter.parent is PROTECT. Cases that use a matter also PROTECT it, so
    # unapplying fails (as it should) once real cases exist.
    Matter.objects.filter(kind__code__in=codes, parent__isnull=False).delete()
    Matter.objects.filter(kind__code__in=codes).delete()
    SupervisionKind.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0003_legal_calendar"),
    ]

    operations = [
        migrations.RunPython(create_taxonomy, delete_taxonomy),
    ]
