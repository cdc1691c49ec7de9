"""Case quality review (案件评查) and the supervision quality figures (issue 18).

Seed 004 §9 asks to "完善与检察权运行相适应的案件评查和监督、司法责任认定和追究、检察官业绩评价等
监督机制"; seed 000 §7 to "加强法律监督质效考核"; seed 001 asks for a "检察官业绩评价机制". The
practice follows 《人民检察院案件质量评查工作规定》 (最高人民检察院): a case that has been
finished (or an instrument that has been closed) is reviewed against a checklist by a reviewer
who did not handle it; each item is found 符合 / 瑕疵 / 不符合 / 不适用; the problems are listed;
the review ends with a grade — 优质 / 合格 / 瑕疵 / 不合格 — and the handler may answer it.

The app keeps:

* the checklist as data (``models/checklist.py``, seeded by a data migration, edited in the
  admin);
* reviews, their reviewers, results and grade (``models/reviews.py``), their life in
  ``transitions.py``, the grading rule in ``grading.py``;
* the review report (案件质量评查报告) as a document (``documents.py``);
* the period figures — by grade, the most frequent problems, per handler (检察官业绩评价) —
  in ``selectors.period_figures``, read by ``reporting``'s statistics page.

It sits beside ``hearings`` (above ``recommendations`` and ``cases``); the case page shows the
grade of a case's reviews through ``cases.hooks`` (``case_hooks.py``).
"""
