"""Writes of two-factor authentication and of the login lockout (issue 15): enrolling an
authenticator, checking a code, recovery codes, disabling, and the security administrator's
reset and unlock. Each is audited.

A wrong code is not an exception: django-otp counts it on the device (each further attempt must
wait 1, 2, 4 … seconds), and that count must be committed with the audit entry, not rolled back
with a refusal. The checks therefore return a :class:`CodeCheck` that the page turns into words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.choices import Role
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.two_factor import RECOVERY_CODE_COUNT, two_factor_required


@dataclass(frozen=True)
class CodeCheck:
    """What checking a code found: the device that accepted it, or why none did."""

    device: Device | None = None
    #: Seconds the user must wait before the next attempt (django-otp's throttling).
    wait_seconds: int = 0
    #: Recovery codes left after one was used (None when the code was not a recovery code).
    codes_left: int | None = None

    @property
    def message(self) -> str:
        if self.wait_seconds:
            return _("错误次数过多，请在 %(seconds)s 秒后再试。") % {"seconds": self.wait_seconds}
        return _("验证码不正确或已使用过，请重新输入。")


def _normalise(token: str) -> str:
    return "".join(token.split()).lower()


def _check(device: Device | None, token: str) -> CodeCheck:
    """``token`` against ``device`` (locked for the check), honouring its throttling."""
    if device is None:
        return CodeCheck()
    device = type(device).objects.select_for_update().get(pk=device.pk)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        until = (info or {}).get("locked_until")
        wait = (until - timezone.now()).total_seconds() if until else 1
        return CodeCheck(wait_seconds=max(1, math.ceil(wait)))
    if not device.verify_token(token):
        return CodeCheck()
    if isinstance(device, StaticDevice):
        return CodeCheck(device=device, codes_left=device.token_set.count())
    return CodeCheck(device=device)


def authenticator_of(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def enrolment_start(*, actor: User) -> TOTPDevice:
    """The authenticator being set up for ``actor``: the one a previous visit began (so the QR
    code stays the same across reloads), or a new one with a fresh secret. Not yet in use."""
    device = authenticator_of(actor, confirmed=False)
    if device is None:
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=actor, name=_("身份验证器"), confirmed=False)
            audit_record(actor=actor, action="auth.2fa_enrol_started", target=actor)
    return device


def enrolment_confirm(*, actor: User, token: str) -> tuple[CodeCheck, list[str]]:
    """Confirm the authenticator being set up with a code it shows: it becomes the user's one
    authenticator (any earlier one is removed), and ten new recovery codes are returned, to be
    shown once."""
    with transaction.atomic():
        pending = authenticator_of(actor, confirmed=False)
        check = _check(pending, _normalise(token))
        if check.device is None:
            audit_record(actor=actor, action="auth.2fa_enrol_failed", target=actor)
            return check, []
        device = check.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(actor)
        audit_record(actor=actor, action="auth.2fa_enrolled", target=actor)
    return check, codes


def _new_recovery_codes(user: User) -> list[str]:
    """Replace ``user``'s recovery codes (the device stays, so a session it verified stays
    verified)."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("恢复码"), confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """Ten new recovery codes for ``actor``; the old ones stop working."""
    if authenticator_of(actor) is None:
        raise PermissionDenied(_("请先启用两步验证。"))
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        audit_record(actor=actor, action="auth.recovery_codes_regenerated", target=actor)
    return codes


def code_verify(*, actor: User, token: str) -> CodeCheck:
    """The login's second step: a code from ``actor``'s authenticator, or one of their recovery
    codes (used up by this)."""
    token = _normalise(token)
    authenticator = authenticator_of(actor)
    if token.isdigit() and authenticator is not None and len(token) == authenticator.digits:
        device: Device | None = authenticator
    else:
        device = StaticDevice.objects.filter(user=actor, confirmed=True).order_by("pk").first()
    with transaction.atomic():
        check = _check(device, token)
        if check.device is None:
            audit_record(actor=actor, action="auth.2fa_failed", target=actor,
                         throttled=bool(check.wait_seconds))
        elif check.codes_left is not None:
            audit_record(actor=actor, action="auth.recovery_code_used", target=actor,
                         codes_left=check.codes_left)
        else:
            audit_record(actor=actor, action="auth.2fa_verified", target=actor)
    return check


def two_factor_disable(*, actor: User, token: str = "") -> CodeCheck | None:
    """``actor`` turns their own two-factor off. A liaison may (it is their choice); anyone who
    must use it confirms with a current code, and then enrols a new authenticator at once —
    the way to move to a new phone. Returns the failed check, or None when done."""
    with transaction.atomic():
        if two_factor_required(actor):
            check = _check(authenticator_of(actor), _normalise(token))
            if check.device is None:
                audit_record(actor=actor, action="auth.2fa_failed", target=actor,
                             throttled=bool(check.wait_seconds))
                return check
        _delete_devices(actor)
        audit_record(actor=actor, action="auth.2fa_disabled", target=actor)
    return None


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_reset(*, actor: User, user: User) -> None:
    """The security administrator removes ``user``'s authenticator and recovery codes (a lost
    phone): every session of theirs stops being verified, and they enrol again at their next
    page."""
    if actor.role != Role.SECADMIN:
        raise PermissionDenied
    with transaction.atomic():
        _delete_devices(user)
        audit_record(actor=actor, action="auth.2fa_reset", target=user)


def lockout_release(*, actor: User, attempt: AccessAttempt) -> None:
    """The security administrator lifts a login lockout (one username from one address)
    before its cool-off ends. Audited on the user, or on the lockout itself when the name
    belongs to no account."""
    if actor.role != Role.SECADMIN:
        raise PermissionDenied
    with transaction.atomic():
        target = User.objects.filter(username=attempt.username).first() or attempt
        audit_record(actor=actor, action="auth.unlocked", target=target,
                     username=attempt.username, ip_address=attempt.ip_address,
                     failures=attempt.failures_since_start)
        axes_reset(ip=attempt.ip_address, username=attempt.username)
