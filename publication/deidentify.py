"""De-identification of the texts published on the public page (检务公开, seed 002 §4).

Two pure functions, no database: :func:`deidentify` rewrites a text for publication, and
:func:`findings` says what in a text still looks like personal data. The approval service
publishes ``deidentify(text)`` and refuses while ``findings`` of it is not empty, so a text
reaches the public page only when the check finds nothing left (docs/public-page.md).

The rules, in the order they are applied (each sees the previous one's output):

1. what the source case itself knows (:class:`Known`): the parties' addresses, ID numbers and
   other identifiers (the related court/police case numbers) are removed wherever they occur,
   spaces between their characters allowed;
2. ID numbers by their shape (18 digits with a valid birth date, the last may be X; the old
   15-digit form) and any run of 12 or more digits (bank cards, account numbers);
3. telephone numbers: mainland mobiles (``13812345678``, ``+86 138 1234 5678``), landlines with
   an area code (``0580-1234567``, ``（0580）1234567``) and any number after 电话/手机/联系方式;
4. addresses: the text after 住/住址/住所地/家住/户籍地 … when it names a street, village or
   house number, and any 省/市/区/县/镇 … 路/街/巷/村 … 号/室 sequence;
5. the case's organisations (parties that are units) become 某公司 / 某单位;
6. every person's name becomes 某某: the parties' names and the names of the case's staff
   (longest first, spaces between characters allowed); a surname already shortened to
   “张某” / “张某某” (also compound surnames, 欧阳某) becomes 某某 too — one form for everyone,
   so no surname is left; and a name written after a role word (申请人、被告人、证人 …) whose
   first character is a common surname is taken as a name even when the case does not know it.

:func:`findings` is deliberately stricter than :func:`deidentify`: it also reports a known
person's given name standing alone (王建国's “建国”) and any run of seven or more digits that is
not an amount, which the rewrite leaves alone because they are too often innocent. The
proposer rewrites such a passage by hand; approval waits until nothing is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from supervision.names import COMPOUND_SURNAMES

#: What a person's name becomes. One form for everyone (no surname kept).
NAME = "某某"
#: What a party that is a unit becomes (某公司 when its name ends with 公司).
ORGANISATION = "某单位"
COMPANY = "某公司"
#: What an ID, account or telephone number becomes.
NUMBER = "××××"
#: What an address becomes.
PLACE = "某地"

#: Common single-character surnames (about 90% of the population), without the ones that are
#: also everyday function words (于 向 和 时 …), which would turn ordinary text into names.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶苏魏"
    "吕丁沈姚卢姜崔钟谭陆汪廖贾夏韦邹孟熊秦邱尹薛闫段雷侯龙陶黎贺顾毛郝龚邵钱覃武戴莫孔汤"
    "庞樊兰殷翁倪柳鲍郑傅岳齐康易乔赖葛文詹欧牛鲁季霍柴祝甘")
#: Surnames that precede 某 in ordinary words too (准许某某 → 许): not rewritten before 某.
_NOT_BEFORE_MOU = frozenset("许文易齐")
#: Words after which a person's name follows (申请人李明向…).
ROLE_WORDS = ("被申请人", "申请执行人", "申请人", "当事人", "犯罪嫌疑人", "嫌疑人", "被告人",
              "被告", "原告", "被害人", "受害人", "证人", "罪犯", "服刑人员", "社区矫正对象",
              "被执行人", "第三人", "法定代表人", "负责人", "举报人", "控告人", "申诉人",
              "代理人", "辩护人", "律师", "村民", "居民", "男子", "女子", "驾驶员", "经营者",
              "未成年人", "监护人", "亲属", "之子", "之女", "其子", "其女", "妻子", "丈夫")
#: Characters that end a name: grammar, never the second character of a given name here.
_NAME_STOP = "向于在因与和的等将对被已称系是把从到及诉以之也都均仍即就并且而但则某、，。：:；;（）() \n"

_HAN = "\u4e00-\u9fff"
_SEP = r"[\s\u3000]*"


@dataclass(frozen=True)
class Known:
    """What the source case knows about the people and units in it."""

    persons: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    #: ID numbers, credit codes, related case numbers: removed wherever they occur.
    identifiers: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """Something in a text that still looks like personal data."""

    kind: str  # "name" | "id" | "phone" | "address"
    text: str
    position: int = 0


@dataclass
class _Rules:
    """Compiled patterns for one :class:`Known` (built per call: cheap, and pure)."""

    known: Known
    persons: list[re.Pattern] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = sorted({n.strip() for n in self.known.persons if len(n.strip()) >= 2},
                       key=len, reverse=True)
        self.persons = [_spaced(n) for n in names]


def _spaced(text: str) -> re.Pattern:
    """``text`` with any spaces between its characters."""
    return re.compile(_SEP.join(re.escape(c) for c in text if not c.isspace()))


# --- Numbers ---------------------------------------------------------------------------------

_DATE = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
ID_18 = re.compile(rf"(?<![0-9A-Za-z])[1-9]\d{{5}}[\s-]?{_DATE}[\s-]?\d{{3}}[\dXx](?![0-9A-Za-z])")
ID_15 = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
                   r"(?![0-9A-Za-z])")
LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{12,19}[Xx]?(?![0-9A-Za-z])")
_CC = r"(?:(?:\+|00)86[\s-]?|86[\s-])?"
MOBILE = re.compile(rf"(?<![\d+]){_CC}1[3-9]\d(?:[\s-]?\d){{8}}(?!\d)")
LANDLINE = re.compile(rf"(?<![\d+]){_CC}(?:[（(]0\d{{2,3}}[）)]|0\d{{2,3}})[\s-]?\d{{7,8}}"
                      r"(?:[-转]\d{1,6})?(?!\d)")
PHONE_AFTER_WORD = re.compile(
    r"(电话|手机号码|手机号|手机|联系方式|联系电话|座机|微信号|微信|tel|Tel|TEL)([:：\s]*)"
    r"([+\d（）()\-\s]{5,}\d)")
#: Seven or more digits in a row that are not an amount or a measure (findings only).
_BARE_DIGITS = re.compile(r"(?<![\d.])\d{7,}(?![\d.]|\s*(?:元|万|亿|余|多|平方|米|吨|公斤|千克|克|亩|%|％|人|次|件|个|年))")

# --- Addresses -------------------------------------------------------------------------------

#: Characters that never belong to a place name: grammar and the words of organs' names, so a
#: pattern does not run from 人民法院 into the address after it.
_PLACE_STOP = "的了在于对向从至到是为被将把和与及或住居家址位院法局所队部委会厅处科庭等并且而经因由其该某年月日"
_PLACE_CHAR = rf"(?:(?![{_PLACE_STOP}])[{_HAN}])"
_DIVISION = rf"{_PLACE_CHAR}{{1,7}}?(?:省|自治区|市|自治州|地区|区|县|旗|镇|乡|街道)"
_STREET = (rf"(?:{_PLACE_CHAR}|[\dA-Za-z]){{1,10}}?"
           r"(?:大道|大街|路|街|巷|弄|胡同|村|社区|小区|花园|公寓|大厦|新村|苑)")
_HOUSE = r"[\d０-９一二三四五六七八九十百零〇]+(?:[-－—][\d０-９]+)?(?:号楼|号|弄|组|幢|栋|单元|楼|层|室|户)"
ADDRESS = re.compile(rf"(?:{_DIVISION})*{_STREET}(?:{_HOUSE})+")
#: Two or more house-number parts without a street (3幢502室, 12号3单元).
HOUSE_PARTS = re.compile(rf"(?:{_HOUSE}){{2,}}")
_HOUSE_RE = re.compile(_HOUSE)
#: House numbers standing alone (3幢501室): findings only.
HOUSE_NUMBER = re.compile(r"\d+(?:号楼|幢|栋|单元)\d*|\d+室")
ADDRESS_AFTER_WORD = re.compile(
    r"(户籍所在地|户籍地|经常居住地|居住地|住所地|住址|地址|住所|家住|现住|居住于|住在|住(?![房院宿建户址所]))"
    r"([:：为在于是]?)([^\s，。；、,;）)]{2,40})")
_ADDRESS_MARK = re.compile(r"路|街|巷|弄|村|号|室|幢|栋|小区|组|单元|镇|乡|社区|公寓|大厦")


def _replace_known(text: str, values: Iterable[str], by: str) -> str:
    for value in sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True):
        text = _spaced(value).sub(by, text)
    return text


def _numbers(text: str, known: Known) -> str:
    text = _replace_known(text, known.identifiers, NUMBER)
    text = _replace_known(text, known.phones, NUMBER)
    for pattern in (ID_18, ID_15, LONG_NUMBER):
        text = pattern.sub(NUMBER, text)
    text = PHONE_AFTER_WORD.sub(lambda m: m.group(1) + m.group(2) + NUMBER, text)
    for pattern in (MOBILE, LANDLINE):
        text = pattern.sub(NUMBER, text)
    return text


def _addresses(text: str, known: Known) -> str:
    text = _replace_known(text, known.addresses, PLACE)

    def after_word(m: re.Match) -> str:
        place = m.group(3)
        if not _ADDRESS_MARK.search(place) or place.startswith(PLACE):
            return m.group(0)
        # Up to the last house-number part: what follows it is the sentence, not the address.
        ends = [h.end() for h in _HOUSE_RE.finditer(place)]
        rest = place[ends[-1]:] if ends else ""
        return m.group(1) + m.group(2) + PLACE + rest

    text = ADDRESS_AFTER_WORD.sub(after_word, text)
    text = ADDRESS.sub(PLACE, text)
    return HOUSE_PARTS.sub(PLACE, text)


def _organisations(text: str, known: Known) -> str:
    for name in sorted({n.strip() for n in known.organisations if len(n.strip()) >= 2},
                       key=len, reverse=True):
        text = text.replace(name, COMPANY if name.endswith("公司") else ORGANISATION)
    return text


_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{''.join(sorted(SURNAMES))}])"
_SURNAME_MOU = ("(?:" + "|".join(COMPOUND_SURNAMES)
                + f"|[{''.join(sorted(SURNAMES - _NOT_BEFORE_MOU))}])")
#: 张某, 张某某, 欧阳某某: a surname left before 某.
SURNAME_MOU = re.compile(rf"{_SURNAME_MOU}某某?(?!某)")
_GIVEN = rf"(?:(?![{re.escape(_NAME_STOP)}])[{_HAN}])"
#: Words that begin with a surname's character and often follow a role word (当事人陈述).
_NOT_NAMES = ("陈述", "陈列", "曾经", "曾多", "许可", "周知", "董事", "钱款", "高于", "高度",
              "高额", "黄金", "马上", "罗列", "齐全", "康复", "易于", "文化", "文书", "程序",
              "毛利", "龙头", "汤药", "贺信", "柴油", "甘愿", "乔装", "鲁莽", "葛藤", "霍乱")
#: 申请人李明, 被告人：欧阳娜娜 — a name after a role word.
NAME_AFTER_ROLE = re.compile(
    rf"({'|'.join(ROLE_WORDS)})([:：\s]?)(?!{'|'.join(_NOT_NAMES)})({_SURNAME}{_GIVEN}{_GIVEN}?)")


def _names(text: str, rules: _Rules) -> str:
    for pattern in rules.persons:
        text = pattern.sub(NAME, text)
    text = SURNAME_MOU.sub(NAME, text)
    return NAME_AFTER_ROLE.sub(lambda m: m.group(1) + m.group(2) + NAME, text)


def deidentify(text: str, known: Known = Known()) -> str:
    """``text`` as it may be published: names as 某某, no ID or telephone numbers, no
    addresses (the rules in the module's docstring)."""
    if not text:
        return ""
    rules = _Rules(known)
    text = _numbers(text, known)
    text = _addresses(text, known)
    text = _organisations(text, known)
    return _names(text, rules)


def given_name(name: str) -> str:
    """A name without its surname (复姓 known)."""
    name = "".join(name.split())
    return name[2:] if name[:2] in COMPOUND_SURNAMES else name[1:]


def findings(text: str, known: Known = Known()) -> list[Finding]:
    """What in ``text`` still looks like personal data of the case or of anyone: the
    approval waits until this is empty. Stricter than :func:`deidentify`: a known person's
    given name of two or more characters standing alone, and bare runs of seven or more
    digits, are reported too (see the module's docstring)."""
    found: list[Finding] = []

    def add(kind: str, pattern: re.Pattern) -> None:
        found.extend(Finding(kind, m.group(0), m.start()) for m in pattern.finditer(text))

    rules = _Rules(known)
    for pattern in rules.persons:
        add("name", pattern)
    for name in known.persons:
        given = given_name(name)
        if len(given) >= 2 and "某" not in given:  # 张某某's “某某” is the published form
            add("name", _spaced(given))
    for name in known.organisations:
        if len(name.strip()) >= 2:
            add("name", _spaced(name.strip()))
    add("name", SURNAME_MOU)
    found.extend(Finding("name", m.group(3), m.start(3)) for m in NAME_AFTER_ROLE.finditer(text)
                 if m.group(3) != NAME and not m.group(3).startswith("某"))
    for value in known.identifiers:
        if value.strip():
            add("id", _spaced(value.strip()))
    for pattern in (ID_18, ID_15, LONG_NUMBER):
        add("id", pattern)
    for value in known.phones:
        if value.strip():
            add("phone", _spaced(value.strip()))
    for pattern in (MOBILE, LANDLINE, _BARE_DIGITS):
        add("phone", pattern)
    for value in known.addresses:
        if value.strip():
            add("address", _spaced(value.strip()))
    add("address", ADDRESS)
    add("address", HOUSE_PARTS)
    add("address", HOUSE_NUMBER)
    unique = {(f.kind, f.text, f.position): f for f in found}
    return sorted(unique.values(), key=lambda f: (f.position, f.kind))
