"""The filters of the review list, for the page and the API. The queryset they narrow is
always what the viewer may see: a filter only takes rows away."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS
from supervision.models import User

from .choices import Grade, ReviewKind, ReviewStatus
from .models import Review
from .permissions import reviews_visible_to


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _reviewers(request) -> QuerySet[User]:
    """The reviewers of the reviews the viewer may see (no one else's name is offered)."""
    if request is None:
        return User.objects.none()
    return (User.objects.filter(quality_reviews__in=reviews_visible_to(request.user))
            .distinct().order_by("display_name", "pk"))


class ReviewFilter(django_filters.FilterSet):
    class Meta:
        model = Review
        fields: list[str] = []
        form = FilterForm

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("案号、文号")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReviewStatus.choices,
                                         empty_label=_("全部"))
    grade = django_filters.ChoiceFilter(label=_("评定等次"), choices=Grade.choices,
                                        empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(label=_("评查类型"), choices=ReviewKind.choices,
                                       empty_label=_("全部"))
    reviewer = django_filters.ModelChoiceFilter(
        label=_("评查人"), field_name="reviewers", empty_label=_("全部"),
        queryset=lambda request: _reviewers(request))
    graded_from = django_filters.DateFilter(label=_("评定日期自"), method="filter_from",
                                            widget=DateInput(), validators=DATE_BOUNDS)
    graded_to = django_filters.DateFilter(label=_("至"), method="filter_to", widget=DateInput(),
                                          validators=DATE_BOUNDS)

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(case__number__icontains=value)
                         | Q(recommendation__number__icontains=value)) if value else qs

    def filter_from(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(graded_at__gte=_moment(value))

    def filter_to(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(graded_at__lt=_moment(value + datetime.timedelta(days=1)))
