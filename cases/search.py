"""Full-text search over cases in Chinese, the same on SQLite and PostgreSQL.

Chinese has no spaces, so word-based full-text engines (PostgreSQL's ``to_tsvector`` with the
default parsers, SQLite FTS5's unicode61 tokenizer) index whole runs of characters and a
two-character query such as 扣押 finds nothing unless a Chinese segmenter (zhparser, jieba) is
installed in the database. Instead the services keep one denormalised column,
``SupervisionCase.search_text`` (number, title, summary, parties, related case numbers,
NFKC-folded), and a query is a substring match per term (``icontains``, AND across terms):
exact for any length of query, no extension needed. On PostgreSQL a pg_trgm GIN index on
``UPPER(search_text)`` (migration 0004) lets ``icontains`` use an index for queries of three
or more characters; shorter ones fall back to scanning one narrow column, which is still fast
at the size of a procuratorate's case table.

ID numbers are not in that column: they are stored encrypted (issue 15). A term that has the
shape of one (18 letters or digits once spaces and hyphens are dropped) also matches the
cases with a party whose ``id_number_digest`` is that number's keyed digest, so the full
number finds its case (a lower-case check character x too), and part of one finds nothing,
on purpose.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Exists, OuterRef, Q, QuerySet

from supervision.crypto import digest, normalize
from supervision.names import mask_names_in

from .models import Party, SupervisionCase

MAX_TERMS = 5


def fold(text: str) -> str:
    """NFKC: full-width digits, letters and brackets become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def build_search_text(case: SupervisionCase) -> str:
    parts = [case.number, case.title, case.summary]
    parts += [party.name for party in case.parties.all()]
    parts += [number.number for number in case.related_numbers.all()]
    return fold("\n".join(p for p in parts if p))


def build_masked_title(case: SupervisionCase) -> str:
    """A juvenile case's title with its natural persons' names masked (``Party.masked``);
    empty for any other case."""
    if not case.juvenile:
        return ""
    return mask_names_in(case.title, [p.name for p in case.parties.all() if p.masked])


def refresh_search_text(case: SupervisionCase) -> None:
    """Rewrite the case's search column and its masked title (both read the parties); call
    inside the service that changed its parts."""
    case.search_text = build_search_text(case)
    case.masked_title = build_masked_title(case)
    SupervisionCase.objects.filter(pk=case.pk).update(search_text=case.search_text,
                                                      masked_title=case.masked_title)


def search_cases(qs: QuerySet[SupervisionCase], query: str) -> QuerySet[SupervisionCase]:
    """Cases whose text contains every whitespace-separated term of ``query``."""
    terms = fold(query).split()[:MAX_TERMS]
    condition = Q()
    for term in terms:
        term_condition = Q(search_text__icontains=term)
        if _looks_like_id_number(term):
            term_condition |= Q(Exists(Party.objects.filter(case=OuterRef("pk"),
                                                            id_number_digest=digest(term))))
        condition &= term_condition
    return qs.filter(condition) if terms else qs


def _looks_like_id_number(term: str) -> bool:
    """公民身份号码 and 统一社会信用代码 are both 18 characters."""
    value = normalize(term)
    return len(value) == 18 and value.isascii() and value.isalnum()
