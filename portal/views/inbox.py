"""The liaison's inbox page (issue 8): bucket tabs with counts, search and filters, a page of
cards. The rows come from :mod:`portal.selectors`, which starts from what the liaison may see."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import selectors
from portal.views.instrument import LIAISONS
from recommendations.models import Recommendation
from supervision.forms import BootstrapFormMixin
from supervision.permissions import require_role

PAGE_SIZE = 20


class InboxFilterForm(BootstrapFormMixin, forms.Form):
    """The page's GET parameters. A parameter that does not validate is reported on the page
    and its list is left empty: a bad value never drops a condition (never widens)."""

    bucket = forms.ChoiceField(
        label=_("分类"), required=False, choices=list(selectors.VIEWS.items()),
        error_messages={"invalid_choice": _("没有这个分类，请从上方的分类中选择。")})
    q = forms.CharField(
        label=_("搜索"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("文号、标题或检察院"),
                                      "autocomplete": "off"}),
        error_messages={"max_length": _("搜索内容不能超过 %(limit_value)d 个字。")})
    type = forms.TypedChoiceField(
        label=_("文书类型"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("请选择有效的文书类型。")})
    procuratorate = forms.TypedChoiceField(
        label=_("发文单位"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("请选择有效的发文单位。")})

    def __init__(self, *args, types: list[tuple[int, str]],
                 procuratorates: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("全部类型")), *types]
        self.fields["procuratorate"].choices = [("", _("全部检察院")), *procuratorates]


class _CountedPaginator(Paginator):
    """A paginator told its count: the bucket counts were just computed over the same rows in
    one aggregate, so the page needs no ``COUNT`` of its own."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.count = count  # overrides the cached property


def _url(params: dict, **extra) -> str:
    query = urlencode({k: v for k, v in {**params, **extra}.items() if v not in (None, "")})
    return reverse("portal:inbox") + (f"?{query}" if query else "")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """What is addressed to the liaison's agency, by bucket (default: to-do)."""
    require_role(request.user, LIAISONS)
    user, today = request.user, timezone.localdate()
    types, procuratorates = selectors.filter_choices(user)
    form = InboxFilterForm(request.GET, types=types, procuratorates=procuratorates)
    valid = form.is_valid()
    params = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    view = params.pop("bucket", None) or (None if "bucket" in form.errors else selectors.TODO)
    base = selectors.inbox_queryset(user, instrument_type=params.get("type"),
                                    procuratorate=params.get("procuratorate"), q=params.get("q"))
    counts = selectors.bucket_counts(base, today)
    if valid:
        items, count = selectors.inbox_items(base, view, today), counts[view]
    else:
        items, count = Recommendation.objects.none(), 0
    page = _CountedPaginator(items, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    bucket_param = {"bucket": view if view != selectors.TODO else None}
    return render(request, "portal/inbox.html", {
        "agency": user.agency,
        "form": form,
        "errors": [error for errors in form.errors.values() for error in errors],
        "view": view,
        "tabs": [{"value": value, "label": label, "count": counts[value],
                  "active": value == view,
                  "url": _url(params, bucket=value if value != selectors.TODO else None)}
                 for value, label in selectors.VIEWS.items()
                 if value != selectors.SIGNOFF or counts[value] or value == view],
        "page": page,
        "rows": selectors.decorate(page.object_list, today),
        "previous_url": _url(params, **bucket_param, page=page.previous_page_number())
        if page.has_previous() else None,
        "next_url": _url(params, **bucket_param, page=page.next_page_number())
        if page.has_next() else None,
        "filtered": bool(params),
        "empty_text": selectors.EMPTY_TEXT.get(view, ""),
        "all_count": counts[selectors.ALL],
        "all_url": _url(params, bucket=selectors.ALL),
        "clear_url": reverse("portal:inbox"),
        "show_type": len(types) > 1 or "type" in params,
        "show_procuratorate": len(procuratorates) > 1 or "procuratorate" in params,
        "today": today,
    })
