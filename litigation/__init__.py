"""Public-interest litigation after the pre-litigation stage (公益诉讼, issue 18).

seed 000 §5 names "提出检察建议、提起公益诉讼、督促起诉、支持起诉等监督方式"; seed 002 §11 asks to
"积极稳妥推进公益诉讼检察". The procedure follows 《最高人民法院、最高人民检察院关于检察公益诉讼案件
适用法律若干问题的解释》(2020修正) and 《人民检察院公益诉讼办案规则》(2021).

The app keeps:

* the suit of a public-interest case (``models/suits.py``): its kind (civil, administrative,
  criminal-incidental civil), the chief's decision, filing, court dates, the first-instance
  judgment, the appeal and second instance, enforcement; its life in ``transitions.py``;
* its two legal periods as ``Deadline`` rows (``models/periods.py``): the thirty-day
  announcement (公告) and the period to appeal;
* the result of the 督促起诉 / 支持起诉 instruments (instrument types added by its data
  migration; the instruments live in ``recommendations``);
* the 公益诉讼起诉书 as a document (``documents.py``).

It sits beside ``hearings`` (above ``recommendations`` and ``cases``); the case page shows the
suit through ``cases.hooks`` (``case_hooks.py``).
"""
