"""The demo world's connections to other systems (issue 17): the court's case system holds an
API token of its liaison and subscribes to the court's instrument events; 舟检's cross-agency
platform (政法协同平台) is a system account with a read-only token. So that ``./dev up``
shows the API token pages, the security administrator's system accounts and a webhook
subscription with its delivery log. Through the services, as real use would; the tokens'
texts are never printed (each was shown once, to nobody)."""

from __future__ import annotations

from collections.abc import Callable

from integrations.net import RefusedURL, check_url
from integrations.permissions import event_types_for
from integrations.services import subscriptions
from supervision.choices import Role
from supervision.models import User
from supervision.services import api_tokens

#: Where the court's case system listens in the demo: on this machine (the demo allows the
#: loopback address, ``WEBHOOK_ALLOWED_HOSTS``); nothing answers there, so the delivery log
#: shows the failed attempts and the retries a real outage would.
COURT_SYSTEM_URL = "http://127.0.0.1:8765/webhooks/procuratorate"
SYSTEM_ACCOUNT = "zs.platform"


def seed_integrations(users: dict[str, User], say: Callable[[str], None]) -> None:
    court = users["court.liaison"]
    api_tokens.api_token_create(actor=court, user=court, name="法院办案系统", scope="act",
                                days=180)
    try:
        check_url(COURT_SYSTEM_URL)
    except RefusedURL:  # an installation that does not allow the loopback address
        say("系统对接：本机地址未获允许（WEBHOOK_ALLOWED_HOSTS），未建立演示 Webhook 订阅。")
    else:
        subscriptions.subscription_create(actor=court, name="法院办案系统",
                                          url=COURT_SYSTEM_URL,
                                          event_types=event_types_for(court))
    secadmin = users["secadmin"]
    platform = api_tokens.system_account_create(
        actor=secadmin, username=SYSTEM_ACCOUNT, display_name="舟山市政法协同平台",
        procuratorate=users["zs.supervisor"].procuratorate, role=Role.SUPERVISOR)
    api_tokens.api_token_create(actor=secadmin, user=platform, name="政法协同平台数据同步",
                                scope="read", days=365)
    say("系统对接：法院办案系统的 API 令牌与 Webhook 订阅，舟检政法协同平台的系统账号。")
