"""Each instrument type's drafting sections, the agency types it may be addressed to, and the
kind a subtype belongs to (issue 6). Frozen here as data; administrators may correct it.

Sections follow 人民检察院检察建议工作规定 (2019) art. 13 (案件来源, 查明的事实, 存在的问题/违法
情形, 法律依据, 建议的具体内容; the reply period is its own field). Addressees: a 再审检察建议 or
抗诉书 goes to a court, 要求说明不立案理由 / 通知立案 to the police, corrections of custody and
execution to the organs that hold people, 检察意见 (行刑衔接) to administrative organs, a clue
transfer to a supervisory commission or any organ.
"""

from __future__ import annotations

from django.db import migrations

ALL = ["case_source", "facts", "problems", "legal_basis", "body"]
NOTICE = ["facts", "problems", "legal_basis", "body"]
CUSTODY = ["police", "court", "detention", "prison", "community_correction", "compulsory_medical"]

# code -> (sections, addressee types (empty: any), parent code)
TYPES: dict[str, tuple[list[str], list[str], str | None]] = {
    "recommendation": (ALL, [], None),
    "retrial_recommendation": (ALL, ["court"], "recommendation"),
    "correction_recommendation": (ALL, [], "recommendation"),
    "pil_pre_litigation": (ALL, ["administrative", "judicial_administration", "other"],
                           "recommendation"),
    "social_governance_recommendation": (ALL, [], "recommendation"),
    "execution_recommendation": (ALL, ["court"], "recommendation"),
    "trial_conduct_recommendation": (ALL, ["court"], "recommendation"),
    "custody_review": (NOTICE, ["police", "court"], "recommendation"),
    "correction_notice": (NOTICE, CUSTODY + ["administrative"], None),
    "correction_opinion": (NOTICE, CUSTODY + ["administrative"], None),
    "commutation_correction": (NOTICE, ["court"], None),
    "compulsory_medical_correction": (NOTICE, ["court"], None),
    "protest": (["facts", "legal_basis", "body"], ["court"], None),
    "procuratorial_opinion": (NOTICE, ["administrative", "judicial_administration", "other"], None),
    "explain_non_filing": (["facts", "legal_basis", "body"], ["police"], None),
    "notice_to_file": (["facts", "legal_basis", "body"], ["police"], None),
    "clue_transfer": (["facts", "body"], [], None),
}


def forwards(apps, schema_editor) -> None:
    InstrumentType = apps.get_model("recommendations", "InstrumentType")
    by_code = {t.code: t for t in InstrumentType.objects.all()}
    for code, (sections, addressees, parent) in TYPES.items():
        t = by_code.get(code)
        if t is None:
            continue
        t.sections, t.addressee_types = sections, addressees
        t.parent = by_code.get(parent) if parent else None
        t.save(update_fields=["sections", "addressee_types", "parent"])


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0005_instrument_lifecycle")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
