"""The demo cases: which scenario each is, who handles it, and how far each of its
instruments has gone (a ``Step`` per instrument, in the scenario's order).

Due dates are aimed at buckets relative to the day the world is built: an ``awaiting`` step's
``days`` is the target due date (due today, in 1/3/7 days, overdue by days and by months …),
a ``replied`` step's how long ago it was served, an ``issued`` step's how long ago it was
issued. Together they give every list and dashboard something to show on any day.
"""

from __future__ import annotations

from demo.scenarios.shapes import APPROVED, DRAFT, ISSUED, PENDING, RETURNED, CasePlan, Step
from demo.scenarios.shapes import AWAITING as A
from demo.scenarios.shapes import REPLIED as R

#: Who approves the instruments of a handler's department.
APPROVER_OF = {"dh.procurator": "dh.approver", "dh.pil": "dh.chief", "pt.procurator": "pt.approver"}

#: Why an approver returns a draft (one drawn per returned step).
RETURN_REASONS = [
    "“查明的事实”部分对涉案金额的表述与卷宗证据不一致，请核实后修改。",
    "建议事项不够具体，请明确整改内容和回复要求后重新提请审批。",
]

PLAN: list[CasePlan] = [
    # 定检 第一检察部 — criminal, civil, administrative
    CasePlan("theft_not_filed", "dh.procurator", (Step(R, 110), Step(A, 0)), "dh.assistant"),
    CasePlan("theft_not_filed", "dh.procurator", (Step(A, 3),)),
    CasePlan("penalty_for_crime", "dh.procurator", (Step(A, -12),)),
    CasePlan("long_pending", "dh.procurator", (Step(A, 7),), "dh.assistant"),
    CasePlan("illegal_seizure", "dh.procurator", (Step(R, 150),)),
    CasePlan("filed_not_investigated", "dh.procurator", (Step(A, -150),)),
    CasePlan("overdue_detention", "dh.procurator", (Step(A, 25),)),
    CasePlan("custody_review", "dh.procurator", (Step(A, 1),), "dh.assistant"),
    CasePlan("custody_review", "dh.procurator", (Step(R, 40),)),
    CasePlan("community_correction", "dh.procurator", (Step(A, -45),)),
    CasePlan("community_correction_minor", "dh.procurator", (Step(R, 200),)),
    CasePlan("property_penalty", "dh.procurator", (Step(R, 90),)),
    CasePlan("criminal_trial_procedure", "dh.procurator", (Step(PENDING),)),
    CasePlan("passive_enforcement", "dh.procurator", (Step(A, 50),), "dh.assistant"),
    CasePlan("abuse_termination", "dh.procurator", (Step(A, -70),)),
    CasePlan("retrial", "dh.procurator", (Step(A, 80),)),
    CasePlan("false_litigation", "dh.procurator", (Step(R, 300, late=True),)),
    CasePlan("illegal_service", "dh.procurator", (Step(RETURNED),), "dh.assistant"),
    CasePlan("trial_overdue", "dh.procurator", (Step(APPROVED),)),
    CasePlan("admin_illegal_act", "dh.procurator", (Step(ISSUED, 3),)),
    CasePlan("nonlitigation_execution", "dh.procurator", (Step(DRAFT),)),
    CasePlan("dispute_resolution", "dh.procurator"),
    # 定检 第八检察部 — public interest
    CasePlan("expired_food", "dh.pil", (Step(R, 330),)),
    CasePlan("farmland", "dh.pil", (Step(A, -5),)),
    CasePlan("land_grant_fee", "dh.pil", (Step(A, -240),)),
    CasePlan("ebike_battery", "dh.pil", (Step(A, 40),)),
    CasePlan("face_data", "dh.pil", (Step(PENDING),)),
    CasePlan("historic_buildings", "dh.pil", (Step(ISSUED, 6),)),
    CasePlan("tobacco_minors", "dh.pil", (Step(A, 5),)),
    CasePlan("pesticide_vegetables", "dh.pil", (Step(R, 120),)),
    CasePlan("illegal_quarry", "dh.pil", (Step(RETURNED),)),
    CasePlan("farmland", "dh.pil", (Step(APPROVED),)),
    # 普检 第一检察部
    CasePlan("fraud_not_filed", "pt.procurator", (Step(R, 95), Step(A, -20))),
    CasePlan("passive_enforcement", "pt.procurator", (Step(A, 10),), agency="pt_court"),
    CasePlan("illegal_service", "pt.procurator", (Step(A, -35),), agency="pt_court"),
    CasePlan("illegal_evidence", "pt.procurator", (Step(R, 60),)),
    CasePlan("filed_not_investigated", "pt.procurator", (Step(DRAFT),), agency="pt_police"),
    CasePlan("trial_overdue", "pt.procurator", (Step(PENDING),), agency="pt_court"),
]
