"""The made-up parties of the demo cases (``{p}`` and ``{co}`` in the scenario texts), drawn
with the builder's fixed seed, and the region their made-up ID numbers are issued in."""

from __future__ import annotations

PERSONS = ["张某某", "王某", "李某某", "刘某", "陈某某", "杨某", "黄某某", "赵某", "吴某某", "周某",
           "徐某某", "孙某", "胡某某", "朱某", "高某某", "林某", "何某某", "郭某", "马某某", "罗某"]
COMPANIES = ["舟山某某水产有限公司", "舟山某某建材有限公司", "浙江某某海运有限公司",
             "舟山某某置业有限公司", "舟山某某船舶修造有限公司", "舟山某某贸易有限公司",
             "舟山某某餐饮管理有限公司", "舟山某某物流有限公司", "舟山某某渔业有限公司",
             "舟山某某商贸有限公司"]
#: Administrative division code of 舟山市定海区: the first six digits of a resident ID number.
RESIDENT_ID_REGION = "330902"
#: The first eight characters of a company's unified social credit code (91: an enterprise,
#: then the division code).
CREDIT_CODE_PREFIX = "91330902"
