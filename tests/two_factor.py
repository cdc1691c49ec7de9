"""Two-factor in tests: a real authenticator for a persona, the code it shows now, and a test
client's session marked verified by it — what ``Client.force_login`` does for everyone who must
verify (root ``conftest.py``), so that the default test world is the production one."""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.models import User
from supervision.two_factor import is_enrolled, two_factor_required

#: Django's own ``Client.force_login``, before the root conftest wraps it: a session signed in
#: with the password alone.
password_only_login = Client.force_login


def authenticator(user: User) -> TOTPDevice:
    """``user``'s confirmed authenticator, created when they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(device: TOTPDevice, *, fresh: bool = True) -> str:
    """The code ``device``'s app shows now — or, when that one has already been used (a code
    is accepted once), the next one, which the device accepts as one step of clock drift."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if fresh and totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client: Client, user: User) -> None:
    """Mark ``client``'s session verified by ``user``'s authenticator, as the verify step
    does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def force_login_verified(client: Client, user: User, backend: str | None = None) -> None:
    """``Client.force_login``, then the second factor for anyone who must give one."""
    password_only_login(client, user, backend)
    if two_factor_required(user) or is_enrolled(user):
        mark_verified(client, user)


def prepare_browser_login(username: str) -> None:
    """Before a browser logs in as ``username``: give them an authenticator if they must have
    one (so the login goes to the verify step, not enrolment), with its used-code mark
    cleared so that a second login in the same 30 seconds is accepted too."""
    user = User.objects.filter(username=username).first()
    if user is not None and (two_factor_required(user) or is_enrolled(user)):
        TOTPDevice.objects.filter(pk=authenticator(user).pk).update(last_t=-1)


def browser_code(username: str) -> str:
    return code_for(authenticator(User.objects.get(username=username)))
