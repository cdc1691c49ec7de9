"""Loading the signed-in user of each request."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend

from .models import User
from .permissions import FACTS_READ_WITH_USER


class UserBackend(ModelBackend):
    """Django's username-and-password backend, loading the request's user together with their
    procuratorate (a join, not a second query). Every list's scope reads that procuratorate —
    its ``path`` for a supervisor's subtree, its follow-up fact for the staff — and the
    visibility facts (:func:`supervision.permissions.visibility_facts`); read here, at the
    start of the request, they are current, and the user is marked so that they are trusted
    without another query."""

    def get_user(self, user_id) -> User | None:
        user = User._default_manager.select_related("procuratorate").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, FACTS_READ_WITH_USER, True)
        return user

    async def aget_user(self, user_id) -> User | None:
        return await sync_to_async(self.get_user)(user_id)
