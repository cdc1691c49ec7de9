"""One-time form tokens: a form submitted twice — ten times at once, or again later from a
stale page — acts once (issue 15, "safe retries")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form's one-time token, claimed inside the transaction of the action it started (a
    failed action rolls the claim back), with where its result lives. The unique token makes
    a second claim wait for the first's transaction and then fail: the second request is told
    the form was already submitted and sent to the result."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("表单提交记录")
        verbose_name_plural = _("表单提交记录")
