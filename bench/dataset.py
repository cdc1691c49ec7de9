"""The provincial dataset, built with set-based SQL (``INSERT … SELECT … FROM generate_series``).

Only the small tables (procuratorates, departments, agencies, users: a few thousand rows) are
written from Python lists; every big table comes from one ``INSERT … SELECT`` over
``generate_series`` and two unlogged plan tables (``bench_case``, ``bench_rec``) that hold what
each case and instrument is (who, where, which dates), so that replies, deadlines, the timeline
and the deadline events are derived from the same facts and agree with each other.

Row choices are deterministic (``hashint8extended`` of the row number), so a build at the same
scale gives the same data. ``build()`` is the entry point; ``run.py`` calls it.

Every ``INSERT`` into an app table goes through :func:`insert_select`, which reads the table's
columns at run time: a column added by a later migration (e.g. a denormalised
``procuratorate_id``) is filled when the builder knows it, or with a type default and a warning
when it is NOT NULL and unknown, so the builder keeps working while the schema moves.
"""

from __future__ import annotations

import datetime
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection

# --- shape -------------------------------------------------------------------------------------

#: 14 cities (distinct first characters: the short names are built from them) and how many
#: district procuratorates each has (88 in all); the first cities are the big ones.
CITIES = ["安澜", "宝丰", "长宁", "德安", "恩平", "福清", "广元", "河阳", "金溪", "兰溪", "梅川",
          "宁远", "平江", "青崖"]
DISTRICT_COUNTS = [10, 9, 8, 7, 7, 6, 6, 6, 6, 5, 5, 5, 4, 4]
DISTRICT_NAMES = ["东城", "西湖", "南山", "北塘", "江滨", "海曙", "临平", "云岭", "青田", "白沙"]
PROVINCE = ("东海省人民检察院", "东海检")

#: (name, code): the four working departments and case management, in every procuratorate.
DEPARTMENTS = [("第一检察部", "一"), ("第五检察部", "五"), ("第六检察部", "六"),
               ("第七检察部", "七"), ("第八检察部", "八"), ("案件管理部", "案管")]
WORKING_CODES = ["一", "五", "六", "七", "八"]
#: The department that handles each kind; criminal cases about custody and execution go to 五.
KIND_DEPARTMENT = {"criminal": "一", "civil": "六", "administrative": "七", "public_interest": "八"}
EXECUTION_TYPES = ("detention", "prison", "community_correction", "compulsory_medical")
#: Procurators per working department, by level.
PROCURATORS = {"provincial": 2, "municipal": 3, "basic": 4}

ADMIN_ORGANS = ["市场监督管理局", "生态环境局", "自然资源和规划局", "住房和城乡建设局", "交通运输局",
                "农业农村局", "卫生健康委员会", "教育局", "应急管理局", "人力资源和社会保障局", "税务局",
                "文化广电旅游局", "水利局", "城市管理局", "民政局", "财政局", "医疗保障局",
                "退役军人事务局", "林业局", "商务局", "统计局", "消防救援支队", "海事局", "烟草专卖局"]

#: Kind weights of new cases (per 100) and, per kind, the agency types its cases concern.
KIND_WEIGHTS = {"criminal": 45, "civil": 20, "administrative": 15, "public_interest": 20}
KIND_AGENCY_TYPES = {
    "criminal": {"police": 10, "court": 4, "detention": 3, "prison": 2, "community_correction": 2,
                 "compulsory_medical": 1},
    "civil": {"court": 1},
    "administrative": {"court": 2, "administrative": 5},
    "public_interest": {"administrative": 6, "judicial_administration": 1},
}
#: Instrument types (by code) per (kind, agency type), with weights; checked against the
#: types' ``addressee_types`` at run time, with ``recommendation`` (any addressee) as fallback.
TYPE_WEIGHTS = {
    ("criminal", "police"): {"correction_notice": 4, "correction_recommendation": 2,
                             "explain_non_filing": 1, "notice_to_file": 1, "recommendation": 1,
                             "custody_review": 1},
    ("criminal", "court"): {"correction_notice": 3, "correction_opinion": 1, "protest": 1,
                            "recommendation": 1, "commutation_correction": 1},
    ("civil", "court"): {"retrial_recommendation": 3, "execution_recommendation": 3,
                         "trial_conduct_recommendation": 2, "protest": 1, "recommendation": 1},
    ("administrative", "court"): {"recommendation": 2, "execution_recommendation": 1,
                                  "trial_conduct_recommendation": 1},
    ("administrative", "administrative"): {"procuratorial_opinion": 2, "recommendation": 3,
                                           "social_governance_recommendation": 1},
    ("public_interest", "administrative"): {"pil_pre_litigation": 5,
                                            "social_governance_recommendation": 1,
                                            "procuratorial_opinion": 1},
    ("public_interest", "judicial_administration"): {"pil_pre_litigation": 3,
                                                     "recommendation": 1},
}
EXECUTION_TYPE_WEIGHTS = {"correction_notice": 3, "correction_recommendation": 2,
                          "recommendation": 1, "correction_opinion": 1}

#: At 1M instruments: 300k cases and 150k instruments awaiting a reply. The other open states
#: scale with the awaiting count (the open workload), history with the instrument count.
CASES_PER_INSTRUMENT = 0.3
AWAITING_PER_INSTRUMENT = 0.15
OPEN_PER_150K_AWAITING = {"draft": 8000, "pending_approval": 4000, "approved": 2000,
                          "issued": 4000, "under_review": 2000, "replied": 15000,
                          "rectification_pending": 20000, "follow_up": 5000}
HISTORY_SHARE = {"withdrawn": 0.008, "voided": 0.002}  # of all instruments; the rest is closed
#: Awaiting instruments by due date: due today, within 7 days, overdue, later.
AWAITING_BUCKETS = (("today", 0.005), ("week", 0.06), ("overdue", 0.25))
HISTORY_YEARS = 5

PASSWORD = "bench-pass-2026"
KNOWN_USERS = {
    "province": "bench.province",   # supervisor at the root: sees every instrument
    "city": "bench.city",           # supervisor of the biggest city
    "procurator": "bench.procurator",  # procurator of the biggest district
    "liaison": "bench.liaison",     # the liaison of that district's court
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "志强", "海燕", "丽华", "国庆"]

TEXTS = {
    "facts": [
        ("经审查查明，该单位在办理相关案件过程中，存在未严格执行法定程序、未依法告知当事人权利义务等情形，"
         "相关卷宗材料记载不完整，部分文书送达回证缺失，影响了案件办理的规范性和公信力。"),
        ("本院在履行法律监督职责中发现，该单位在执法活动中存在执法依据引用不当、处罚裁量幅度不统一、"
         "部分案件超过法定期限未作出处理决定等问题，损害了行政相对人的合法权益。"),
        ("经调阅案卷、询问相关人员并实地走访核查，查明该单位对辖区内相关领域的监督管理存在薄弱环节，"
         "日常巡查记录流于形式，对群众反映的问题未能及时回应和处置。"),
        ("经依法调查核实，该单位在案件受理、立案、审查及结案等环节存在衔接不畅、流转不规范的问题，"
         "个别案件长期未作处理，当事人多次反映未获答复。"),
    ],
    "problems": [
        "上述情形违反了相关法律法规关于程序规范的规定，存在执法司法不规范的问题。",
        "上述问题反映出该单位内部管理制度不健全、监督制约机制未有效落实。",
        "上述行为不符合依法履职的要求，可能导致国家利益或者社会公共利益受到侵害。",
    ],
    "legal_basis": [
        "依照《中华人民共和国人民检察院组织法》第二十一条及《人民检察院检察建议工作规定》的规定，",
        "根据《中华人民共和国刑事诉讼法》第八条、《人民检察院刑事诉讼规则》第五百五十二条的规定，",
        "根据《中华人民共和国行政诉讼法》第十一条、第二十五条第四款的规定，",
    ],
    "body": [
        ("一、严格依照法定程序办理案件，规范文书制作与送达；二、加强内部监督管理，完善案件流转和审核机制；"
         "三、对类似问题开展专项排查，及时整改到位，并将整改情况书面回复本院。"),
        ("一、对本建议所指问题进行全面自查，依法纠正违法情形；二、健全执法责任制和过错追究制度；"
         "三、加强执法人员业务培训，提升规范执法能力。"),
        "一、依法全面履行监督管理职责，采取有效措施消除安全隐患；二、建立健全长效工作机制，防止类似问题再次发生。",
        "一、依法纠正上述违法情形；二、对相关责任人员依规依纪处理；三、举一反三，完善相关制度规定。",
    ],
    "reply": [
        ("收到贵院检察建议后，我单位高度重视，立即召开专题会议研究部署整改工作，逐项对照建议内容制定整改方案，"
         "明确责任部门和完成时限，目前各项整改措施已落实到位。"),
        "我单位对检察建议指出的问题全面进行了自查，已对相关案件依法予以纠正，并完善了内部审核制度，现将整改情况函复如下。",
        "针对检察建议所提问题，我单位已开展专项整治，对相关责任人员进行了批评教育，并建立了定期通报机制。",
    ],
    "summary": [
        "线索反映被监督单位在执法司法活动中存在违法情形，经初步审查，符合受理条件，依法受理审查。",
        "本院在履职中发现该领域存在侵害国家利益或者社会公共利益的问题，依职权立案审查。",
        "当事人不服相关处理结果向本院申请监督，经审查符合受理条件。",
    ],
}
CLUE_SOURCES = ["party_application", "complaint", "ex_officio", "ex_officio", "ex_officio",
                "assigned", "transferred", "hotline_12309"]


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def arr(texts: Sequence[str]) -> str:
    """``(ARRAY[…])`` of SQL string literals, to index with ``[1 + h % n]``."""
    return "(ARRAY[" + ",".join(lit(t) for t in texts) + "])"


def pick(texts: Sequence[str], hash_expr: str) -> str:
    return f"{arr(texts)}[1 + ({hash_expr}) % {len(texts)}]"


def H(expr: str, seed: int) -> str:
    """A deterministic non-negative pseudo-random integer of ``expr`` (< 2^31)."""
    return f"((hashint8extended(({expr})::bigint, {seed}) & 2147483647)::int)"


def U(expr: str, seed: int) -> str:
    """A deterministic pseudo-random float in [0, 1) of ``expr``."""
    return f"({H(expr, seed)}::float8 / 2147483648.0)"


def D(day: datetime.date) -> str:
    return f"DATE '{day.isoformat()}'"


def ts(date_expr: str, hour: int, jitter: str) -> str:
    """A timestamptz on ``date_expr`` at ``hour``:00 Asia/Shanghai plus ``jitter`` minutes."""
    return (f"((({date_expr}) + TIME '{hour:02d}:00' + make_interval(mins => ({jitter})::int))"
            f" AT TIME ZONE 'Asia/Shanghai')")


# --- scale ----------------------------------------------------------------------------------------

@dataclass
class Shape:
    """How many rows of each kind a build makes."""

    instruments: int
    today: datetime.date
    awaiting: int | None = None
    cases: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = self.instruments
        if self.awaiting is None:
            self.awaiting = round(n * AWAITING_PER_INSTRUMENT)
        self.cases = max(50, round(n * CASES_PER_INSTRUMENT))
        open_scale = self.awaiting / 150_000
        statuses = {"awaiting_reply": self.awaiting}
        statuses.update({s: round(c * open_scale) for s, c in OPEN_PER_150K_AWAITING.items()})
        statuses.update({s: round(share * n) for s, share in HISTORY_SHARE.items()})
        closed = n - sum(statuses.values())
        if closed < n * 0.2:
            raise SystemExit(f"--awaiting {self.awaiting} leaves too little history for "
                             f"{n} instruments (closed would be {closed})")
        statuses["closed"] = closed
        self.statuses = statuses

    @property
    def history_start(self) -> datetime.date:
        return self.today.replace(year=self.today.year - HISTORY_YEARS)

    @property
    def span(self) -> int:
        return (self.today - self.history_start).days


# --- running SQL ----------------------------------------------------------------------------------

def sql(statement: str, params: Sequence | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def scalar(statement: str, params: Sequence | None = None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
        return row[0] if row else None


def rows(statement: str, params: Sequence | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


@dataclass
class Column:
    name: str
    nullable: bool
    has_default: bool
    data_type: str


def table_columns(table: str) -> dict[str, Column]:
    found = rows(
        "SELECT column_name, is_nullable = 'YES', column_default IS NOT NULL OR is_identity = 'YES',"
        " data_type FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = %s ORDER BY ordinal_position", [table])
    if not found:
        raise SystemExit(f"table {table} not found: did migrate run?")
    return {name: Column(name, nullable, default, dtype) for name, nullable, default, dtype in found}


_TYPE_DEFAULTS = {"character varying": "''", "text": "''", "boolean": "false", "smallint": "0",
                  "integer": "0", "bigint": "0", "jsonb": "'{}'::jsonb",
                  "timestamp with time zone": "now()"}
warnings: list[str] = []


def insert_select(table: str, select: Sequence[tuple[str, str]], source: str,
                  *, say: Callable[[str], None] = print) -> int:
    """``INSERT INTO table (…) SELECT … source`` with the columns the table has *now*.

    ``select`` is ``(column, expression)`` pairs; pairs naming a column the table lacks are
    left out (so a builder written for a newer schema works on an older one), and a NOT NULL
    column the builder does not know is filled with its type's default and reported (a
    foreign key cannot be guessed: the build stops and says which)."""
    columns = table_columns(table)
    chosen = [(name, expr) for name, expr in select if name in columns]
    known = {name for name, _expr in chosen}
    for col in columns.values():
        if col.name in known or col.nullable or col.has_default:
            continue
        if col.name.endswith("_id") or col.data_type not in _TYPE_DEFAULTS:
            raise SystemExit(f"{table}.{col.name} ({col.data_type}, NOT NULL) is new to the "
                             f"bench: add it to bench/dataset.py")
        chosen.append((col.name, _TYPE_DEFAULTS[col.data_type]))
        note = f"{table}.{col.name}: NOT NULL column unknown to the bench, filled with its default"
        if note not in warnings:
            warnings.append(note)
            say("  warning: " + note)
    names = ", ".join(f'"{name}"' for name, _expr in chosen)
    exprs = ",\n       ".join(f"{expr} AS \"{name}\"" for name, expr in chosen)
    return sql(f"INSERT INTO {table} ({names})\nSELECT {exprs}\n{source}")


def insert_rows(table: str, columns: Sequence[str], values: Iterable[Sequence]) -> int:
    """A small table from Python rows (a few thousand at most)."""
    values = list(values)
    placeholders = ", ".join(["%s"] * len(columns))
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)
    return len(values)


#: The audit chain's columns for bench rows (see ``timeline``).
CHAIN = [("seq", "nextval('bench_audit_seq')"), ("prev_hash", "''"), ("hash", "''"),
         ("role", "''"), ("changes", "'{}'::jsonb")]


# --- index and constraint handling --------------------------------------------------------------

#: The big tables: their plain indexes and foreign keys are dropped during the load and
#: recreated after it (one sort per index, one join per foreign key instead of a trigger per
#: row); primary keys and unique indexes stay, so the load is checked as it goes.
BIG_TABLES = ["cases_supervisioncase", "cases_cluetransfer", "recommendations_recommendation",
              "recommendations_reply", "recommendations_recommendationextension",
              "recommendations_internaldeadline", "recommendations_deadlineevent",
              "recommendations_reviewrequest", "recommendations_followup",
              "supervision_auditentry"]


def drop_deferrable(tables: Sequence[str]) -> list[str]:
    """Drop the foreign keys and non-unique indexes of ``tables``; returns the statements
    that recreate them (indexes first), which are also kept in ``bench_restore`` so that an
    interrupted build can be told apart from a finished one."""
    fks = rows("""
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
        ORDER BY 1, 2""", [list(tables)])
    indexes = rows("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1""", [list(tables)])
    restore = [definition for _name, definition in indexes]
    restore += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                for table, name, definition in fks]
    sql("CREATE TABLE IF NOT EXISTS bench_restore (n int PRIMARY KEY, statement text NOT NULL)")
    insert_rows("bench_restore", ["n", "statement"], list(enumerate(restore)))
    for table, name, _definition in fks:
        sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        sql(f"DROP INDEX {name}")
    return restore


def restore_deferrable() -> int:
    statements = [s for (s,) in rows("SELECT statement FROM bench_restore ORDER BY n")]
    for statement in statements:
        sql(statement)
    sql("DROP TABLE bench_restore")
    return len(statements)


# --- the builder -----------------------------------------------------------------------------

class Builder:
    """One build; each public method is a step ``run.py`` times and prints."""

    def __init__(self, shape: Shape, say: Callable[[str], None] = print) -> None:
        self.shape = shape
        self.say = say
        self.today = shape.today
        self.TD = D(shape.today)
        self.HS = D(shape.history_start)
        self.info: dict[str, str] = {}

    # ---- helpers -------------------------------------------------------------------------
    def ids(self, statement: str) -> dict:
        return dict(rows(statement))

    # ---- step: session ---------------------------------------------------------------------
    def session(self) -> None:
        """Settings for this connection only: the server's configuration is left alone."""
        for setting in ("synchronous_commit = off", "work_mem = '512MB'",
                        "maintenance_work_mem = '2GB'", "max_parallel_maintenance_workers = 2",
                        "jit = off"):
            sql(f"SET {setting}")

    def drop_indexes(self) -> str:
        return f"{len(drop_deferrable(BIG_TABLES))} indexes/foreign keys deferred"

    # ---- step: organisation ----------------------------------------------------------------
    def organisation(self) -> str:
        from django.contrib.auth.hashers import make_password

        for table in ("supervision_procuratorate", "agencies_agency", "cases_supervisioncase"):
            if scalar(f"SELECT count(*) FROM {table}"):
                raise SystemExit(f"{table} is not empty: the bench builds into a new database")
        procs = []  # (id, name, short, level, parent, path, city_index)
        procs.append((1, PROVINCE[0], PROVINCE[1], "provincial", None, "/1/", None))
        next_id = 2
        city_ids = []
        for ci, city in enumerate(CITIES):
            cid = next_id
            next_id += 1
            city_ids.append(cid)
            procs.append((cid, f"{city}市人民检察院", f"{city[0]}检", "municipal", 1,
                          f"/1/{cid}/", ci))
        for ci, city in enumerate(CITIES):
            for k in range(DISTRICT_COUNTS[ci]):
                did = next_id
                next_id += 1
                district = DISTRICT_NAMES[k]
                procs.append((did, f"{city}市{district}区人民检察院", f"{city[0]}{district[0]}检",
                              "basic", city_ids[ci], f"/1/{city_ids[ci]}/{did}/", ci))
        assert len({p[2] for p in procs}) == len(procs), "short names must be unique"
        insert_rows("supervision_procuratorate",
                    ["id", "name", "short_name", "level", "parent_id", "path",
                     "has_follow_up_requests"],
                    [(p[0], p[1], p[2], p[3], p[4], p[5], False) for p in procs])
        known_city = city_ids[0]
        known_district = next(p[0] for p in procs if p[3] == "basic" and p[4] == known_city)
        self.info.update(known_city=str(known_city), known_district=str(known_district))

        # departments: id = proc * 10 + position
        depts = [(p[0] * 10 + i, p[0], name, code) for p in procs
                 for i, (name, code) in enumerate(DEPARTMENTS)]
        insert_rows("supervision_department", ["id", "procuratorate_id", "name", "code"], depts)
        dept_id = {(d[1], d[3]): d[0] for d in depts}

        # agencies
        agencies = []  # (name, type, sector, proc, level, region, superior_authority)
        for p in procs:
            pid, name, _short, level = p[:4]
            if level == "provincial":
                region, prefix = "东海省", "东海省"
                own = [("东海省高级人民法院", "court", ""), ("东海省公安厅", "police", ""),
                       ("东海省监狱管理局", "prison", ""), ("东海省司法厅", "judicial_administration", "")]
                own += [(f"{prefix}{organ.replace('局', '厅', 1) if organ.endswith('局') else organ}",
                         "administrative", organ) for organ in ADMIN_ORGANS]
                superior, alevel = "国务院有关部门", "provincial"
            elif level == "municipal":
                city = CITIES[p[6]]
                region = prefix = f"{city}市"
                own = [(f"{city}市中级人民法院", "court", ""), (f"{city}市公安局", "police", ""),
                       (f"{city}监狱", "prison", ""), (f"{city}市强制医疗所", "compulsory_medical", ""),
                       (f"{city}市监察委员会", "supervisory_commission", "")]
                own += [(f"{city}市{organ}", "administrative", organ) for organ in ADMIN_ORGANS[:23]]
                superior, alevel = "东海省有关厅局", "municipal"
            else:
                city = CITIES[p[6]]
                district = name.removeprefix(f"{city}市").removesuffix("人民检察院")
                region = prefix = f"{city}市{district}"
                own = [(f"{prefix}人民法院", "court", ""), (f"{city}市公安局{district}分局", "police", ""),
                       (f"{prefix}看守所", "detention", ""), (f"{prefix}司法局", "judicial_administration", "社区矫正"),
                       (f"{prefix}社区矫正中心", "community_correction", "")]
                own += [(f"{prefix}{organ}", "administrative", organ) for organ in ADMIN_ORGANS[:13]]
                superior, alevel = f"{city}市有关部门", "county"
            for aname, atype, sector in own:
                agencies.append((aname, atype, sector, pid, alevel, region, superior))
        agency_rows = [(i + 1, *a) for i, a in enumerate(agencies)]
        insert_rows("agencies_agency",
                    ["id", "name", "agency_type", "sector", "supervising_procuratorate_id", "level",
                     "region", "superior_authority", "address", "contact_name", "contact_phone",
                     "contact_phone_digest", "contact_email", "reply_requires_signoff"],
                    # no phone: "" is what an empty encrypted field and its digest store
                    [(*a, "", "", "", "", "", False) for a in agency_rows])
        self.agencies = agency_rows

        # users
        password = make_password(PASSWORD)  # hashed once, the same string for every user
        users = []  # (id, username, display, role, proc, dept, agency)
        # after the users migrations made (django-guardian's AnonymousUser)
        first_user = scalar("SELECT COALESCE(max(id), 0) FROM supervision_user") + 1

        def person(n: int) -> str:
            return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7 + n // len(SURNAMES)) % len(GIVEN)]

        def add(username: str, role: str, proc: int | None, dept: int | None,
                agency: int | None = None) -> int:
            uid = first_user + len(users)
            users.append((uid, username, person(uid), role, proc, dept, agency))
            return uid

        handlers = []  # (proc, code, idx, user)
        approvers, assistants = [], []
        for p in procs:
            pid, level = p[0], p[3]
            sup = "bench.province" if pid == 1 else "bench.city" if pid == known_city else f"p{pid}.sup"
            add(sup, "supervisor", pid, dept_id[pid, "案管"])
            if pid == 1:
                add("p1.sup", "supervisor", pid, dept_id[pid, "案管"])
            add(f"p{pid}.chief", "chief", pid, None)
            for code in WORKING_CODES:
                approvers.append((pid, code, add(f"p{pid}.{code}.approver", "approver", pid,
                                                 dept_id[pid, code])))
                assistants.append((pid, code, add(f"p{pid}.{code}.assistant", "assistant", pid,
                                                  dept_id[pid, code])))
                for k in range(PROCURATORS[level]):
                    name = ("bench.procurator" if (pid, code, k) == (known_district, "一", 0)
                            else f"p{pid}.{code}.proc{k}")
                    handlers.append((pid, code, k, add(name, "procurator", pid, dept_id[pid, code])))
        liaisons = []  # (agency, user)
        heads = []
        for a in agency_rows:
            aid, _name, atype, _sector, pid = a[:5]
            known = pid == known_district and atype == "court"
            liaisons.append((aid, add("bench.liaison" if known else f"a{aid}.liaison", "liaison",
                                      None, None, aid)))
            if aid % 5 == 0:  # a responsible head (单位负责人) at one agency in five
                heads.append((aid, add(f"a{aid}.head", "liaison", None, None, aid)))
        insert_rows("supervision_user",
                    ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
                     "is_staff", "is_active", "date_joined", "display_name", "role",
                     "procuratorate_id", "department_id", "agency_id", "has_shared_cases"],
                    [(u[0], password, False, u[1], "", "", f"{u[1]}@bench.invalid", False, True,
                      datetime.datetime(2021, 1, 4, 1, 0, tzinfo=datetime.UTC), u[2], u[3], u[4],
                      u[5], u[6], False) for u in users])
        created = datetime.datetime(2021, 1, 4, 2, 0, tzinfo=datetime.UTC)
        insert_rows("agencies_liaisonmembership",
                    ["user_id", "agency_id", "is_responsible", "is_active", "created_at"],
                    [(uid, aid, False, True, created) for aid, uid in liaisons]
                    + [(uid, aid, True, True, created) for aid, uid in heads])

        # pick tables the plans join on (small)
        sql("CREATE UNLOGGED TABLE bench_proc (proc_id bigint PRIMARY KEY, short text,"
            " level text, city text)")
        insert_rows("bench_proc", ["proc_id", "short", "level", "city"],
                    [(p[0], p[2], p[3], CITIES[p[6]] if p[6] is not None else "东海省")
                     for p in procs])
        sql("CREATE UNLOGGED TABLE bench_handler (proc_id bigint, code text, idx int, user_id bigint,"
            " PRIMARY KEY (proc_id, code, idx))")
        insert_rows("bench_handler", ["proc_id", "code", "idx", "user_id"], handlers)
        sql("CREATE UNLOGGED TABLE bench_staff (proc_id bigint, code text, approver_id bigint,"
            " assistant_id bigint, dept_id bigint, PRIMARY KEY (proc_id, code))")
        assistant = {(p, c): u for p, c, u in assistants}
        insert_rows("bench_staff", ["proc_id", "code", "approver_id", "assistant_id", "dept_id"],
                    [(p, c, u, assistant[p, c], dept_id[p, c]) for p, c, u in approvers])
        sql("CREATE UNLOGGED TABLE bench_liaison (agency_id bigint PRIMARY KEY, user_id bigint)")
        insert_rows("bench_liaison", ["agency_id", "user_id"], liaisons)

        # case weights: big cities more, the first districts of a city more
        weights = {1: 0.015}
        city_weight = [n ** 1.3 for n in DISTRICT_COUNTS]
        total = sum(city_weight)
        for ci, cid in enumerate(city_ids):
            share = (1 - weights[1]) * city_weight[ci] / total
            weights[cid] = share * 0.12
            districts = [p[0] for p in procs if p[4] == cid]
            dw = [1 / (k + 1) ** 0.6 for k in range(len(districts))]
            for did, w in zip(districts, dw, strict=True):
                weights[did] = share * 0.88 * w / sum(dw)
        slots, acc = [], 0.0
        for pid, w in weights.items():
            acc += w * 10000
            while len(slots) < round(acc):
                slots.append(pid)
        slots = (slots + [1] * 10000)[:10000]
        sql("CREATE UNLOGGED TABLE bench_proc_slot (slot int PRIMARY KEY, proc_id bigint)")
        insert_rows("bench_proc_slot", ["slot", "proc_id"], list(enumerate(slots)))
        return (f"{len(procs)} procuratorates, {len(depts)} departments, {len(agency_rows)} agencies, "
                f"{len(users)} users ({len(liaisons) + len(heads)} liaisons)")

    # ---- step: calendar and taxonomy pick tables --------------------------------------------
    def pick_tables(self) -> str:
        lo = self.shape.history_start - datetime.timedelta(days=500)
        hi = self.today + datetime.timedelta(days=500)
        sql(f"""
            CREATE UNLOGGED TABLE bench_cal AS
            WITH days AS (
              SELECT d::date AS d FROM generate_series({D(lo)}, {D(hi)}, interval '1 day') d)
            SELECT days.d, COALESCE(cd.is_workday, extract(isodow FROM days.d) < 6) AS work,
                   NULLIF(cd.name, '') AS holiday,
                   EXISTS (SELECT 1 FROM supervision_calendaryear y
                           WHERE y.year = extract(year FROM days.d)) AS published
            FROM days LEFT JOIN supervision_calendarday cd ON cd.date = days.d""")
        sql("""
            CREATE UNLOGGED TABLE bench_day AS
            SELECT d, work, published,
                   min(d) FILTER (WHERE work) OVER (ORDER BY d ROWS BETWEEN CURRENT ROW
                                                    AND UNBOUNDED FOLLOWING) AS next_work,
                   CASE WHEN work THEN NULL ELSE COALESCE(holiday, '休息日') END AS holiday
            FROM bench_cal""")
        sql("ALTER TABLE bench_day ADD PRIMARY KEY (d)")
        self.today_is_workday = bool(scalar(f"SELECT work FROM bench_day WHERE d = {self.TD}"))

        kinds = self.ids("SELECT code, id FROM supervision_supervisionkind")
        self.kinds = kinds
        # kind slots (per 100)
        kind_slots = [kinds[k] for k, w in KIND_WEIGHTS.items() for _ in range(w)]
        sql("CREATE UNLOGGED TABLE bench_kind_slot (slot int PRIMARY KEY, kind_id bigint)")
        insert_rows("bench_kind_slot", ["slot", "kind_id"], list(enumerate(kind_slots)))
        # leaf matters per kind
        sql("""CREATE UNLOGGED TABLE bench_matter AS
               SELECT m.kind_id, (row_number() OVER (PARTITION BY m.kind_id ORDER BY m.id) - 1)::int
                      AS idx, m.id AS matter_id, m.name,
                      count(*) OVER (PARTITION BY m.kind_id) AS n
               FROM supervision_matter m
               WHERE NOT EXISTS (SELECT 1 FROM supervision_matter c WHERE c.parent_id = m.id)""")
        # agencies per (procuratorate, kind), weighted by type
        picks = []
        by_proc: dict[int, dict[str, list[int]]] = {}
        for a in self.agencies:
            by_proc.setdefault(a[4], {}).setdefault(a[2], []).append(a[0])
        for pid, types in by_proc.items():
            for kind, weights in KIND_AGENCY_TYPES.items():
                lst = []
                for atype, w in weights.items():
                    for aid in types.get(atype, []):
                        lst += [aid] * w
                if not lst:
                    raise SystemExit(f"procuratorate {pid} has no agency for {kind}")
                picks += [(pid, kinds[kind], i, aid) for i, aid in enumerate(lst)]
        sql("CREATE UNLOGGED TABLE bench_agency_pick (proc_id bigint, kind_id bigint, idx int,"
            " agency_id bigint, PRIMARY KEY (proc_id, kind_id, idx))")
        insert_rows("bench_agency_pick", ["proc_id", "kind_id", "idx", "agency_id"], picks)
        sql("CREATE UNLOGGED TABLE bench_agency_count AS SELECT proc_id, kind_id, count(*)::int AS n"
            " FROM bench_agency_pick GROUP BY 1, 2")
        # instrument types per (kind, agency type)
        types = rows("""SELECT t.id, t.code, t.addressee_types, t.number_code, t.name,
                               r.code, r.amount, r.unit, r.legal_basis, r.shift_holidays
                        FROM recommendations_instrumenttype t
                        JOIN supervision_periodrule r ON r.id = t.period_rule_id
                        WHERE t.requires_reply""")
        by_code = {t[1]: t for t in types}
        type_picks = []
        atypes = {a[2] for a in self.agencies}
        for kind, weights in KIND_AGENCY_TYPES.items():
            for atype in weights:
                if atype not in atypes:
                    continue
                table = (EXECUTION_TYPE_WEIGHTS if kind == "criminal" and atype in EXECUTION_TYPES
                         else TYPE_WEIGHTS.get((kind, atype), {"recommendation": 1}))
                lst = []
                for code, w in table.items():
                    t = by_code.get(code)
                    if t is not None and (not t[2] or atype in t[2]):
                        lst += [t[0]] * w
                if not lst:
                    lst = [by_code["recommendation"][0]]
                type_picks += [(kinds[kind], atype, i, tid) for i, tid in enumerate(lst)]
        sql("CREATE UNLOGGED TABLE bench_type_pick (kind_id bigint, agency_type text, idx int,"
            " type_id bigint, PRIMARY KEY (kind_id, agency_type, idx))")
        insert_rows("bench_type_pick", ["kind_id", "agency_type", "idx", "type_id"], type_picks)
        sql("CREATE UNLOGGED TABLE bench_type_count AS SELECT kind_id, agency_type, count(*)::int AS n"
            " FROM bench_type_pick GROUP BY 1, 2")
        sql("CREATE UNLOGGED TABLE bench_type (type_id bigint PRIMARY KEY, code text, type_code text,"
            " type_name text, rule_code text, amount int, unit text, legal_basis text,"
            " shift boolean)")
        insert_rows("bench_type", ["type_id", "code", "type_code", "type_name", "rule_code", "amount",
                                   "unit", "legal_basis", "shift"],
                    [(t[0], t[1], t[3], t[4], t[5], t[6], t[7], t[8], t[9]) for t in types])
        self.internal_rules = self.ids(
            "SELECT code, row_to_json(r)::text FROM supervision_periodrule r")
        sql("CREATE UNLOGGED TABLE bench_matter_count AS SELECT kind_id, count(*)::int AS n"
            " FROM bench_matter GROUP BY 1")
        sql("CREATE UNLOGGED TABLE bench_handler_count AS SELECT proc_id, code, count(*)::int AS n"
            " FROM bench_handler GROUP BY 1, 2")
        for (table,) in rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                             " AND tablename LIKE 'bench\\_%%'"):
            sql(f"ANALYZE {table}")
        workday = "a working day" if self.today_is_workday else "NOT a working day: no due date can fall on it"
        return f"calendar {lo}…{hi}; today {self.today} is {workday}"

    # ---- step: the case plan ---------------------------------------------------------------
    def case_plan(self) -> str:
        C, span, HS, TD = self.shape.cases, self.shape.span, self.HS, self.TD
        crim = self.kinds["criminal"]
        kind_dept = " ".join(f"WHEN {self.kinds[k]} THEN '{c}'" for k, c in KIND_DEPARTMENT.items())
        execution = ", ".join(f"'{t}'" for t in EXECUTION_TYPES)
        # In three stages, each a table with statistics, so that every join is an equality
        # the planner can hash (a pick index computed from a count in one stage is joined on
        # in the next).
        sql(f"""
            CREATE UNLOGGED TABLE bench_case_a AS
            SELECT a.j, a.accepted_on, a.proc_id, a.kind_id,
                   {H('a.j', 13)} % ac.n AS aidx, {H('a.j', 14)} % mc.n AS midx
            FROM (SELECT j, {HS} + ((j - 1)::bigint * {span} / {C})::int AS accepted_on,
                         ps.proc_id, ks.kind_id
                  FROM generate_series(1, {C}) j
                  JOIN bench_proc_slot ps ON ps.slot = {H('j', 11)} % 10000
                  JOIN bench_kind_slot ks ON ks.slot = {H('j', 12)} % 100) a
            JOIN bench_agency_count ac ON ac.proc_id = a.proc_id AND ac.kind_id = a.kind_id
            JOIN bench_matter_count mc ON mc.kind_id = a.kind_id""")
        sql("ANALYZE bench_case_a")
        sql(f"""
            CREATE UNLOGGED TABLE bench_case_b AS
            SELECT b.*, {H('b.j', 16)} % hc.n AS hidx
            FROM (SELECT a.j, a.accepted_on, a.proc_id, a.kind_id, ap.agency_id, ag.agency_type,
                         ag.name AS agency_name, m.matter_id, m.name AS matter_name,
                         CASE WHEN a.kind_id = {crim} AND ag.agency_type IN ({execution}) THEN '五'
                              ELSE CASE a.kind_id {kind_dept} END END AS code
                  FROM bench_case_a a
                  JOIN bench_agency_pick ap ON ap.proc_id = a.proc_id AND ap.kind_id = a.kind_id
                       AND ap.idx = a.aidx
                  JOIN agencies_agency ag ON ag.id = ap.agency_id
                  JOIN bench_matter m ON m.kind_id = a.kind_id AND m.idx = a.midx) b
            JOIN bench_handler_count hc ON hc.proc_id = b.proc_id AND hc.code = b.code""")
        sql("ANALYZE bench_case_b")
        sql(f"""
            CREATE UNLOGGED TABLE bench_case AS
            SELECT b.j, b.accepted_on, b.proc_id, b.kind_id, b.agency_id, b.agency_type,
                   b.agency_name, b.code, b.matter_id, b.matter_name,
                   h.user_id AS handler_id, st.approver_id, st.dept_id,
                   CASE WHEN {H('b.j', 15)} % 2 = 0 THEN st.assistant_id END AS assistant_id,
                   p.short, p.city,
                   p.short || k.case_code || '〔' || extract(year FROM b.accepted_on) || '〕'
                     || row_number() OVER (PARTITION BY b.proc_id, b.kind_id,
                                           extract(year FROM b.accepted_on) ORDER BY b.j)
                     || '号' AS number
            FROM bench_case_b b
            JOIN bench_proc p ON p.proc_id = b.proc_id
            JOIN supervision_supervisionkind k ON k.id = b.kind_id
            JOIN bench_staff st ON st.proc_id = b.proc_id AND st.code = b.code
            JOIN bench_handler h ON h.proc_id = b.proc_id AND h.code = b.code AND h.idx = b.hidx""")
        sql("DROP TABLE bench_case_a, bench_case_b")
        sql("ALTER TABLE bench_case ADD PRIMARY KEY (j)")
        got = scalar("SELECT count(*) FROM bench_case")
        if got != C:
            raise SystemExit(f"case plan has {got} rows, expected {C}")
        # The case page's case: a criminal case of the known district about a year old, handled
        # by the known procurator; it collects instruments in instrument_plan().
        big = scalar(f"""
            SELECT j FROM bench_case WHERE proc_id = {self.info['known_district']}
              AND code = '一' AND accepted_on <= {TD} - 330 ORDER BY accepted_on DESC, j LIMIT 1""")
        procurator = scalar("SELECT id FROM supervision_user WHERE username = %s",
                            [KNOWN_USERS["procurator"]])
        sql(f"UPDATE bench_case SET handler_id = {procurator} WHERE j = {big}")
        self.info["big_case"] = str(big)
        sql("ANALYZE bench_case")
        return f"{C} cases planned; the case page's case is #{big}"

    # ---- step: the instrument plan ------------------------------------------------------------
    def instrument_plan(self) -> str:
        s = self.shape
        C, span, HS, TD = s.cases, s.span, self.HS, self.TD
        bounds, acc = [], 0
        for status in ["awaiting_reply", *OPEN_PER_150K_AWAITING, *HISTORY_SHARE, "closed"]:
            acc += s.statuses[status]
            bounds.append(f"WHEN g <= {acc} THEN '{status}'")
        status_case = "CASE " + " ".join(bounds) + " END"
        b_today, b_week, b_over = (b[1] for b in AWAITING_BUCKETS)
        today_share = b_today if self.today_is_workday else 0.0
        # the earliest day the instrument was drafted (its case was accepted before it)
        lb = f"""CASE status
              WHEN 'awaiting_reply' THEN {TD} - 110 - (CASE WHEN bucket = 'overdue' THEN age ELSE 0 END)
              WHEN 'under_review' THEN anchor - 16
              WHEN 'follow_up' THEN anchor - 16
              WHEN 'withdrawn' THEN anchor - 16
              WHEN 'replied' THEN anchor - 105
              WHEN 'rectification_pending' THEN anchor - 155
              ELSE anchor END"""
        sql(f"""
            CREATE UNLOGGED TABLE bench_plan AS
            WITH p AS (
              SELECT g, {status_case} AS status,
                     {U('g', 21)} AS u, 1 + floor(400 * power({U('g', 23)}, 2))::int AS age
              FROM generate_series(1, {s.instruments}) g
            ), q AS (
              SELECT p.g, p.status, p.age,
                CASE WHEN p.status <> 'awaiting_reply' THEN NULL
                     WHEN p.u < {today_share} THEN 'today'
                     WHEN p.u < {today_share + b_week} THEN 'week'
                     WHEN p.u < {today_share + b_week + b_over} THEN 'overdue' ELSE 'later' END AS bucket,
                CASE p.status
                  WHEN 'under_review' THEN {TD} - 10 - {H('p.g', 24)} % 50
                  WHEN 'follow_up' THEN {TD} - 120 - {H('p.g', 24)} % 240
                  WHEN 'withdrawn' THEN {HS} + 160 + floor({U('p.g', 25)} * {span - 460})::int
                  WHEN 'replied' THEN {TD} - {H('p.g', 24)} % 45
                  WHEN 'rectification_pending' THEN {TD} - {H('p.g', 24)} % 90
                  WHEN 'draft' THEN {TD} - {H('p.g', 24)} % 30
                  WHEN 'pending_approval' THEN {TD} - 3 - {H('p.g', 24)} % 20
                  WHEN 'approved' THEN {TD} - 5 - {H('p.g', 24)} % 15
                  WHEN 'issued' THEN {TD} - 8 - {H('p.g', 24)} % 10
                  WHEN 'voided' THEN {HS} + 150 + floor({U('p.g', 25)} * {span - 400})::int
                  WHEN 'closed' THEN {HS} + 150 + floor({U('p.g', 25)} * {span - 410})::int
                END AS anchor
              FROM p
            ), r AS (
              SELECT q.*, {lb} AS lb FROM q
            )
            SELECT r.g, r.status, r.bucket, r.age, r.anchor,
                   -- a case accepted in the 120 days before lb (case ids grow with acceptance)
                   GREATEST(1, LEAST({C}, floor((r.lb - 120 - {HS})::float8 * {C} / {span})::int + 1))
                   + {H('r.g', 26)} % GREATEST(1,
                       LEAST({C}, floor((r.lb - 1 - {HS})::float8 * {C} / {span})::int + 1)
                       - GREATEST(1, LEAST({C}, floor((r.lb - 120 - {HS})::float8 * {C} / {span})::int + 1))
                       + 1) AS case_j
            FROM r""")
        big = self.info["big_case"]
        big_acc = scalar(f"SELECT accepted_on FROM bench_case WHERE j = {big}")
        # 60 instruments of the known district drafted after the big case was accepted join it
        sql(f"""
            UPDATE bench_plan SET case_j = {big} WHERE g IN (
              SELECT bp.g FROM bench_plan bp JOIN bench_case c ON c.j = bp.case_j
              WHERE c.proc_id = {self.info['known_district']} AND c.code = '一'
                AND c.accepted_on > {D(big_acc)} + 5 AND c.j <> {big}
              ORDER BY {H('bp.g', 27)} LIMIT 60)""")
        sql("ANALYZE bench_plan")
        # dates, per state, from the anchors and the instrument type's period
        sql(f"""
            CREATE UNLOGGED TABLE bench_plan2 AS
            SELECT bp.*, c.proc_id, c.agency_id, c.agency_type, c.agency_name, c.kind_id,
                   c.code AS dept_code, c.handler_id, c.approver_id, c.accepted_on, c.short,
                   c.matter_name, {H('bp.g', 31)} % tc.n AS tidx
            FROM bench_plan bp
            JOIN bench_case c ON c.j = bp.case_j
            JOIN bench_type_count tc ON tc.kind_id = c.kind_id AND tc.agency_type = c.agency_type""")
        sql("ANALYZE bench_plan2")
        sql(f"""
            CREATE UNLOGGED TABLE bench_rec0 AS
            WITH q AS (
              SELECT bp.*, tp.type_id
              FROM bench_plan2 bp
              JOIN bench_type_pick tp ON tp.kind_id = bp.kind_id AND tp.agency_type = bp.agency_type
                   AND tp.idx = bp.tidx
            ), t AS (
              SELECT bt.*, make_interval(months => CASE WHEN unit = 'months' THEN amount ELSE 0 END,
                                         days => CASE WHEN unit = 'days' THEN amount ELSE 0 END) AS per,
                     CASE WHEN unit = 'months' THEN amount * 30 ELSE amount END AS pdays
              FROM bench_type bt
            ), q2 AS (
              SELECT q.*, t.per, t.pdays, t.amount, t.unit, t.rule_code, t.legal_basis,
                     t.type_code, t.type_name,
                     CASE q.bucket WHEN 'today' THEN {TD}
                                   WHEN 'week' THEN {TD} + 1 + {H('q.g', 32)} % 7
                                   WHEN 'overdue' THEN {TD} - q.age
                                   WHEN 'later' THEN {TD} + 8
                                        + floor({U('q.g', 33)} * (GREATEST(t.pdays, 9) - 8))::int
                     END AS target
              FROM q JOIN t ON t.type_id = q.type_id
            )
            SELECT q2.*, CASE q2.status
                WHEN 'awaiting_reply' THEN LEAST({TD}, (q2.target - q2.per)::date)
                WHEN 'under_review' THEN q2.anchor
                WHEN 'follow_up' THEN q2.anchor
                WHEN 'withdrawn' THEN q2.anchor
                WHEN 'closed' THEN q2.anchor + 16
                WHEN 'replied' THEN q2.anchor - 3 - floor({U('q2.g', 41)} * 0.9 * q2.pdays)::int
                WHEN 'rectification_pending' THEN q2.anchor - 30 - {H('q2.g', 42)} % 25
                     - floor({U('q2.g', 41)} * 0.9 * q2.pdays)::int
              END AS served_on
            FROM q2""")
        sql("ANALYZE bench_rec0")
        n0 = scalar("SELECT count(*) FROM bench_rec0")
        if n0 != s.instruments:
            raise SystemExit(f"instrument plan has {n0} rows, expected {s.instruments}")
        self._instrument_dates()
        return self._plan_summary()

    def _instrument_dates(self) -> None:
        TD = self.TD
        esc = _settings_ints("DEADLINE_ESCALATION_DAYS")
        sql(f"""
            CREATE UNLOGGED TABLE bench_rec1 AS
            WITH a AS (
              SELECT r.*, raw.d AS raw_end, raw.next_work AS due_date, raw.holiday AS shifted,
                     NOT (raw.published AND due.published) AS provisional
              FROM bench_rec0 r
              LEFT JOIN bench_day raw ON raw.d = (r.served_on + r.per)::date
              LEFT JOIN bench_day due ON due.d = raw.next_work
            ), b AS (
              SELECT a.*,
                -- issued (I), approved (A) and drafted (C0) dates
                CASE WHEN a.served_on IS NOT NULL THEN a.served_on - 1 - {H('a.g', 51)} % 4
                     WHEN a.status IN ('issued', 'voided') THEN a.anchor + 3 + {H('a.g', 52)} % 3
                END AS i_on,
                -- the reply (R)
                CASE a.status
                  WHEN 'replied' THEN a.anchor
                  WHEN 'rectification_pending' THEN a.anchor - 5 - {H('a.g', 53)} % 25
                  WHEN 'closed' THEN CASE WHEN {U('a.g', 54)} < 0.08
                                          THEN a.due_date + 1 + {H('a.g', 55)} % 30
                                          ELSE a.served_on + 5 + floor({U('a.g', 56)}
                                               * GREATEST(a.due_date - a.served_on - 5, 1))::int END
                END AS r_on
              FROM a
            ), c AS (
              SELECT b.*,
                CASE WHEN b.i_on IS NOT NULL AND b.served_on IS NOT NULL THEN b.i_on - 1 - {H('b.g', 57)} % 3
                     WHEN b.status IN ('approved', 'issued', 'voided') THEN b.anchor + 2
                END AS a_on,
                -- the evaluation (E): closes the reply's evaluation
                CASE b.status WHEN 'rectification_pending' THEN b.anchor
                              WHEN 'closed' THEN b.r_on + 5 + {H('b.g', 58)} % 30 END AS e_on,
                {U('b.g', 59)} < 0.2 AS rect_branch,
                -- a review request (RV) for under_review / withdrawn; follow-up (F)
                CASE b.status WHEN 'under_review' THEN LEAST({TD} - 1, b.served_on + 3 + {H('b.g', 60)} % 20)
                              WHEN 'withdrawn' THEN b.served_on + 5 + {H('b.g', 60)} % 15 END AS rv_on,
                CASE WHEN b.status = 'follow_up'
                     THEN LEAST({TD} - 1, b.due_date + {esc[0]} + {H('b.g', 61)} % 30) END AS f_on
              FROM b
            )
            SELECT c.*,
              CASE WHEN c.served_on IS NOT NULL THEN c.a_on - 2 - {H('c.g', 62)} % 8
                   ELSE c.anchor END AS c_on,
              -- when the instrument left the open states (the case may close after it)
              CASE c.status
                WHEN 'closed' THEN CASE WHEN c.rect_branch THEN c.e_on + 30 + {H('c.g', 63)} % 30 ELSE c.e_on END
                WHEN 'withdrawn' THEN c.rv_on + 7
                WHEN 'voided' THEN c.i_on + 2 + {H('c.g', 64)} % 5
              END AS x_on
            FROM c""")
        sql("ANALYZE bench_rec1")

    def _plan_summary(self) -> str:
        got = dict(rows("SELECT status, count(*) FROM bench_rec1 GROUP BY 1"))
        return ", ".join(f"{k} {v}" for k, v in sorted(got.items(), key=lambda kv: -kv[1]))

    # ---- step: final instrument rows (ids in drafting order, document numbers) ----------------
    def instrument_rows(self) -> str:
        TD = self.TD
        issued = "r.i_on IS NOT NULL"
        sql(f"""
            CREATE UNLOGGED TABLE bench_rec AS
            SELECT row_number() OVER (ORDER BY r.c_on, r.g) AS id, r.*,
                   {ts('r.c_on', 9, H('r.g', 71) + ' % 420')} AS created_at,
                   CASE WHEN r.a_on IS NOT NULL THEN {ts('r.a_on', 10, H('r.g', 72) + ' % 360')} END AS approved_at,
                   CASE WHEN {issued} THEN {ts('r.i_on', 11, H('r.g', 73) + ' % 300')} END AS issued_at,
                   CASE WHEN {issued} THEN r.short || r.dept_code || r.type_code || '〔'
                        || extract(year FROM r.i_on) || '〕'
                        || row_number() OVER (PARTITION BY r.proc_id, r.dept_code, r.type_code,
                                              extract(year FROM r.i_on), {issued}
                                              ORDER BY r.i_on, r.g) || '号' END AS number,
                   CASE WHEN r.status IN ('closed', 'withdrawn', 'voided') THEN false ELSE true END AS is_open
            FROM bench_rec1 r""")
        sql("ALTER TABLE bench_rec ADD PRIMARY KEY (id)")
        sql("CREATE INDEX ON bench_rec (case_j)")
        sql("ANALYZE bench_rec")
        bad = scalar(f"""SELECT count(*) FROM bench_rec WHERE c_on < accepted_on OR c_on > {TD}
                         OR (served_on IS NOT NULL AND (served_on > {TD} OR served_on < i_on))
                         OR r_on > {TD} OR e_on > {TD} OR x_on > {TD}""")
        if bad:
            self.say(f"  warning: {bad} instruments with inconsistent dates")
        for table in ("bench_plan", "bench_plan2", "bench_rec0", "bench_rec1"):
            sql(f"DROP TABLE {table}")
        return f"{scalar('SELECT count(*) FROM bench_rec')} instruments planned"

    # ---- step: cases --------------------------------------------------------------------------
    def cases(self) -> str:
        TD = self.TD
        select = [
            ("id", "c.j"), ("number", "c.number"), ("procuratorate_id", "c.proc_id"),
            ("department_id", "c.dept_id"), ("kind_id", "c.kind_id"), ("matter_id", "c.matter_id"),
            ("agency_id", "c.agency_id"),
            ("clue_source", pick(CLUE_SOURCES, H("c.j", 81))),
            ("title", "'关于' || c.agency_name || c.matter_name || '问题的监督案'"),
            ("summary", pick(TEXTS["summary"], H("c.j", 82))),
            ("juvenile", f"{H('c.j', 83)} % 20 = 0"),
            ("status", "s.status"),
            ("handler_id", "c.handler_id"), ("assistant_id", "c.assistant_id"),
            ("accepted_on", "c.accepted_on"), ("closed_on", "s.closed_on"),
            ("outcome_note", "CASE WHEN s.closed_on IS NOT NULL THEN '经审查，依法作出处理决定，案件办结。' ELSE '' END"),
            ("search_text", ("c.number || chr(10) || '关于' || c.agency_name || c.matter_name"
                             f" || '问题的监督案' || chr(10) || {pick(TEXTS['summary'], H('c.j', 82))}")),
            ("created_at", ts("c.accepted_on", 9, H("c.j", 84) + " % 480")),
        ]
        source = f"""
            FROM bench_case c
            LEFT JOIN (SELECT case_j, count(*) FILTER (WHERE is_open) AS n_open,
                              count(*) FILTER (WHERE is_open AND served_on IS NOT NULL) AS n_served,
                              max(x_on) AS last_close
                       FROM bench_rec GROUP BY case_j) a ON a.case_j = c.j
            CROSS JOIN LATERAL (
              SELECT CASE WHEN a.n_served > 0 THEN 'supervising'
                          WHEN a.n_open > 0 THEN 'reviewing'
                          WHEN a.case_j IS NOT NULL THEN 'closed'
                          WHEN c.accepted_on > {TD} - 60 THEN
                               CASE WHEN {H('c.j', 85)} % 2 = 0 THEN 'accepted' ELSE 'reviewing' END
                          WHEN {H('c.j', 85)} % 10 < 7 THEN 'not_supported'
                          WHEN {H('c.j', 85)} % 10 < 9 THEN 'terminated'
                          ELSE 'closed' END AS status) st
            CROSS JOIN LATERAL (
              SELECT st.status,
                     CASE WHEN st.status NOT IN ('closed', 'not_supported', 'terminated') THEN NULL
                          WHEN a.case_j IS NOT NULL THEN LEAST({TD}, GREATEST(a.last_close, c.accepted_on)
                                                                 + {H('c.j', 86)} % 20)
                          ELSE LEAST({TD}, c.accepted_on + 30 + {H('c.j', 86)} % 60) END AS closed_on) s
            ORDER BY c.j"""
        return f"{insert_select('cases_supervisioncase', select, source, say=self.say)} cases"

    # ---- step: instruments ----------------------------------------------------------------------
    def instruments(self) -> str:
        served = "r.served_on IS NOT NULL"
        explanation = f"""CASE WHEN {served} THEN jsonb_build_object(
              'start', r.served_on, 'rule_code', r.rule_code, 'amount', r.amount, 'unit', r.unit,
              'raw_end', r.raw_end, 'due_date', CASE WHEN e.old_due IS NOT NULL THEN e.old_due ELSE r.due_date END,
              'shifted_for', r.shifted, 'provisional', r.provisional, 'legal_basis', r.legal_basis,
              'clock_start', 'service', 'verified', true,
              'extensions', CASE WHEN e.old_due IS NOT NULL THEN jsonb_build_array(jsonb_build_object(
                   'new_due', r.due_date, 'reason', '单位申请，经审查准许延长', 'raw', r.due_date,
                   'provisional', r.provisional)) ELSE '[]'::jsonb END,
              'override_reason', '', 'shift_holidays', true) ELSE '{{}}'::jsonb END"""
        adoption = f"""CASE WHEN r.status = 'rectification_pending' THEN 'adopted_in_progress'
                            WHEN r.status = 'closed' AND r.rect_branch THEN 'adopted_in_progress'
                            WHEN r.status = 'closed' THEN {pick(['adopted_rectified'] * 7 + ['partly_adopted', 'partly_adopted', 'not_adopted'], H('r.g', 91))}
                            ELSE '' END"""
        select = [
            ("id", "r.id"), ("case_id", "r.case_j"), ("procuratorate_id", "r.proc_id"),
            ("instrument_type_id", "r.type_id"), ("agency_id", "r.agency_id"),
            ("title", "'关于规范' || r.matter_name || '工作的' || r.type_name"),
            ("case_source", "'本院在履行法律监督职责中发现。'"),
            ("facts", pick(TEXTS["facts"], H("r.g", 92))),
            ("problems", pick(TEXTS["problems"], H("r.g", 93))),
            ("legal_basis", pick(TEXTS["legal_basis"], H("r.g", 94)) + " || '特提出如下建议：'"),
            ("body", pick(TEXTS["body"], H("r.g", 95))),
            ("status", "r.status"), ("drafted_by_id", "r.handler_id"),
            ("approved_by_id", "CASE WHEN r.approved_at IS NOT NULL THEN r.approver_id END"),
            ("approved_at", "r.approved_at"), ("return_reason", "''"),
            ("number", "r.number"), ("issued_at", "r.issued_at"), ("issued_on", "r.i_on"),
            ("pdf", "''"), ("pdf_sha256", "''"),
            ("served_on", "r.served_on"),
            ("service_method", f"CASE WHEN {served} THEN {pick(['direct', 'direct', 'mail', 'electronic'], H('r.g', 96))} ELSE '' END"),
            ("due_date", "r.due_date"), ("due_provisional", f"COALESCE({served} AND r.provisional, false)"),
            ("due_explanation", explanation), ("created_at", "r.created_at"),
            ("period_amount", "NULL"), ("period_unit", "''"), ("period_reason", "''"),
            ("batch_id", "NULL"), ("receipt", "''"), ("receipt_name", "''"),
            ("adoption", adoption),
            ("rectified", "CASE WHEN r.status = 'closed' AND (r.rect_branch OR " + H('r.g', 91) + " % 10 < 7) THEN true END"),
            ("revision", "0"),  # the API detail's cache key (recommendations.revision)
            # the days of the first reply and of the evaluation, as the services copy them
            ("first_reply_on", "r.r_on"), ("last_evaluated_on", "r.e_on"),
            # the case's columns the instrument keeps a copy of (Recommendation.CASE_COPIES)
            ("case_department_id", "cs.department_id"), ("case_handler_id", "cs.handler_id"),
            ("case_kind_id", "cs.kind_id"),
            # when the row was last written (the sweep's second look reads it): at noon, before
            # the build's sweep of today (17:00), so that a sweep after it is idle
            ("clock_changed_at", ts("GREATEST(r.c_on, r.a_on, r.i_on, r.served_on, r.r_on, r.e_on,"
                                    " r.rv_on, r.f_on, r.x_on)", 12, "0")),
        ]
        self._extension_plan()
        source = ("FROM bench_rec r JOIN cases_supervisioncase cs ON cs.id = r.case_j "
                  "LEFT JOIN bench_ext e ON e.id = r.id AND e.status = 'granted' ORDER BY r.id")
        n = insert_select("recommendations_recommendation", select, source, say=self.say)
        return f"{n} instruments"

    def _extension_plan(self) -> None:
        """Which instruments have an extension: granted (4% of served instruments with a
        period of two months or more), an open request (2% of those awaiting a reply), refused
        (1% of closed)."""
        TD = self.TD
        sql(f"""
            CREATE UNLOGGED TABLE bench_ext AS
            SELECT id, CASE WHEN status = 'awaiting_reply' AND due_date >= {TD} AND {H('g', 101)} % 50 = 0
                            THEN 'requested'
                            WHEN status = 'closed' AND {H('g', 101)} % 100 = 1 THEN 'refused'
                            ELSE 'granted' END AS status,
                   due_date - 30 AS old_due
            FROM bench_rec
            WHERE served_on IS NOT NULL AND pdays >= 60
              AND ({H('g', 101)} % 25 = 3
                   OR (status = 'awaiting_reply' AND due_date >= {TD} AND {H('g', 101)} % 50 = 0)
                   OR (status = 'closed' AND {H('g', 101)} % 100 = 1))""")
        sql("ALTER TABLE bench_ext ADD PRIMARY KEY (id)")
        sql("ANALYZE bench_ext")

    # ---- step: what follows an instrument --------------------------------------------------------
    def instrument_children(self) -> str:
        TD = self.TD
        counts = []
        # replies (and a supplement to one closed instrument in twenty)
        n = insert_select("recommendations_reply", [
            ("recommendation_id", "r.id"), ("author_id", "l.user_id"),
            ("content", pick(TEXTS["reply"], H("r.g", 111))),
            ("measures", "'已制定整改方案并落实到位。'"), ("attachment", "''"), ("attachment_name", "''"),
            ("submitted_at", ts("r.r_on", 13, H("r.g", 112) + " % 180")),
            ("supplement_to_id", "NULL"), ("signed_off_by_id", "NULL"),
        ], "FROM bench_rec r JOIN bench_liaison l ON l.agency_id = r.agency_id "
           "WHERE r.r_on IS NOT NULL ORDER BY r.id")
        n += insert_select("recommendations_reply", [
            ("recommendation_id", "r.id"), ("author_id", "l.user_id"),
            ("content", "'现将后续整改情况补充报告如下：相关制度已修订完成并印发执行。'"),
            ("measures", "''"), ("attachment", "''"), ("attachment_name", "''"),
            ("submitted_at", ts("LEAST(r.r_on + 20, " + TD + ")", 15, H("r.g", 113) + " % 120")),
            ("supplement_to_id", "rp.id"), ("signed_off_by_id", "NULL"),
        ], "FROM bench_rec r JOIN bench_liaison l ON l.agency_id = r.agency_id "
           "JOIN recommendations_reply rp ON rp.recommendation_id = r.id "
           f"WHERE r.status = 'closed' AND {H('r.g', 114)} % 20 = 0 ORDER BY r.id")
        counts.append(f"{n} replies")
        # extensions
        n = insert_select("recommendations_recommendationextension", [
            ("recommendation_id", "e.id"), ("status", "e.status"),
            ("requested_by_id", "l.user_id"),
            ("requested_at", ts("CASE WHEN e.status = 'requested' THEN " + TD + " - " + H("r.g", 121)
                                + " % 5 ELSE e.old_due - 10 END", 9, "0")),
            ("requested_due", "CASE WHEN e.status = 'granted' THEN r.due_date ELSE r.due_date + 30 END"),
            ("request_reason", "'整改工作涉及多个部门，需要延长回复期限。'"),
            ("old_due", "CASE WHEN e.status = 'granted' THEN e.old_due ELSE r.due_date END"),
            ("new_due", "CASE WHEN e.status = 'granted' THEN r.due_date END"),
            ("reason", ("CASE WHEN e.status = 'refused' THEN '理由不充分，不予准许。' "
                        "WHEN e.status = 'granted' THEN '单位申请，经审查准许延长' ELSE '' END")),
            ("decided_by_id", "CASE WHEN e.status <> 'requested' THEN r.handler_id END"),
            ("decided_at", "CASE WHEN e.status <> 'requested' THEN " + ts("e.old_due - 8", 16, "0") + " END"),
            ("created_at", ts("CASE WHEN e.status = 'requested' THEN " + TD + " - " + H("r.g", 121)
                              + " % 5 ELSE e.old_due - 10 END", 9, "0")),
        ], "FROM bench_ext e JOIN bench_rec r ON r.id = e.id "
           "JOIN bench_liaison l ON l.agency_id = r.agency_id ORDER BY e.id")
        counts.append(f"{n} extensions")
        # internal deadlines: (kind, start, period, closed) per state
        rules = {k: _rule(self.internal_rules[v]) for k, v in {
            "evaluation": "reply_evaluation", "verification": "rectification_verification",
            "review_decision": "review_request", "extension_decision": "extension_decision"}.items()}
        plan = f"""
            SELECT r.id, r.g, r.handler_id, r.proc_id, k.kind, k.start, k.closed
            FROM bench_rec r
            LEFT JOIN bench_ext e ON e.id = r.id AND e.status = 'requested'
            CROSS JOIN LATERAL (VALUES
              ('evaluation', r.r_on, CASE WHEN r.status = 'replied' THEN NULL ELSE r.e_on END,
               r.status IN ('replied', 'rectification_pending')
               OR (r.status = 'closed' AND {H('r.g', 131)} % 10 < 4)),
              ('verification', r.e_on, CASE WHEN r.status = 'closed' THEN r.x_on END,
               r.status = 'rectification_pending' OR (r.status = 'closed' AND r.rect_branch
                                                      AND {H('r.g', 131)} % 10 < 4)),
              ('review_decision', r.rv_on, CASE WHEN r.status = 'withdrawn' THEN r.x_on - 7 END,
               r.status IN ('under_review', 'withdrawn')),
              ('extension_decision', {TD} - {H('r.g', 121)} % 5, NULL::date, e.id IS NOT NULL)
            ) k(kind, start, closed, wanted)
            WHERE k.wanted"""
        period_case = " ".join(
            f"WHEN '{kind}' THEN make_interval(months => {r['amount'] if r['unit'] == 'months' else 0},"
            f" days => {r['amount'] if r['unit'] == 'days' else 0})" for kind, r in rules.items())
        rule_code = " ".join(f"WHEN '{kind}' THEN {lit(r['code'])}" for kind, r in rules.items())
        basis = " ".join(f"WHEN '{kind}' THEN {lit(r['legal_basis'])}" for kind, r in rules.items())
        amount = " ".join(f"WHEN '{kind}' THEN {r['amount']}" for kind, r in rules.items())
        unit = " ".join(f"WHEN '{kind}' THEN {lit(r['unit'])}" for kind, r in rules.items())
        sql(f"""CREATE UNLOGGED TABLE bench_internal AS
                SELECT p.*, day.next_work AS due_date, (p.start + CASE p.kind {period_case} END)::date AS raw_end,
                       day.holiday AS shifted, NOT day.published AS provisional
                FROM ({plan}) p
                JOIN bench_day day ON day.d = (p.start + CASE p.kind {period_case} END)::date""")
        n = insert_select("recommendations_internaldeadline", [
            ("recommendation_id", "i.id"), ("procuratorate_id", "i.proc_id"),
            ("kind", "i.kind"), ("responsible_id", "i.handler_id"),
            ("start", "i.start"), ("due_date", "i.due_date"), ("due_provisional", "i.provisional"),
            ("due_explanation", f"""jsonb_build_object('start', i.start, 'rule_code', CASE i.kind {rule_code} END,
                'amount', CASE i.kind {amount} END, 'unit', CASE i.kind {unit} END,
                'raw_end', i.raw_end, 'due_date', i.due_date, 'shifted_for', i.shifted,
                'provisional', i.provisional, 'legal_basis', CASE i.kind {basis} END,
                'clock_start', 'receipt', 'verified', true, 'extensions', '[]'::jsonb,
                'override_reason', '', 'shift_holidays', true)"""),
            ("opened_at", ts("i.start", 13, H("i.g", 132) + " % 180")),
            ("closed_at", "CASE WHEN i.closed IS NOT NULL THEN " + ts("i.closed", 15, H("i.g", 133) + " % 120") + " END"),
            ("closed_by_id", "CASE WHEN i.closed IS NOT NULL THEN i.handler_id END"),
            ("clock_changed_at", ts("COALESCE(i.closed, i.start)", 12, "0")),
        ], "FROM bench_internal i ORDER BY i.id, i.kind")
        sql("DROP TABLE bench_internal")
        counts.append(f"{n} internal deadlines")
        # review requests (open for under_review, upheld for withdrawn), follow-ups, voided numbers
        n = insert_select("recommendations_reviewrequest", [
            ("recommendation_id", "r.id"),
            ("kind", "'objection'"), ("reason", "'我单位认为该检察建议认定的事实与实际情况不符，特提出异议。'"),
            ("requested_by_id", "l.user_id"), ("requested_at", ts("r.rv_on", 10, "0")),
            ("outcome", "CASE WHEN r.status = 'withdrawn' THEN 'upheld' ELSE '' END"),
            ("decision_reason", "CASE WHEN r.status = 'withdrawn' THEN '经复查，异议成立，撤回文书。' ELSE '' END"),
            ("decided_by_id", "CASE WHEN r.status = 'withdrawn' THEN r.approver_id END"),
            ("decided_at", "CASE WHEN r.status = 'withdrawn' THEN " + ts("r.x_on", 16, "0") + " END"),
        ], "FROM bench_rec r JOIN bench_liaison l ON l.agency_id = r.agency_id "
           "WHERE r.status IN ('under_review', 'withdrawn') ORDER BY r.id")
        n += insert_select("recommendations_followup", [
            ("recommendation_id", "r.id"), ("kind", "'urge'"), ("taken_on", "r.f_on"),
            ("recipient", "r.agency_name"), ("note", "'逾期未回复，依法催告。'"),
            ("created_by_id", "r.handler_id"), ("created_at", ts("r.f_on", 10, "0")),
            ("higher_action", "''"),
        ], "FROM bench_rec r WHERE r.status = 'follow_up' ORDER BY r.id")
        n += insert_select("recommendations_voidednumber", [
            ("number", "r.number"), ("recommendation_id", "r.id"),
            ("reason", "'文书内容有误，作废后重新制发。'"), ("voided_by_id", "r.approver_id"),
            ("voided_at", ts("r.x_on", 10, "0")),
        ], "FROM bench_rec r WHERE r.status = 'voided' ORDER BY r.id")
        counts.append(f"{n} review requests, follow-ups and voided numbers")
        return ", ".join(counts)

    # ---- step: clue transfers -------------------------------------------------------------------
    def transfers(self) -> str:
        TD = self.TD
        big = self.info["big_case"]
        rule = _rule(self.internal_rules["default"])
        period = (f"make_interval(months => {rule['amount'] if rule['unit'] == 'months' else 0},"
                  f" days => {rule['amount'] if rule['unit'] == 'days' else 0})")
        sql(f"""
            CREATE UNLOGGED TABLE bench_transfer AS
            SELECT c.j, k.k, c.handler_id, c.short, c.city,
                   LEAST({TD} - 1, c.accepted_on + 20 + {H('c.j * 7 + k.k', 141)} % 40) AS t_on
            FROM bench_case c
            CROSS JOIN LATERAL generate_series(1, CASE WHEN c.j = {big} THEN 3 ELSE 1 END) k(k)
            WHERE (c.j = {big} OR {H('c.j', 142)} % 100 < 5) AND c.accepted_on + 21 <= {TD}""")
        n = insert_select("cases_cluetransfer", [
            ("case_id", "t.j"), ("recipient_kind", "'supervisory_commission'"),
            ("recipient", "t.city || '监察委员会'"), ("recipient_agency_id", "NULL"),
            ("clue", "'办案中发现相关工作人员涉嫌违纪违法的线索，依法移送处理。'"),
            ("letter_number", ("t.short || '移〔' || extract(year FROM t.t_on) || '〕' || row_number() "
                               "OVER (PARTITION BY t.short, extract(year FROM t.t_on)"
                               " ORDER BY t.t_on, t.j, t.k) || '号'")),
            ("transferred_on", "t.t_on"), ("due_date", "day.next_work"),
            ("due_provisional", "NOT day.published"),
            ("due_explanation", f"""jsonb_build_object('start', t.t_on, 'rule_code', {lit(rule['code'])},
                'amount', {rule['amount']}, 'unit', {lit(rule['unit'])},
                'raw_end', (t.t_on + {period})::date, 'due_date', day.next_work, 'shifted_for', day.holiday,
                'provisional', NOT day.published, 'legal_basis', {lit(rule['legal_basis'])},
                'clock_start', 'service', 'verified', true, 'extensions', '[]'::jsonb,
                'override_reason', '', 'shift_holidays', true)"""),
            ("transferred_by_id", "t.handler_id"),
            ("replied_on", "rep.replied_on"),
            ("reply_summary", "CASE WHEN rep.replied_on IS NOT NULL THEN '已立案审查，处理结果另行通报。' ELSE '' END"),
            ("reply_recorded_by_id", "CASE WHEN rep.replied_on IS NOT NULL THEN t.handler_id END"),
            ("created_at", ts("t.t_on", 10, H("t.j", 143) + " % 300")),
            ("clock_changed_at", ts("COALESCE(rep.replied_on, t.t_on)", 12, "0")),
        ], f"""FROM bench_transfer t
               JOIN bench_day day ON day.d = (t.t_on + {period})::date
               CROSS JOIN LATERAL (SELECT CASE WHEN t.t_on + 75 < {TD} AND {H('t.j * 7 + t.k', 144)} % 10 < 9
                                     THEN LEAST({TD}, t.t_on + 10 + {H('t.j * 7 + t.k', 145)} % 60) END AS replied_on) rep
               ORDER BY t.t_on, t.j, t.k""")
        sql("DROP TABLE bench_transfer")
        return f"{n} clue transfers"

    # ---- step: the timeline (audit entries) ------------------------------------------------------
    def timeline(self) -> str:
        """Audit entries as the services would have written them. Their ``seq`` comes from a
        sequence and the chain's hashes are left empty: the bench measures reads, and
        computing 3 million SHA-256 links in Python would double the build (a bench database's
        ``audit_verify`` therefore reports the first entry, by design)."""
        total = 0
        sql("DROP SEQUENCE IF EXISTS bench_audit_seq")
        sql("CREATE SEQUENCE bench_audit_seq")
        sql("SELECT setval('bench_audit_seq', "
            "(SELECT COALESCE(MAX(seq), 0) + 1 FROM supervision_auditentry), false)")
        # cases: registration, and the finishing decision
        total += insert_select("supervision_auditentry", [
            ("actor_id", "c.handler_id"), ("action", "'case_register'"),
            ("target_type", "'cases.supervisioncase'"), ("target_id", "c.id::text"),
            ("data", "jsonb_build_object('number', c.number)"), ("created_at", "c.created_at"),
            *CHAIN,
        ], "FROM cases_supervisioncase c")
        total += insert_select("supervision_auditentry", [
            ("actor_id", "c.handler_id"),
            ("action", ("CASE c.status WHEN 'closed' THEN 'case_close' WHEN 'not_supported' "
                        "THEN 'case_not_support' ELSE 'case_terminate' END")),
            ("target_type", "'cases.supervisioncase'"), ("target_id", "c.id::text"),
            ("data", "jsonb_build_object('status', c.status, 'closed_on', c.closed_on::text)"),
            ("created_at", ts("c.closed_on", 16, "(c.id % 60)")), *CHAIN,
        ], "FROM cases_supervisioncase c WHERE c.closed_on IS NOT NULL")
        # clue transfers
        total += insert_select("supervision_auditentry", [
            ("actor_id", "t.transferred_by_id"), ("action", "a.action"),
            ("target_type", "'cases.cluetransfer'"), ("target_id", "t.id::text"),
            ("data", "a.data"), ("created_at", "a.at"), *CHAIN,
        ], """FROM cases_cluetransfer t CROSS JOIN LATERAL (VALUES
                ('clue_transfer_create', t.created_at,
                 jsonb_build_object('recipient', t.recipient, 'due_date', t.due_date::text)),
                ('clue_transfer_reply', (t.replied_on + TIME '15:00') AT TIME ZONE 'Asia/Shanghai',
                 jsonb_build_object('replied_on', t.replied_on::text))) a(action, at, data)
              WHERE a.at IS NOT NULL""")
        # instruments: the whole path for open ones; issue and reply for history
        steps = f"""
            ('recommendation_draft', r.created_at, r.handler_id, '{{}}'::jsonb, r.is_open),
            ('recommendation_submit', r.created_at + interval '1 day', r.handler_id, '{{}}'::jsonb,
             r.is_open AND r.status <> 'draft'),
            ('recommendation_approve', r.approved_at, r.approver_id, '{{}}'::jsonb, r.is_open),
            ('recommendation_issue', r.issued_at, r.approver_id,
             jsonb_build_object('number', r.number, 'sha256', ''), true),
            ('recommendation_serve', {ts('r.served_on', 15, '0')}, r.handler_id,
             jsonb_build_object('served_on', r.served_on::text, 'due_date', r.due_date::text,
                                'method', 'direct'), r.status <> 'closed'),
            ('reply_submit', {ts('r.r_on', 13, H('r.g', 112) + ' % 180')}, l.user_id,
             jsonb_build_object('signed_off_by', 'None'), true),
            ('recommendation_evaluate', {ts('r.e_on', 15, '0')}, r.handler_id,
             jsonb_build_object('outcome', 'adopted_in_progress'), r.is_open),
            ('review_request', {ts('r.rv_on', 10, '0')}, l.user_id,
             jsonb_build_object('kind', 'objection'), true),
            ('review_decide', CASE WHEN r.status = 'withdrawn' THEN {ts('r.x_on', 16, '0')} END,
             r.approver_id, jsonb_build_object('outcome', 'upheld'), true),
            ('follow_up_record', {ts('r.f_on', 10, '0')}, r.handler_id,
             jsonb_build_object('kind', 'urge'), true),
            ('recommendation_void', CASE WHEN r.status = 'voided' THEN {ts('r.x_on', 10, '0')} END,
             r.approver_id, jsonb_build_object('number', r.number), true)"""
        total += insert_select("supervision_auditentry", [
            ("actor_id", "a.actor"), ("action", "a.action"),
            ("target_type", "'recommendations.recommendation'"), ("target_id", "r.id::text"),
            ("data", "a.data"), ("created_at", "a.at"), *CHAIN,
        ], f"""FROM bench_rec r JOIN bench_liaison l ON l.agency_id = r.agency_id
               CROSS JOIN LATERAL (VALUES {steps}) a(action, at, actor, data, wanted)
               WHERE a.wanted AND a.at IS NOT NULL""")
        sql("UPDATE supervision_auditchainhead SET seq = (SELECT MAX(seq) FROM supervision_auditentry)")
        sql("DROP SEQUENCE bench_audit_seq")
        return f"{total} audit entries"

    # ---- step: deadline events as daily sweeps up to yesterday would have written them -----------
    def deadline_events(self) -> str:
        """Every reminder, overdue notice and escalation a sweep run each day up to yesterday
        wrote (reminder k on due − k, overdue on due + 1, escalation i on due + age_i), for
        clocks that were still running on that day; delivered. Today's sweep is the app's own
        (``sweep_today``)."""
        yesterday = f"{self.TD} - 1"
        reminders = _settings_ints("DEADLINE_REMINDER_DAYS")
        escalations = _settings_ints("DEADLINE_ESCALATION_DAYS")
        events = [f"('reminder', {k}, -{k})" for k in sorted(set(reminders))]
        events.append("('overdue', 1, 1)")
        rec_events = events + [f"('escalation', {i}, {age})" for i, age in enumerate(escalations, 1)]
        fire = "(x.due_date + e.delta)"
        created = ts(fire, 0, "5 + x.key % 50")
        delivered = f"{created} + interval '2 minutes'"
        total = 0
        # instruments' reply clocks: running until the reply / review / follow-up / withdrawal
        total += insert_select("recommendations_deadlineevent", [
            ("recommendation_id", "x.id"), ("deadline_id", "NULL"), ("transfer_id", "NULL"),
            ("kind", "e.kind"), ("offset_days", "e.off"), ("due_date", "x.due_date"),
            ("created_at", created), ("delivered_at", delivered),
        ], f"""FROM (SELECT r.id, r.id AS key, r.due_date, r.served_on,
                            CASE r.status WHEN 'awaiting_reply' THEN NULL
                                          WHEN 'under_review' THEN r.rv_on WHEN 'withdrawn' THEN r.rv_on
                                          WHEN 'follow_up' THEN r.f_on ELSE r.r_on END AS stop
                     FROM bench_rec r WHERE r.served_on IS NOT NULL) x
               CROSS JOIN (VALUES {', '.join(rec_events)}) e(kind, off, delta)
               WHERE {fire} <= {yesterday} AND {fire} >= x.served_on
                 AND (x.stop IS NULL OR {fire} < x.stop)""")
        # the procuratorate's own deadlines, running until closed
        total += insert_select("recommendations_deadlineevent", [
            ("recommendation_id", "x.recommendation_id"), ("deadline_id", "x.id"), ("transfer_id", "NULL"),
            ("kind", "e.kind"), ("offset_days", "e.off"), ("due_date", "x.due_date"),
            ("created_at", created), ("delivered_at", delivered),
        ], f"""FROM (SELECT d.id, d.id AS key, d.recommendation_id, d.due_date, d.start,
                            (d.closed_at AT TIME ZONE 'Asia/Shanghai')::date AS stop
                     FROM recommendations_internaldeadline d) x
               CROSS JOIN (VALUES {', '.join(events)}) e(kind, off, delta)
               WHERE {fire} <= {yesterday} AND {fire} > x.start
                 AND (x.stop IS NULL OR {fire} < x.stop)""")
        # clue transfers, running until the feedback
        total += insert_select("recommendations_deadlineevent", [
            ("recommendation_id", "NULL"), ("deadline_id", "NULL"), ("transfer_id", "x.id"),
            ("kind", "e.kind"), ("offset_days", "e.off"), ("due_date", "x.due_date"),
            ("created_at", created), ("delivered_at", delivered),
        ], f"""FROM (SELECT t.id, t.id AS key, t.due_date, t.transferred_on, t.replied_on AS stop
                     FROM cases_cluetransfer t) x
               CROSS JOIN (VALUES {', '.join(events)}) e(kind, off, delta)
               WHERE {fire} <= {yesterday} AND {fire} > x.transferred_on
                 AND (x.stop IS NULL OR {fire} < x.stop)""")
        return f"{total} deadline events"

    # ---- step: numbering counters, id sequences, clean-up ------------------------------------
    def counters(self) -> str:
        # the case-number and document-number counters continue after the numbers used
        sql("""INSERT INTO cases_casenumbersequence (procuratorate_id, kind_id, year, last_value)
               SELECT procuratorate_id, kind_id, extract(year FROM accepted_on)::int, count(*)
               FROM cases_supervisioncase GROUP BY 1, 2, 3""")
        sql("""INSERT INTO recommendations_documentnumbersequence
                 (procuratorate_id, department_code, type_code, year, last_value)
               SELECT proc_id, dept_code, type_code, extract(year FROM i_on)::int, count(*)
               FROM bench_rec WHERE i_on IS NOT NULL GROUP BY 1, 2, 3, 4""")
        n = 0
        for (table,) in rows("""
                SELECT c.table_name FROM information_schema.columns c
                WHERE c.table_schema = current_schema() AND c.column_name = 'id'
                  AND c.is_identity = 'YES'"""):
            sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" GREATEST((SELECT max(id) FROM {table}), 1))")
            n += 1
        return f"{n} id sequences set"

    def drop_plan_tables(self) -> None:
        for (table,) in rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                             " AND tablename LIKE 'bench\\_%%'"
                             " AND tablename NOT IN ('bench_info', 'bench_restore')"):
            sql(f"DROP TABLE {table}")

    def restore_indexes(self) -> str:
        return f"{restore_deferrable()} indexes/foreign keys recreated (and checked)"

    def vacuum(self) -> str:
        sql("RESET maintenance_work_mem")
        sql("SET maintenance_work_mem = '1GB'")
        sql("VACUUM ANALYZE")
        return "VACUUM ANALYZE"

    def save_info(self, extra: dict[str, str]) -> None:
        sql("CREATE TABLE IF NOT EXISTS bench_info (key text PRIMARY KEY, value text NOT NULL)")
        for key, value in {**self.info, **extra}.items():
            sql("INSERT INTO bench_info (key, value) VALUES (%s, %s) ON CONFLICT (key)"
                " DO UPDATE SET value = EXCLUDED.value", [key, str(value)])


def _rule(row_json: str) -> dict:
    import json

    return json.loads(row_json)


def _settings_ints(name: str) -> list[int]:
    from django.conf import settings

    return [int(x) for x in getattr(settings, name)]


def read_info() -> dict[str, str]:
    try:
        return dict(rows("SELECT key, value FROM bench_info"))
    except Exception:  # noqa: BLE001 - no table: not a finished bench database
        return {}


MAIN_TABLES = ["supervision_procuratorate", "agencies_agency", "supervision_user",
               "cases_supervisioncase", "cases_cluetransfer", "recommendations_recommendation",
               "recommendations_reply", "recommendations_recommendationextension",
               "recommendations_internaldeadline", "recommendations_deadlineevent",
               "supervision_auditentry"]


def table_counts() -> dict[str, int]:
    return {t: scalar(f"SELECT count(*) FROM {t}") for t in MAIN_TABLES}


def status_counts() -> dict[str, int]:
    return dict(rows("SELECT status, count(*) FROM recommendations_recommendation GROUP BY 1"
                     " ORDER BY 2 DESC"))


def timed(label: str, fn: Callable[[], str | None], log: list, say: Callable[[str], None]) -> None:
    start = time.perf_counter()
    note = fn()
    seconds = time.perf_counter() - start
    log.append({"step": label, "seconds": round(seconds, 2), "note": note or ""})
    say(f"  {label:<28} {seconds:8.1f} s  {note or ''}")


def ceil_div(a: int, b: int) -> int:
    return math.ceil(a / b)
