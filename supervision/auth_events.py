"""Every login, failed login and lockout goes to the audit trail (issue 15), from Django's and
django-axes' signals; the second-factor events are audited by their services
(``supervision.services.two_factor``). Connected in ``SupervisionConfig.ready``.

An entry needs a row as its target: the account when the name belongs to one; otherwise the
lockout row django-axes has just written for that name and address (its receiver runs before
this one — axes is installed first). An attempt that leaves neither is logged, not audited."""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest

from .client_ip import client_ip
from .models import User
from .services.audit import audit_record

logger = logging.getLogger(__name__)


def _target(username: str, ip_address: str | None) -> models.Model | None:
    return (User.objects.filter(username=username).first()
            or AccessAttempt.objects.filter(username=username, ip_address=ip_address).first())


def _address(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="auth.login", target=user, ip_address=_address(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    ip_address = _address(request)
    target = _target(username, ip_address)
    locked = bool(getattr(request, "axes_locked_out", False))
    if target is None:
        logger.warning("login failed for an unknown name", extra={"ip_address": ip_address})
        return
    audit_record(actor=None, action="auth.login_failed", target=target, username=username,
                 ip_address=ip_address, locked_out=locked)


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    target = _target(str(username or ""), ip_address)
    if target is None:
        logger.warning("lockout for an unknown name", extra={"ip_address": ip_address})
        return
    audit_record(actor=None, action="auth.locked_out", target=target, username=username,
                 ip_address=ip_address)
