"""API tokens for systems (issue 17): django-rest-knox's token, stored only as a hash, with a
name, a scope, an expiry chosen at creation, the last use, and a revocation that keeps the row
for the record (a revoked or expired token authenticates no more, but its audit trail still
points at it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


class ApiTokenScope(models.TextChoices):
    READ = "read", _("只读")
    ACT = "act", _("读取和办理")


class ApiToken(AbstractAuthToken):
    """One token of one account. ``digest`` is the hash knox checks; the plain text is shown
    once, when the token is made, and kept nowhere. ``id`` names the token everywhere else (the
    audit trail, the settings page, ``manage.py api_token revoke <id>``)."""

    id = models.BigAutoField(primary_key=True)
    # knox makes the digest the primary key; here it is a unique column, so that the audit
    # trail and the pages name a token by a short id and never by its hash.
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    scope = models.CharField(_("权限范围"), max_length=10, choices=ApiTokenScope.choices,
                             default=ApiTokenScope.READ)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired
