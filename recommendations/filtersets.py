"""The instrument list's filters: one FilterSet for the API's list (``/api/recommendations/``)
and any page that lists instruments by these conditions.

Staff reach instruments through their cases, the approval queue and the deadline lists of the
dashboard; liaisons through the portal's inbox, whose tabs and search are
``recommendations.inbox`` — the same rules the ``view`` and ``q`` filters here apply, so the
API's list and the inbox agree. The other conditions are the ones those screens narrow by —
state, addressee, issuing procuratorate, type, case.

Every condition is a plain column comparison on what ``recommendations_visible_to(user)``
already let through: a filter only ever takes rows away, and an id the caller may not see
narrows to nothing rather than telling it exists (no lookup of the named row, no query).
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.filtersets import IdFilter

from .choices import InstrumentStatus
from .inbox import ALL, SIGNOFF, TODO, InboxBucket, search, view_q
from .models import Recommendation

#: The inbox's tabs as the API's ``view`` values (the portal's rule, ``recommendations.inbox``).
VIEW_CHOICES = [(TODO, _("待办")), (SIGNOFF, _("待签发")), *InboxBucket.choices, (ALL, _("全部"))]


class RecommendationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=InstrumentStatus.choices,
        help_text=_("文书状态，如 draft（草稿）、awaiting_reply（待回复）。"))
    agency = IdFilter(
        field_name="agency_id", label=_("主送单位"),
        help_text=_("主送单位的编号。"))
    instrument_type = IdFilter(
        field_name="instrument_type_id", label=_("文书类型"),
        help_text=_("文书类型的编号。"))
    case = IdFilter(
        field_name="case_id", label=_("监督案件"),
        help_text=_("所属监督案件的编号。"))

    procuratorate = IdFilter(
        field_name="case__procuratorate_id", label=_("制发检察院"),
        help_text=_("制发文书的检察院的编号。"))
    view = django_filters.ChoiceFilter(
        label=_("收件箱分栏"), choices=VIEW_CHOICES, method="filter_view",
        help_text=_("与联络员收件箱相同的分栏：todo（待办）、signoff（待签发）、new（待签收）、"
                    "awaiting（待回复）、overdue（已逾期）、replied（已回复）、closed（已办结）、all（全部）。"))
    q = django_filters.CharFilter(
        label=_("搜索"), method="filter_search", max_length=200,
        help_text=_("文号、标题或制发检察院名称中包含的文字（多个词以空格分隔，须全部包含）。"))

    class Meta:
        model = Recommendation
        fields = ["status", "agency", "instrument_type", "case", "procuratorate", "view", "q"]

    def filter_view(self, queryset, name: str, value: str):
        return queryset.filter(view_q(value, timezone.localdate())) if value else queryset

    def filter_search(self, queryset, name: str, value: str):
        return search(queryset, value)  # a NUL byte is the form field's 400 already
