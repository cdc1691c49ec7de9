"""An instrument's ``revision``: a counter that changes whenever anything the instrument's API
detail shows changes, so that ``recommendations.api.views`` may keep the detail in the cache
keyed by it and never serve a stale one.

What moves it:

- the instrument's own row: every ``Recommendation.save()`` (counted by the database);
- its extensions, own deadlines, replies, item answers and items: a ``post_save`` or
  ``post_delete`` of any of them (:func:`connect`, from the app's ``ready()``);
- the calendar recompute, which rewrites due dates with ``bulk_update`` (no signal):
  ``Deadline.deadline_rows_rewritten``;
- items made with ``bulk_create`` (no signal): the drafting service calls :func:`touch`;
- a reply author's or sign-off's displayed name.

The agency's name, the instrument type's and the case's number are not counted here: the
cache key reads them fresh with the revision. ``tests/test_api_detail_cache.py`` drives every
service that writes what the detail shows and compares the cached answer with a fresh one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save

from .models import (
    InternalDeadline,
    Recommendation,
    RecommendationExtension,
    RecommendationItem,
    Reply,
    ReplyItemAnswer,
)


def touch(pks: Iterable[int | None]) -> None:
    """Move the revision of the instruments ``pks`` (one UPDATE; none for no instrument)."""
    pks = {pk for pk in pks if pk is not None}
    if pks:
        Recommendation.objects.filter(pk__in=pks).update(revision=F("revision") + 1)


def _touch_parent(sender: type, instance: Any, **kwargs: Any) -> None:
    touch([instance.recommendation_id])


def _touch_answer_parent(sender: type, instance: ReplyItemAnswer, **kwargs: Any) -> None:
    Recommendation.objects.filter(replies=instance.reply_id).update(revision=F("revision") + 1)


#: User fields the detail shows (``User.__str__``: the display name, else the username).
_NAME_FIELDS = {"display_name", "username"}


def _touch_named_user(sender: type, instance: Any, created: bool, update_fields: Any = None,
                      **kwargs: Any) -> None:
    if created or (update_fields is not None and not _NAME_FIELDS & set(update_fields)):
        return  # a new user wrote nothing yet; a login or a flag does not rename anyone
    Recommendation.objects.filter(
        Q(replies__author=instance) | Q(replies__signed_off_by=instance)).update(
        revision=F("revision") + 1)


def connect() -> None:
    """Connect the receivers (``RecommendationsConfig.ready``)."""
    from django.contrib.auth import get_user_model

    for model in (RecommendationExtension, InternalDeadline, Reply, RecommendationItem):
        post_save.connect(_touch_parent, sender=model, dispatch_uid=f"revision-{model.__name__}")
        post_delete.connect(_touch_parent, sender=model,
                            dispatch_uid=f"revision-del-{model.__name__}")
    post_save.connect(_touch_answer_parent, sender=ReplyItemAnswer, dispatch_uid="revision-answer")
    post_delete.connect(_touch_answer_parent, sender=ReplyItemAnswer,
                        dispatch_uid="revision-del-answer")
    post_save.connect(_touch_named_user, sender=get_user_model(), dispatch_uid="revision-user")
