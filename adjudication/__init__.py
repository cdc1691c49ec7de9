"""The chief procurator attending the people's court's adjudication committee (检察长列席审判委员会).

Seed 000 §8 asks the court to "依法落实检察长列席同级人民法院审判委员会会议制度"; seed 003 §11
says the same ("落实检察长列席同级人民法院审判委员会制度"). The rule itself: 《中华人民共和国人民法院
组织法》 (2018) 第三十八条 (审判委员会召开会议，本级人民检察院检察长或者检察长委托的副检察长可以列席)
and 《最高人民法院 最高人民检察院关于人民检察院检察长列席人民法院审判委员会会议的实施意见》
(法发〔2010〕4号): the chief — or a deputy chief the chief entrusts — may attend the committee of the
court at the same level (第一条), to give the procuratorate's opinion on the case or topic
discussed (第二条); which cases and topics (第三条); the court tells the procuratorate and, when
the chief decides to attend, sends the agenda and the time (第四条).

The app keeps one record per attendance (``models/attendance.py``): the court's notice, the
case or topic discussed (linked to a supervision case when the procuratorate has one), who
attended, the opinion given, the committee's decision and whether it adopted the opinion, and
the follow-up. Its life is in ``transitions.py``; the opinion and the record as documents in
``documents.py``; the case page shows it through ``cases.hooks`` (``case_hooks.py``).
"""
