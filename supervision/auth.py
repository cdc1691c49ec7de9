"""Loading the signed-in user of each request."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .permissions import FACTS_READ_WITH_USER


def _device_id(model: type) -> Subquery:
    return Subquery(model.objects.filter(user=OuterRef("pk"), confirmed=True)
                    .order_by("pk").values("pk")[:1])


class UserBackend(ModelBackend):
    """Django's username-and-password backend, loading the request's user together with their
    procuratorate and department (joins, not more queries). Every list's scope reads that procuratorate —
    its ``path`` for a supervisor's subtree, its follow-up fact for the staff — and the
    visibility facts (:func:`supervision.permissions.visibility_facts`); read here, at the
    start of the request, they are current, and the user is marked so that they are trusted
    without another query.

    The same query brings the ids of the user's confirmed authenticator and recovery codes
    (``otp_totp_id``, ``otp_static_id``): whether the session's second factor still stands is
    then known without a query of its own (:class:`supervision.two_factor.OTPMiddleware`)."""

    def get_user(self, user_id) -> User | None:
        user = (User._default_manager.select_related("procuratorate", "department")
                .annotate(otp_totp_id=_device_id(TOTPDevice),
                          otp_static_id=_device_id(StaticDevice))
                .filter(pk=user_id).first())
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, FACTS_READ_WITH_USER, True)
        return user

    async def aget_user(self, user_id) -> User | None:
        return await sync_to_async(self.get_user)(user_id)
