"""Legal bases as users read them: each law by its official title in 《》 and the article
(DEADLINES.md, "Explaining a due date"; issue 14), instead of the short names and notes we
seeded them with ("刑事诉讼规则（2019）", "（未核实）"). Whether a basis is checked stays in
``PeriodRule.verified``, shown to the procuratorate's staff only.

A rule is rewritten only while it still holds the text we seeded: one an administrator has
corrected is left alone. The explanation stored with each due date computed from a rewritten
rule is rewritten with it, so that deadlines already running read the same. (Here, not in
supervision: the stored explanations belong to the apps' deadline models, as in 0012.)"""

from django import db
from django.db import migrations

DINGHAI = ("《舟山市定海区人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定》"
           "第三部分")
RULES_OF_PROCEDURE = "《人民检察院刑事诉讼规则》"
PIL = "《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》"
POLICE = "《公安机关办理刑事案件程序规定》"

# code: (the text seeded by supervision 0002/0006 and recommendations 0012, the official one)
REWRITES = {
    "default": ("舟山市定海区人大常委会决定第三条", DINGHAI),
    "recommendation": (
        "人民检察院检察建议工作规定（2019）第十九条；回复及异议期限由文书载明（第十六条）",
        "《人民检察院检察建议工作规定》第十九条；回复期限由检察建议书载明（第十六条）"),
    "pil_pre_litigation": ("检察公益诉讼司法解释（2020）第二十一条", PIL + "第二十一条"),
    "pil_pre_litigation_urgent": (
        "检察公益诉讼司法解释（2020）第二十一条（损害继续扩大等紧急情形）",
        PIL + "第二十一条（损害继续扩大等紧急情形）"),
    "pil_announcement": ("检察公益诉讼司法解释（2020）第十三条", PIL + "第十三条"),
    "correction_notice": (
        "人民检察院刑事诉讼规则（2019）第五百五十三条（督促，逾期不回复的报告上级）；"
        "期限以通知书载明为准，未载明的适用舟山市定海区人大常委会决定第三条",
        RULES_OF_PROCEDURE + "第五百五十三条；通知书未载明期限的，适用" + DINGHAI),
    "procuratorial_opinion": (
        "法律仅规定“及时”；期限以检察意见载明为准，未载明的适用舟山市定海区人大常委会决定第三条",
        "法律规定“及时”回复；检察意见未载明期限的，适用" + DINGHAI),
    "explain_non_filing": (
        "人民检察院刑事诉讼规则（2019）第五百六十条；公安机关办理刑事案件程序规定第一百八十二条",
        RULES_OF_PROCEDURE + "第五百六十条；" + POLICE + "第一百八十二条"),
    "notice_to_file": (
        "人民检察院刑事诉讼规则（2019）第五百六十三条；公安机关办理刑事案件程序规定第一百八十二条",
        RULES_OF_PROCEDURE + "第五百六十三条；" + POLICE + "第一百八十二条"),
    "custody_review": (
        "刑事诉讼法第九十五条；人民检察院刑事诉讼规则（2019）第五百八十一条",
        "《中华人民共和国刑事诉讼法》第九十五条；" + RULES_OF_PROCEDURE + "第五百八十一条"),
    "commutation_correction": ("刑事诉讼法第二百七十四条",
                               "《中华人民共和国刑事诉讼法》第二百七十四条"),
    "compulsory_medical_correction": (
        "刑诉法解释第六百四十八条",
        "《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第六百四十八条"),
    "civil_protest": ("民事诉讼法（2023）第二百二十二条", "《中华人民共和国民事诉讼法》第二百二十二条"),
    "retrial_recommendation": (
        "民诉法解释第四百一十七条；行诉法解释第一百二十六条",
        "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第四百一十七条；"
        "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第一百二十六条"),
    "execution_recommendation": (
        "民事执行活动法律监督规定（2016）（未核实）；经法院院长批准可延长一个月",
        "《最高人民法院、最高人民检察院关于民事执行活动法律监督若干问题的规定》；"
        "经人民法院院长批准可延长一个月"),
    "trial_conduct_recommendation": ("依据未核实（暂按一个月）", "法律未规定回复期限，暂按一个月"),
    "review_request": ("人民检察院刑事诉讼规则（2019）第五百五十四条",
                       RULES_OF_PROCEDURE + "第五百五十四条"),
    "extension_decision": (
        "无明文规定；本院内部期限，参照复查决定期限（刑事诉讼规则第五百五十四条）暂定七日",
        "本院内部期限：参照" + RULES_OF_PROCEDURE + "第五百五十四条复查决定的期限，七日"),
    "reply_evaluation": (
        "无明文规定；本院内部期限，暂定收到回复后一个月内审查评估（跟踪问效）",
        "本院内部期限：收到回复后一个月内审查评估（跟踪问效）"),
    "rectification_verification": (
        "无明文规定；本院内部期限，暂定三个月内跟踪核查整改情况（“回头看”）",
        "本院内部期限：三个月内跟踪核查整改情况（“回头看”）"),
}
DEADLINE_MODELS = [("recommendations", "Recommendation"), ("recommendations", "InternalDeadline"),
                   ("cases", "ClueTransfer")]


def rewrite(apps, schema_editor, texts: dict[str, str]) -> None:
    """``texts``: old basis → new basis, rewritten in the database (one pass per table on
    PostgreSQL): a province holds millions of stored explanations. Measured on the bench's
    1M instruments and 442k own deadlines: about 100 s, the writing of the rows."""
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    for old, new in texts.items():
        PeriodRule.objects.filter(legal_basis=old).update(legal_basis=new)
    # (``tests/reference_data.py`` reloads the rules after a flush without a schema editor.)
    connection = schema_editor.connection if schema_editor is not None else db.connection
    with connection.cursor() as cursor:
        for app_label, name in DEADLINE_MODELS:
            table = connection.ops.quote_name(apps.get_model(app_label, name)._meta.db_table)
            if connection.vendor == "postgresql":  # one pass over the table
                values = ", ".join(["(%s, %s)"] * len(texts))
                cursor.execute(
                    f"UPDATE {table} AS t SET due_explanation = jsonb_set(t.due_explanation, "
                    f"'{{legal_basis}}', to_jsonb(m.new)) FROM (VALUES {values}) AS m(old, new) "
                    f"WHERE t.due_explanation ->> 'legal_basis' = m.old",
                    [v for pair in texts.items() for v in pair])
            elif connection.vendor == "sqlite":  # the embedded default: a demo's few rows
                for old, new in texts.items():
                    cursor.execute(
                        f"UPDATE {table} SET due_explanation = json_set(due_explanation, "
                        f"'$.legal_basis', %s) "
                        f"WHERE json_extract(due_explanation, '$.legal_basis') = %s", [new, old])
            else:
                raise NotImplementedError(f"rewrite the stored explanations on {connection.vendor}")


#: Databases made before 0012 still hold our source notation after the Dinghai decision inside
#: the longer texts (0012 rewrote the ``default`` rule's alone).
NOTATION = "舟山市定海区人大常委会决定第三条"


def _with_old_notation() -> dict[str, str]:
    texts = dict(REWRITES.values())
    for old, new in REWRITES.values():
        if NOTATION in old:
            texts[old.replace(NOTATION, NOTATION + "（seed 001 §3）")] = new
    return texts


def forwards(apps, schema_editor):
    rewrite(apps, schema_editor, _with_old_notation())


def backwards(apps, schema_editor):
    rewrite(apps, schema_editor, {new: old for old, new in REWRITES.values()})


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_transfer_clock_changed"),
        ("recommendations", "0013_instrument_revision"),
        ("supervision", "0008_notification_keyset_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
