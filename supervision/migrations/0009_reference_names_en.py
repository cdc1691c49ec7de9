"""English names beside the Chinese ones of the reference data (issue 14): the four kinds, their
matters and the period rules, shown in the English interface; documents keep the Chinese.

The English is frozen here, matched to the rows seeded by 0002, 0004 and 0006 (rules and kinds
by code, matters by kind code, parent name and name). A row is filled only while its English
name is blank and its Chinese name is still the seeded one, so an administrator's own English
(or a renamed row) is never overwritten. A hundred small updates: instant on any database.
"""

from __future__ import annotations

from django.db import migrations, models

KINDS = {
    "criminal": "Criminal procuratorial work",
    "civil": "Civil procuratorial work",
    "administrative": "Administrative procuratorial work",
    "public_interest": "Public interest litigation",
}

# (kind code, parent name or None, name) -> English
MATTERS: dict[tuple[str, str | None, str], str] = {
    ("criminal", None, "立案监督"): "Supervision of case filing",
    ("criminal", "立案监督", "有案不立"): "Failure to file a case that should be filed",
    ("criminal", "立案监督", "不应当立案而立案"): "Filing a case that should not be filed",
    ("criminal", "立案监督", "以罚代刑"): "Administrative penalty in place of criminal prosecution",
    ("criminal", "立案监督", "长期挂案"): "Cases left pending for a long time",
    ("criminal", None, "侦查活动监督"): "Supervision of investigation activities",
    ("criminal", "侦查活动监督", "刑讯逼供"): "Extortion of confession by torture",
    ("criminal", "侦查活动监督", "非法取证"): "Illegal collection of evidence",
    ("criminal", "侦查活动监督", "滥用强制措施"): "Abuse of compulsory measures",
    ("criminal", "侦查活动监督", "违法查封扣押冻结款物"):
        "Unlawful sealing, seizure or freezing of money and property",
    ("criminal", "侦查活动监督", "立而不侦"): "Case filed but not investigated",
    ("criminal", "侦查活动监督", "久侦不结"): "Investigation protracted without conclusion",
    ("criminal", None, "羁押必要性审查"): "Review of the necessity of detention",
    ("criminal", None, "刑事审判监督"): "Supervision of criminal trials",
    ("criminal", "刑事审判监督", "定罪量刑不当"): "Improper conviction or sentencing",
    ("criminal", "刑事审判监督", "审判程序违法"): "Violation of trial procedure",
    ("criminal", "刑事审判监督", "死刑复核"): "Review of death sentences",
    ("criminal", None, "刑事执行监督"): "Supervision of criminal enforcement",
    ("criminal", "刑事执行监督", "违法减刑、假释、暂予监外执行"):
        "Unlawful commutation, parole or temporary service of sentence outside prison",
    ("criminal", "刑事执行监督", "超期羁押"): "Detention beyond the statutory time limit",
    ("criminal", "刑事执行监督", "社区矫正脱管漏管"):
        "Offenders out of or missed by community correction supervision",
    ("criminal", "刑事执行监督", "财产刑执行"): "Enforcement of property penalties",
    ("criminal", "刑事执行监督", "强制医疗"): "Compulsory medical treatment",
    ("criminal", "刑事执行监督", "在押人员非正常死亡"): "Abnormal death of detainees",
    ("criminal", None, "司法工作人员职务犯罪线索"):
        "Leads on job-related crimes by judicial personnel",
    ("civil", None, "生效裁判结果监督"): "Supervision of effective judgments and rulings",
    ("civil", "生效裁判结果监督", "抗诉"): "Protest",
    ("civil", "生效裁判结果监督", "再审检察建议"): "Procuratorial recommendation for retrial",
    ("civil", None, "审判程序违法"): "Violation of trial procedure",
    ("civil", "审判程序违法", "应当立案而不立案"): "Refusal to accept a case that should be accepted",
    ("civil", "审判程序违法", "违法送达"): "Unlawful service of process",
    ("civil", "审判程序违法", "违法采取保全措施"): "Unlawful preservation measures",
    ("civil", "审判程序违法", "违法中止或者终结诉讼"): "Unlawful suspension or termination of proceedings",
    ("civil", "审判程序违法", "违反法定审理期限"): "Exceeding the statutory time limit for trial",
    ("civil", None, "执行监督"): "Supervision of enforcement",
    ("civil", "执行监督", "超标的执行"): "Enforcement beyond the amount adjudged",
    ("civil", "执行监督", "消极执行"): "Passive enforcement",
    ("civil", "执行监督", "选择性执行"): "Selective enforcement",
    ("civil", "执行监督", "违法处置被执行财产"): "Unlawful disposal of property under enforcement",
    ("civil", "执行监督", "滥用终结本次执行程序"):
        "Abuse of terminating the current enforcement procedure",
    ("civil", None, "虚假诉讼"): "False litigation",
    ("civil", None, "虚假仲裁公证"): "False arbitration and notarization",
    ("administrative", None, "行政生效裁判监督"):
        "Supervision of effective administrative judgments and rulings",
    ("administrative", None, "审判程序违法"): "Violation of trial procedure",
    ("administrative", None, "行政执行和非诉执行监督"):
        "Supervision of administrative enforcement and non-litigation enforcement",
    ("administrative", None, "行政违法行为监督"): "Supervision of unlawful administrative acts",
    ("administrative", None, "行政争议实质性化解"): "Substantive resolution of administrative disputes",
    ("public_interest", None, "生态环境和资源保护"): "Ecological environment and resource protection",
    ("public_interest", None, "食品药品安全"): "Food and drug safety",
    ("public_interest", None, "国有财产保护"): "Protection of state-owned property",
    ("public_interest", None, "国有土地使用权出让"): "Transfer of state-owned land use rights",
    ("public_interest", None, "英烈权益保护"):
        "Protection of the rights and interests of heroes and martyrs",
    ("public_interest", None, "未成年人权益保护"): "Protection of the rights and interests of minors",
    ("public_interest", None, "安全生产"): "Work safety",
    ("public_interest", None, "个人信息保护"): "Personal information protection",
    ("public_interest", None, "军人地位和权益保障"):
        "Protection of the status, rights and interests of military personnel",
    ("public_interest", None, "文物和文化遗产保护"): "Protection of cultural relics and cultural heritage",
    ("public_interest", None, "妇女、老年人、残疾人权益保护"):
        "Protection of the rights and interests of women, the elderly and persons with disabilities",
    ("public_interest", None, "电信网络诈骗"): "Telecom and online fraud",
    ("public_interest", None, "农产品质量安全"): "Quality and safety of agricultural products",
    ("public_interest", None, "无障碍环境建设"): "Barrier-free environment development",
    ("public_interest", None, "公共卫生"): "Public health",
    ("public_interest", None, "生物安全"): "Biosecurity",
    ("public_interest", None, "消费者权益保护"): "Consumer rights protection",
    ("public_interest", None, "网络治理"): "Cyberspace governance",
    ("public_interest", None, "金融证券"): "Finance and securities",
    ("public_interest", None, "知识产权"): "Intellectual property",
    ("public_interest", None, "反垄断和反不正当竞争"): "Anti-monopoly and anti-unfair competition",
}

# code -> (seeded Chinese name, English)
RULES: dict[str, tuple[str, str]] = {
    "default": ("无法定期限的书面答复", "Written reply with no statutory period"),
    "recommendation": ("检察建议（一般）", "Procuratorial recommendation (general)"),
    "pil_pre_litigation": ("行政公益诉讼诉前检察建议",
                           ("Pre-litigation procuratorial recommendation in administrative "
                           "public interest litigation")),
    "pil_pre_litigation_urgent": ("行政公益诉讼诉前检察建议（紧急）",
                                  ("Pre-litigation procuratorial recommendation in administrative "
                                  "public interest litigation (urgent)")),
    "pil_announcement": ("民事公益诉讼公告", "Announcement in civil public interest litigation"),
    "correction_notice": ("纠正违法通知书/纠正意见",
                          "Notice of correction of violations / correction opinion"),
    "procuratorial_opinion": ("检察意见（行刑衔接）",
                              "Procuratorial opinion (administrative-criminal linkage)"),
    "explain_non_filing": ("要求说明不立案理由通知书",
                           "Notice requiring an explanation for not filing a case"),
    "notice_to_file": ("通知立案书", "Notice to file a case"),
    "custody_review": ("羁押必要性审查建议", "Recommendation after review of the necessity of detention"),
    "commutation_correction": ("减刑、假释纠正意见", "Correction opinion on commutation or parole"),
    "compulsory_medical_correction": ("强制医疗纠正意见",
                                      "Correction opinion on compulsory medical treatment"),
    "civil_protest": ("民事抗诉书", "Civil protest"),
    "retrial_recommendation": ("再审检察建议", "Procuratorial recommendation for retrial"),
    "execution_recommendation": ("民事执行活动检察建议",
                                 "Procuratorial recommendation on civil enforcement activities"),
    "trial_conduct_recommendation": ("审判人员违法行为检察建议",
                                     ("Procuratorial recommendation on unlawful conduct of judicial "
                                     "personnel")),
    "review_request": ("复查申请的决定", "Decision on a request for review"),
    "extension_decision": ("延期申请的决定", "Decision on an extension request"),
    "reply_evaluation": ("回复的审查评估", "Review and evaluation of a reply"),
    "rectification_verification": ("整改情况的跟踪核查", "Follow-up verification of rectification"),
}

SEEDED_KIND_NAMES = {"criminal": "刑事检察", "civil": "民事检察", "administrative": "行政检察",
                     "public_interest": "公益诉讼检察"}


def fill_names_en(apps, schema_editor) -> None:
    """Write the English name of every seeded row still without one."""
    SupervisionKind = apps.get_model("supervision", "SupervisionKind")
    Matter = apps.get_model("supervision", "Matter")
    PeriodRule = apps.get_model("supervision", "PeriodRule")
    for code, english in KINDS.items():
        SupervisionKind.objects.filter(code=code, name=SEEDED_KIND_NAMES[code], name_en="").update(
            name_en=english)
    for code, (name, english) in RULES.items():
        PeriodRule.objects.filter(code=code, name=name, name_en="").update(name_en=english)
    rows = Matter.objects.filter(name_en="").values_list("pk", "kind__code", "parent__name", "name")
    for pk, kind_code, parent_name, name in rows:
        english = MATTERS.get((kind_code, parent_name, name))
        if english:
            Matter.objects.filter(pk=pk).update(name_en=english)


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0008_notification_keyset_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="matter",
            name="name_en",
            field=models.CharField(blank=True, help_text="英文界面显示的名称；留空则显示中文名称。正式文书始终使用中文名称。", max_length=160, verbose_name="英文名称"),
        ),
        migrations.AddField(
            model_name="periodrule",
            name="name_en",
            field=models.CharField(blank=True, help_text="英文界面显示的名称；留空则显示中文名称。正式文书始终使用中文名称。", max_length=200, verbose_name="英文名称"),
        ),
        migrations.AddField(
            model_name="supervisionkind",
            name="name_en",
            field=models.CharField(blank=True, help_text="英文界面显示的名称；留空则显示中文名称。正式文书始终使用中文名称。", max_length=120, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill_names_en, migrations.RunPython.noop, elidable=False),
    ]
