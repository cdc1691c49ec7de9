"""Who is who in the demo world (DEMO.md): the procuratorates and their departments, the
agencies they supervise, and one account per role. Keep these names stable."""

from __future__ import annotations

from agencies.choices import AgencyType
from demo.scenarios.shapes import Account, Agency, Procuratorate
from supervision.choices import ProcuratorateLevel, Role

#: Every demo account's password (demo mode only; printed with the logins).
PASSWORD = "demo-pass-2026"

#: Parents before children.
PROCURATORATES = (
    Procuratorate("浙江省人民检察院", "浙检", ProcuratorateLevel.PROVINCIAL, None,
                  (("案件管理部", "案管"),)),
    Procuratorate("舟山市人民检察院", "舟检", ProcuratorateLevel.MUNICIPAL, "浙检",
                  (("案件管理部", "案管"),)),
    Procuratorate("舟山市定海区人民检察院", "定检", ProcuratorateLevel.BASIC, "舟检",
                  (("第一检察部", "一"), ("第五检察部", "五"), ("第八检察部", "八"),
                   ("第九检察部", "九"), ("案件管理部", "案管"))),
    Procuratorate("舟山市普陀区人民检察院", "普检", ProcuratorateLevel.BASIC, "舟检",
                  (("第一检察部", "一"), ("第八检察部", "八"))),
)
#: (procuratorate, department) of the juvenile procuratorial departments (未成年人检察部门):
#: their staff see the procuratorate's juvenile cases (docs/juvenile.md).
JUVENILE_DEPARTMENTS = frozenset({("定检", "第九检察部")})
#: The procuratorate whose existence marks the demo world as loaded.
MARKER_PROCURATORATE = "舟山市定海区人民检察院"

AGENCIES = {
    "court": Agency("舟山市定海区人民法院", AgencyType.COURT, "", "定检", "舟山市中级人民法院",
                    court_code="浙0902"),
    "police": Agency("舟山市公安局定海分局", AgencyType.POLICE, "", "定检", "舟山市公安局",
                     police_prefix="舟定公"),
    "market": Agency("舟山市定海区市场监督管理局", AgencyType.ADMINISTRATIVE, "市场监管", "定检",
                     "舟山市市场监督管理局"),
    "land": Agency("舟山市自然资源和规划局定海分局", AgencyType.ADMINISTRATIVE, "自然资源", "定检",
                   "舟山市自然资源和规划局"),
    "detention": Agency("舟山市看守所", AgencyType.DETENTION, "", "定检", "舟山市公安局"),
    "justice": Agency("舟山市定海区司法局", AgencyType.JUDICIAL_ADMINISTRATION, "社区矫正", "定检",
                      "舟山市司法局"),
    "pt_court": Agency("舟山市普陀区人民法院", AgencyType.COURT, "", "普检", "舟山市中级人民法院",
                       court_code="浙0903"),
    "pt_police": Agency("舟山市公安局普陀分局", AgencyType.POLICE, "", "普检", "舟山市公安局",
                        police_prefix="舟普公"),
    # Receives the clues 定检 transfers and gives its feedback in the portal (issue 19).
    "commission": Agency("舟山市定海区监察委员会", AgencyType.SUPERVISORY_COMMISSION, "纪检监察",
                         "定检", "舟山市监察委员会"),
}

#: DEMO.md's list of accounts.
DEMO_MD_ACCOUNTS = (
    Account("dh.procurator", "陈立", Role.PROCURATOR, "定检", "第一检察部"),
    Account("dh.assistant", "李敏", Role.ASSISTANT, "定检", "第一检察部"),
    Account("dh.approver", "王建国", Role.APPROVER, "定检", "第一检察部"),
    Account("dh.pil", "周晓燕", Role.PROCURATOR, "定检", "第八检察部"),
    Account("dh.chief", "郑国华", Role.CHIEF, "定检"),
    Account("pt.procurator", "林海", Role.PROCURATOR, "普检", "第一检察部"),
    Account("zs.supervisor", "徐志强", Role.SUPERVISOR, "舟检", "案件管理部"),
    Account("zj.supervisor", "孙丽华", Role.SUPERVISOR, "浙检", "案件管理部"),
    Account("court.liaison", "黄磊", Role.LIAISON, agency="court"),
    Account("police.liaison", "吴斌", Role.LIAISON, agency="police"),
    Account("market.liaison", "张婷", Role.LIAISON, agency="market"),
    Account("pt.court.liaison", "刘洋", Role.LIAISON, agency="pt_court"),
    Account("npc.observer", "钱卫东", Role.OBSERVER, "定检"),
    Account("sysadmin", "蒋涛", Role.SYSADMIN),
    Account("secadmin", "韩雪", Role.SECADMIN),
    Account("auditadmin", "冯波", Role.AUDITADMIN),
)
#: Added to DEMO.md's list, so that every agency can reply and 普检 can approve.
ADDED_ACCOUNTS = (
    Account("pt.approver", "何静", Role.APPROVER, "普检", "第一检察部"),
    Account("land.liaison", "胡晓东", Role.LIAISON, agency="land"),
    Account("detention.liaison", "俞海波", Role.LIAISON, agency="detention"),
    Account("justice.liaison", "方芳", Role.LIAISON, agency="justice"),
    Account("pt.police.liaison", "邵峰", Role.LIAISON, agency="pt_police"),
    # The police sub-bureau's responsible person (单位负责人): signs off its replies.
    Account("police.head", "沈建华", Role.LIAISON, agency="police", responsible=True),
    # 定检's juvenile department (第九检察部): sees its juvenile cases, which dh.pil does not.
    Account("dh.juvenile", "宋佳", Role.PROCURATOR, "定检", "第九检察部"),
    # The supervisory commission's liaison: feedback on transferred clues (issue 19).
    Account("jw.liaison", "赵文", Role.LIAISON, agency="commission", responsible=True),
)
ACCOUNTS = DEMO_MD_ACCOUNTS + ADDED_ACCOUNTS
DEMO_MD_USERNAMES = [account.username for account in DEMO_MD_ACCOUNTS]
# The three administrators' Django permissions come from their role (supervision/roles.py).
