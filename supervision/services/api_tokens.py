"""Writes of API tokens for systems (issue 17): making a token (its plain text returned once,
only its hash stored), revoking one (the row stays, for the record), recording each use, and
the security administrator's system accounts of a procuratorate. Each is audited.

Who may do what:

- an account makes and revokes its own tokens (on its settings page);
- the security administrator makes system accounts, and their tokens, and revokes them;
- ``manage.py api_token`` acts for the server's operator (``actor=None``) on any account.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.choices import Role
from supervision.models import ApiToken, ApiTokenScope, Procuratorate, User
from supervision.services.audit import audit_record

#: A token's last use is stamped at most this often (a busy system makes no write per request).
LAST_USED_EVERY = datetime.timedelta(minutes=1)
#: The roles a system account may be given: reading a procuratorate's work, never signing or
#: deciding in a person's name (案件管理 reads its procuratorate and those below it).
SYSTEM_ACCOUNT_ROLES = (Role.SUPERVISOR, Role.OBSERVER)
NAME_LENGTH = 100


def _is_secadmin(actor: User | None) -> bool:
    return actor is not None and actor.is_active and actor.role == Role.SECADMIN


def may_manage_tokens_of(actor: User | None, user: User) -> bool:
    """May ``actor`` make and revoke ``user``'s tokens? Their own (a person's, never a system
    account's — no one signs in as one), a system account's for the security administrator,
    and any for the operator at the console (``None``)."""
    if actor is None:
        return True
    if user.is_system_account:
        return _is_secadmin(actor)
    return actor.pk == user.pk and actor.is_active


def api_token_create(*, actor: User | None, user: User, name: str,
                     scope: str = ApiTokenScope.READ,
                     days: int | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user``, valid ``days`` days (default ``API_TOKEN_DEFAULT_DAYS``, at
    most ``API_TOKEN_MAX_DAYS``): the row and the token's plain text, which is shown once and
    kept nowhere."""
    if not may_manage_tokens_of(actor, user):
        raise PermissionDenied(_("无权为该账号创建 API 令牌。"))
    name = (name or "").strip()
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    errors = {}
    if not name:
        errors["name"] = _("请填写令牌名称。")
    elif len(name) > NAME_LENGTH:
        errors["name"] = _("令牌名称不能超过 %(n)s 个字符。") % {"n": NAME_LENGTH}
    if scope not in ApiTokenScope.values:
        errors["scope"] = _("权限范围只能是“只读”或“读取和办理”。")
    if not isinstance(days, int) or isinstance(days, bool) or not (
            1 <= days <= settings.API_TOKEN_MAX_DAYS):
        errors["days"] = _("有效期须为 1 至 %(max)s 天。") % {"max": settings.API_TOKEN_MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    if not user.is_active:
        raise ValidationError(_("该账号已停用，不能创建 API 令牌。"))
    with transaction.atomic():
        token, plain = ApiToken.objects.create(
            user=user, expiry=datetime.timedelta(days=days), name=name, scope=scope,
            created_by=actor)
        audit_record(actor=actor, action="api_token.created", target=token,
                     user=user.username, name=name, scope=scope, expiry=token.expiry.isoformat())
    return token, plain


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke ``token``: it authenticates no more; the row stays with who revoked it and when.
    Revoking a revoked token changes nothing."""
    if not may_manage_tokens_of(actor, token.user):
        raise PermissionDenied(_("无权撤销该 API 令牌。"))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, action="api_token.revoked", target=token,
                     user=token.user.username, name=token.name)
    return token


def api_token_use(*, actor: User, token: ApiToken, method: str, path: str) -> None:
    """Record that ``token`` (of ``actor``) was used for ``method path``: one audit entry per
    use; the token's last use stamped when the previous stamp is a minute old."""
    now = timezone.now()
    with transaction.atomic():
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        audit_record(actor=actor, action="api_token.used", target=token, method=method, path=path)


def system_account_create(*, actor: User, username: str, display_name: str,
                          procuratorate: Procuratorate, role: str) -> User:
    """A procuratorate's system account, for a system that connects through the API: no
    usable password (no one signs in with it in a browser), a reading role in that
    procuratorate. The security administrator's, within his procuratorate's subtree when he
    belongs to one."""
    if not _is_secadmin(actor):
        raise PermissionDenied(_("只有安全管理员可以创建系统账号。"))
    username, display_name = (username or "").strip(), (display_name or "").strip()
    errors = {}
    try:
        User.username_validator(username)
    except ValidationError:
        errors["username"] = _("账号名只能包含字母、数字和 @ . + - _。")
    if not username:
        errors["username"] = _("请填写账号名。")
    elif len(username) > 150:
        errors["username"] = _("账号名不能超过 150 个字符。")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("该账号名已被使用。")
    if not display_name:
        errors["display_name"] = _("请填写系统名称。")
    if role not in SYSTEM_ACCOUNT_ROLES:
        errors["role"] = _("系统账号只能是案件管理或观察员这类只读角色。")
    if actor.procuratorate_id and not procuratorate.path.startswith(actor.procuratorate.path):
        errors["procuratorate"] = _("只能为本院或下级院创建系统账号。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        account = User(username=username, display_name=display_name[:50], role=role,
                       procuratorate=procuratorate)
        account.is_system_account = True
        account.set_unusable_password()
        account.save()
        audit_record(actor=actor, action="system_account.created", target=account,
                     username=username, procuratorate=procuratorate.name, role=role)
    return account
