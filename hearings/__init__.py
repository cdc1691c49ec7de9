"""Public hearings (公开听证) on supervision cases, with people's supervisors (人民监督员).

Seed 004 §10 names 检察听证 among the procuratorate's work the media should report on; seed 002
§3 asks procuratorates to "引入听证等方式审查办理疑难案件"; seed 002 §18 ("完善人民监督员制度")
and seed 003 §13 ("发挥人民监督员作用") bring the people's supervisors into it. The rules of a
hearing follow 《人民检察院审查案件听证工作规定》 (最高人民检察院, 2020): who takes part, the
notice, the record, each hearing member's opinion — "an important reference" for the decision —
and how the procuratorate used it.

The app keeps:

* a register of people's supervisors a procuratorate may invite (``models/supervisors.py``);
* hearings on a case with their participants, notices, record, opinions and outcome
  (``models/hearings.py``), their life in ``transitions.py``;
* the hearing notice (听证通知书) and the hearing record (听证笔录) as documents
  (``documents.py``).

It sits beside ``duties`` (above ``recommendations`` and ``cases``); the case page shows a
case's hearings through ``cases.hooks`` (``case_hooks.py``), never by ``cases`` importing it.
"""
