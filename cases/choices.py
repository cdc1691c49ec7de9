from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    """受理 → 审查 → 监督中 → 结案, or an outcome of review (transitions in cases/transitions.py)."""

    ACCEPTED = "accepted", _("受理")
    REVIEWING = "reviewing", _("审查")
    SUPERVISING = "supervising", _("监督中")
    CLOSED = "closed", _("结案")
    NOT_SUPPORTED = "not_supported", _("不支持监督")
    TERMINATED = "terminated", _("终结审查")


#: Each state's tone (``supervision.choices.Tone``), for the status badge.
CASE_STATUS_TONES: dict[str, str] = {
    CaseStatus.ACCEPTED: "neutral", CaseStatus.REVIEWING: "ours", CaseStatus.SUPERVISING: "theirs",
    CaseStatus.CLOSED: "done", CaseStatus.NOT_SUPPORTED: "ended", CaseStatus.TERMINATED: "ended",
}

#: States in which the case is finished: it carries a closing date and takes no new work.
FINISHED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.NOT_SUPPORTED, CaseStatus.TERMINATED})


class ClueSource(models.TextChoices):
    PARTY_APPLICATION = "party_application", _("当事人申请")
    COMPLAINT = "complaint", _("控告申诉")
    EX_OFFICIO = "ex_officio", _("依职权发现")
    ASSIGNED = "assigned", _("上级交办")
    TRANSFERRED = "transferred", _("其他机关移送")
    DEPUTY = "deputy", _("人大代表/政协委员转交")
    HOTLINE = "hotline_12309", _("12309 平台")
    OTHER = "other", _("其他")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("单位")


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    COMPLAINANT = "complainant", _("控告人/举报人")
    VICTIM = "victim", _("被害人")
    SUSPECT = "suspect", _("犯罪嫌疑人/被告人")
    OFFENDER = "offender", _("罪犯/社区矫正对象")
    PLAINTIFF = "plaintiff", _("原告")
    DEFENDANT = "defendant", _("被告")
    THIRD_PARTY = "third_party", _("第三人")
    CREDITOR = "creditor", _("申请执行人")
    DEBTOR = "debtor", _("被执行人")
    ADMINISTRATIVE_COUNTERPART = "counterpart", _("行政相对人")
    OTHER = "other", _("其他")


class RelatedNumberKind(models.TextChoices):
    COURT = "court", _("法院案号")
    POLICE = "police", _("公安/侦查机关案件编号")
    ADMINISTRATIVE = "administrative", _("行政机关案件编号")
    OTHER = "other", _("其他")


class MeasureType(models.TextChoices):
    """调查核实 measures (seed 000 §7; seed 002 §13)."""

    INQUIRY = "inquiry", _("询问")
    QUERY = "query", _("查询")
    EVIDENCE = "evidence", _("调取证据材料")
    FILE_REVIEW = "file_review", _("查阅/调阅案卷")
    INSPECTION = "inspection", _("勘验")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT = "expert", _("咨询专业人员")


class TransferRecipient(models.TextChoices):
    """Where a clue goes (seed 002 §5, §13): officials' misconduct to the supervisory
    commission / discipline inspection organs; other matters to the competent organ."""

    SUPERVISORY_COMMISSION = "supervisory_commission", _("监察委员会/纪检监察机关")
    PARTY_ORGANISATION = "party_organisation", _("有关党组织")
    APPOINTING_BODY = "appointing_body", _("任免机关和单位")
    POLICE = "police", _("公安机关")
    ADMINISTRATIVE = "administrative", _("行政主管机关")
    OTHER = "other", _("其他机关")


class InterferenceManner(models.TextChoices):
    IN_PERSON = "in_person", _("当面过问")
    PHONE = "phone", _("电话过问")
    REQUEST = "request", _("打招呼、说情")
    WRITTEN = "written", _("书面批示或函件")
    OTHER = "other", _("其他方式")
