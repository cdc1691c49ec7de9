"""Inviting an agency liaison by e-mail with a one-time link that sets their password.

The link carries a token from a :class:`PasswordResetTokenGenerator` with its own salt: it is
bound to the account's password hash and last login, so it stops working the moment it has
been used, and it expires after ``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from agencies.models import Agency, LiaisonMembership
from agencies.selectors import agencies_invitable_by
from agencies.services.memberships import liaison_join
from supervision.choices import Role
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.emails import email_letter


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "agencies.invitations.InvitationTokenGenerator"  # kept: outstanding links stay valid


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> tuple[str, str]:
    return urlsafe_base64_encode(force_bytes(user.pk)), invitation_tokens.make_token(user)


def user_from_invitation(uidb64: str, token: str) -> User | None:
    """The invited user if the link is valid and unused, else None."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), role=Role.LIAISON)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    return user if invitation_tokens.check_token(user, token) else None


@transaction.atomic
def liaison_invite(*, actor: User, agency: Agency, email: str, display_name: str,
                   accept_url: Callable[[str, str], str], is_responsible: bool = False) -> User:
    """Create the liaison's account (no usable password until the link is used) and e-mail
    them the one-time link; ``accept_url(uidb64, token)`` builds the absolute link.
    ``is_responsible`` makes the invited liaison the agency's responsible person (单位负责人,
    may sign off its replies): their membership, created now, carries it from the start."""
    if not agencies_invitable_by(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("您不能为该单位邀请联络员。"))
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.role != Role.LIAISON:
            raise ValidationError({"email": _("该邮箱已有账号。")})
        # A liaison who already serves another agency joins this one too (one login, several
        # agencies, switched explicitly in the portal).
        liaison_join(actor=actor, user=existing, agency=agency, is_responsible=is_responsible)
        if not existing.has_usable_password():
            # Invited before and never set a password (the mail was lost, or the link ran
            # out): a fresh link is the only way in.
            _mail_invitation(existing, actor, agency, accept_url)
            return existing
        email_letter(recipient=existing, code="liaison.added", params={
            "name": existing.display_name or email, "inviter": str(actor), "agency": agency.name})
        return existing
    user = User(username=email, email=email, display_name=display_name.strip(),
                role=Role.LIAISON, agency=agency)
    user.set_unusable_password()
    user.save()
    LiaisonMembership.objects.create(user=user, agency=agency, is_responsible=is_responsible)
    audit_record(actor=actor, action="liaison_invite", target=user, agency=agency.name,
                 responsible=is_responsible)
    _mail_invitation(user, actor, agency, accept_url)
    return user


#: Stand-ins for the link's secret parts: the outbox row stores the link with these, and the
#: uid and one-time token are put in only when the e-mail is written (:func:`invitation_link`).
_UID, _TOKEN = "uidb64-at-send-time", "token-at-send-time"


def invitation_link(user: User, params: Mapping[str, Any]) -> dict[str, str]:
    """The invitation e-mail's one-time link, made when the e-mail is written, so that no
    usable token is ever stored (registered for the letter in ``AgenciesConfig.ready``)."""
    uidb64, token = invitation_path(user)
    return {"link": params["link"].replace(_UID, uidb64).replace(_TOKEN, token)}


def _mail_invitation(user: User, actor: User, agency: Agency,
                     accept_url: Callable[[str, str], str]) -> None:
    """Mail ``user`` the one-time link to set their password through the e-mail outbox, in
    their language (the site's until they choose one), sent once the transaction commits.
    A mail server that fails leaves the outbox row pending for a retry, never an error page
    for an invitation already saved; the inviter can also send a fresh link."""
    email_letter(recipient=user, code="liaison.invited", params={
        "name": user.display_name or user.email, "inviter": str(actor), "agency": agency.name,
        "link": accept_url(_UID, _TOKEN), "username": user.username,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400})


@transaction.atomic
def liaison_accept(*, user: User, password: str) -> User:
    """Set the invited liaison's password; the link is spent from now on."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    audit_record(actor=user, action="liaison_accept", target=user)
    return user
