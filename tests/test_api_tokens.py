"""API tokens for systems (issue 17): made on the settings page, by the security administrator
for a system account, or by ``manage.py api_token``; shown once and stored only as a hash;
expiring, revocable, scoped, throttled per token, every use audited."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation
from supervision.choices import Role
from supervision.models import ApiToken, AuditEntry, User
from supervision.services import api_tokens as services
from tests.two_factor import authenticator, password_only_login

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
RECS = "/api/recommendations/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _token(user, *, scope="read", days=90, actor=None) -> tuple[ApiToken, str]:
    return services.api_token_create(actor=actor or user, user=user, name="办案系统",
                                     scope=scope, days=days)


def _api(plain: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {plain}")


def _uses(token: ApiToken) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="api_token.used", target_id=str(token.pk))
                .order_by("seq"))


# --- Made, stored, shown ------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash_with_an_expiry(world):
    token, plain = _token(world.court_liaison, days=30)
    row = ApiToken.objects.get(pk=token.pk)
    assert plain.startswith("jc_") and len(plain) > 60
    assert plain not in (row.digest, row.token_key) and plain.startswith(row.token_key)
    assert row.expiry == NOW + datetime.timedelta(days=30)
    assert row.created_by == world.court_liaison and row.scope == "read"
    entry = AuditEntry.objects.get(action="api_token.created", target_id=str(token.pk))
    assert plain not in str(entry.data) and entry.actor == world.court_liaison


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"days": 0}, "days"), ({"days": 366}, "days"), ({"scope": "admin"}, "scope"),
    ({"name": "  "}, "name"), ({"name": "名" * 101}, "name"),
])
def test_bad_input_is_refused_by_the_service(world, kwargs, field):
    arguments = {"name": "办案系统", "scope": "read", "days": 90} | kwargs
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(actor=world.procurator, user=world.procurator, **arguments)
    assert field in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_no_one_makes_or_revokes_a_token_of_someone_else(world):
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=world.secadmin, user=world.procurator, name="x",
                                  scope="read", days=1)
    token, _ = _token(world.procurator)
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=world.approver, token=token)
    assert ApiToken.objects.get().revoked_at is None


# --- Authentication -----------------------------------------------------------------------------


def test_anonymous_api_requests_are_asked_for_a_token(world):
    response = Client().get(RECS)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", [
    "Token", "Token jc_" + "0" * 64, "Token a b", "Token jc_\u4e2d\u6587",
    # As a WSGI server hands over UTF-8 bytes (decoded as Latin-1), and bytes that are no UTF-8.
    "Token jc_" + "中文".encode().decode("latin-1"), "Token jc_\xff\xfe"])
def test_a_wrong_token_is_401(world, header):
    _token(world.court_liaison)
    assert Client(HTTP_AUTHORIZATION=header).get(RECS).status_code == 401


def test_every_use_is_audited_and_the_last_use_stamped_once_a_minute(world, _frozen):
    token, plain = _token(world.court_liaison)
    client = _api(plain)
    assert client.get(RECS + "?status=issued").status_code == 200
    assert client.get(RECS).status_code == 200
    uses = _uses(token)
    assert [(u.actor, u.data["method"], u.data["path"]) for u in uses] == [
        (world.court_liaison, "GET", RECS + "?status=issued"), (world.court_liaison, "GET", RECS)]
    token.refresh_from_db()
    assert token.last_used_at == NOW
    _frozen.shift(datetime.timedelta(seconds=59))
    client.get(RECS)
    token.refresh_from_db()
    assert token.last_used_at == NOW  # not a write per request
    _frozen.shift(datetime.timedelta(seconds=2))
    client.get(RECS)
    token.refresh_from_db()
    assert token.last_used_at == timezone.now() and len(_uses(token)) == 4


def test_an_expired_token_is_401_and_its_row_kept(world, _frozen):
    token, plain = _token(world.court_liaison, days=1)
    assert _api(plain).get(RECS).status_code == 200
    _frozen.shift(datetime.timedelta(days=1, seconds=1))
    response = _api(plain).get(RECS)
    assert response.status_code == 401 and "过期" in response.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert len(_uses(token)) == 1


def test_a_revoked_token_is_401_and_its_row_kept(world):
    token, plain = _token(world.court_liaison)
    assert _api(plain).get(RECS).status_code == 200
    services.api_token_revoke(actor=world.court_liaison, token=token)
    response = _api(plain).get(RECS)
    assert response.status_code == 401 and "撤销" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at == NOW and token.revoked_by == world.court_liaison
    assert AuditEntry.objects.filter(action="api_token.revoked", target_id=str(token.pk)).count() == 1
    # Revoking again changes nothing and writes nothing.
    services.api_token_revoke(actor=world.court_liaison, token=token)
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1


def test_the_token_of_an_inactive_account_is_401(world):
    _, plain = _token(world.court_liaison)
    User.objects.filter(pk=world.court_liaison.pk).update(is_active=False)
    assert _api(plain).get(RECS).status_code == 401


# --- Scope --------------------------------------------------------------------------------------


def test_a_read_token_cannot_act_and_an_act_token_can(world):
    rec = world.issued(issued_on=NOW.date())
    url = reverse("api-recommendation-acknowledge", args=[rec.pk])
    _, read = _token(world.court_liaison, scope="read")
    refused = _api(read).post(url)
    assert refused.status_code == 403 and "只读" in refused.content.decode()
    assert Recommendation.objects.get(pk=rec.pk).status == rec.status
    _, act = _token(world.court_liaison, scope="act")
    assert _api(act).post(url).status_code == 200
    assert Recommendation.objects.get(pk=rec.pk).status != rec.status


# --- Throttling ---------------------------------------------------------------------------------


@override_settings(API_TOKEN_THROTTLE_RATE="3/min")
def test_each_token_is_throttled_on_its_own(world):
    _, first = _token(world.court_liaison)
    _, second = _token(world.court_liaison)
    client = _api(first)
    assert [client.get(RECS).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Retry-After" in client.get(RECS)
    assert _api(second).get(RECS).status_code == 200  # another token has its own count
    session = Client()
    session.force_login(world.court_liaison)
    assert all(session.get(RECS).status_code == 200 for _ in range(5))  # a person is not


# --- Two-factor ---------------------------------------------------------------------------------


def test_a_token_needs_no_session_and_a_password_only_session_is_still_refused(world):
    authenticator(world.procurator)
    _, plain = _token(world.procurator)
    assert _api(plain).get("/api/cases/").status_code == 200
    session = Client()
    password_only_login(session, world.procurator)
    assert session.get("/api/cases/").status_code == 403


# --- The command line ---------------------------------------------------------------------------


def _command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_the_token_once_and_it_works(world):
    out, err = _command("create", "court_liaison", "--name", "法院办案系统", "--scope", "act",
                        "--days", "30")
    plain = out.strip()
    token = ApiToken.objects.get()
    assert out.count(plain) == 1 and plain not in err and "只显示这一次" in err
    assert token.name == "法院办案系统" and token.scope == "act" and token.created_by is None
    assert _api(plain).get(RECS).status_code == 200
    listing, _ = _command("list", "court_liaison")
    assert "法院办案系统" in listing and plain not in listing and "有效" in listing
    revoked, _ = _command("revoke", str(token.pk))
    assert "已撤销" in revoked
    assert _api(plain).get(RECS).status_code == 401
    assert "已撤销" in _command("list", "court_liaison")[0]
    assert AuditEntry.objects.get(action="api_token.created").actor is None


@pytest.mark.parametrize(("args", "message"), [
    (("create", "nobody", "--name", "x"), "没有账号名"),
    (("create", "court_liaison", "--name", "x", "--days", "400"), "days"),
    (("create", "court_liaison", "--name", " "), "name"),
    (("list", "nobody"), "没有账号名"),
    (("revoke", "999999"), "没有编号"),
])
def test_the_command_says_what_is_wrong(world, args, message):
    with pytest.raises(CommandError, match=message):
        _command(*args)


# --- The settings page --------------------------------------------------------------------------


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_settings_page_makes_a_token_shows_it_once_and_revokes_it(world):
    client = _signed_in(world.court_liaison)
    url = reverse("settings-api-tokens")
    assert "您还没有 API 令牌" in client.get(url).content.decode()
    made = client.post(url, {"name": "法院办案系统", "scope": "act", "days": "30"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    plain = made.context["plain"]
    assert plain in made.content.decode() and token.digest not in made.content.decode()
    assert token.user == world.court_liaison and token.scope == "act"
    assert _api(plain).get(RECS).status_code == 200
    page = client.get(url).content.decode()
    assert plain not in page and "法院办案系统" in page and "读取和办理" in page
    revoked = client.post(reverse("settings-api-token-revoke", args=[token.pk]))
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and "已撤销" in client.get(url).content.decode()
    assert _api(plain).get(RECS).status_code == 401


def test_the_settings_page_explains_bad_input(world):
    client = _signed_in(world.procurator)
    response = client.post(reverse("settings-api-tokens"), {"name": "", "scope": "read",
                                                            "days": "9999"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert response.context["form"].errors.keys() == {"name", "days"}


def test_no_one_revokes_a_token_of_someone_else_on_the_page(world):
    token, _ = _token(world.procurator)
    client = _signed_in(world.approver)
    assert client.post(reverse("settings-api-token-revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_settings_page_costs_the_same_queries_for_1_and_5_tokens(world,
                                                                    django_assert_num_queries):
    client = _signed_in(world.procurator)
    url = reverse("settings-api-tokens")
    _token(world.procurator)
    client.get(url)  # warm the session's caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        _token(world.procurator)
    with django_assert_num_queries(len(one)):
        client.get(url)


# --- System accounts ----------------------------------------------------------------------------


def _system_account(world, **kwargs) -> User:
    arguments = {"username": "dingjian-system", "display_name": "定检办案系统",
                 "procuratorate": world.dinghai, "role": Role.SUPERVISOR} | kwargs
    return services.system_account_create(actor=world.secadmin, **arguments)


def test_the_security_administrator_makes_a_system_account_that_cannot_sign_in(world):
    account = _system_account(world)
    assert account.is_system_account and not account.has_usable_password()
    refused = Client().post(reverse("login"), {"username": "dingjian-system", "password": ""})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    assert AuditEntry.objects.filter(action="system_account.created",
                                     target_id=str(account.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.system_account_create(actor=world.sysadmin, username="x", display_name="x",
                                       procuratorate=world.dinghai, role=Role.SUPERVISOR)
    with pytest.raises(ValidationError) as refused:
        _system_account(world, role=Role.PROCURATOR)
    assert "role" in refused.value.message_dict and "username" in refused.value.message_dict
    # Only the security administrator makes and revokes its tokens — not the account itself.
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=account, user=account, name="x", scope="read", days=1)


def test_the_security_page_makes_a_system_account_and_its_token_once(world):
    client = _signed_in(world.secadmin)
    made = client.post(reverse("security-system-account-create"), {
        "username": "putuo-system", "display_name": "普检办案系统",
        "procuratorate": world.putuo.pk, "role": Role.SUPERVISOR})
    assert made.status_code == 302
    account = User.objects.get(username="putuo-system")
    assert account.is_system_account and account.procuratorate == world.putuo
    response = client.post(reverse("security-system-account-token-create", args=[account.pk]),
                           {"name": "对接平台", "scope": "read", "days": "365"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    plain = response.context["plain"]
    assert plain in response.content.decode()
    page = client.get(reverse("security")).content.decode()
    assert plain not in page and "对接平台" in page and "普检办案系统" in page
    token = ApiToken.objects.get(user=account)
    assert token.created_by == world.secadmin
    assert client.post(reverse("security-token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == world.secadmin
    # A person's own token is not the security administrator's to revoke.
    own, _ = _token(world.procurator)
    assert client.post(reverse("security-token-revoke", args=[own.pk])).status_code == 404


def test_the_security_page_explains_a_bad_system_account(world):
    _system_account(world)
    client = _signed_in(world.secadmin)
    response = client.post(reverse("security-system-account-create"), {
        "username": "dingjian-system", "display_name": "重复", "procuratorate": world.dinghai.pk,
        "role": Role.SUPERVISOR})
    assert response.status_code == 200
    assert "username" in response.context["account_form"].errors


def test_the_security_page_costs_the_same_queries_for_1_and_5_system_accounts(
        world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in(world.secadmin)

    def account(n: int) -> None:
        made = _system_account(world, username=f"system-{n}")
        for _ in range(2):
            _token(made, actor=world.secadmin)

    account(0)
    client.get(reverse("security"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("security"))
    for n in range(1, 5):
        account(n)
    with django_assert_num_queries(len(one)):
        response = client.get(reverse("security"))
    assert response.content.decode().count('data-testid="system-account"') == 5
