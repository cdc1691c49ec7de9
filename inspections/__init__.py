"""Circuit and resident inspection (巡回检察 / 派驻检察) of prisons, detention centres,
community-correction bodies and compulsory-medical institutions.

Seed 000 §2: "健全派驻检察与巡回检察相结合的监督模式，完善对监狱、看守所、社区矫正机构和强制医疗
场所的巡回检察制度"; seed 000 §8: those organs "支持巡回检察改革". The practice follows
《人民检察院监狱巡回检察规定》 (最高人民检察院, 2018; article numbers not cited here: unverified).

The app keeps inspections (institution, team, period, scope) and their findings
(``models/``), their lives in ``transitions.py``; each finding becomes a case or an instrument
in one step through the ``cases`` and ``recommendations`` services (``services/findings.py``),
or is corrected on the spot, and its rectification is followed to the end. The written
feedback to the institution is a document (``documents.py``). The case page shows where a case
came from through ``cases.hooks`` (``case_hooks.py``).
"""
