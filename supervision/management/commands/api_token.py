"""``manage.py api_token create <username> --name <label> [--scope read|act] [--days N]`` ·
``api_token list <username>`` · ``api_token revoke <id>``

API tokens from the command line (issue 17), for the server's operator: ``create`` prints the
token once — it is stored only as a hash and cannot be shown again; ``list`` shows an
account's tokens without their secret; ``revoke`` ends one. Each write is audited (the actor is
the operator at the console: no account).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from supervision.models import ApiToken, ApiTokenScope, User
from supervision.services import api_tokens as services


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(f"{field}: {' '.join(m)}" for field, m in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "管理账号的 API 令牌：create 创建（令牌只显示这一次）、list 列出、revoke 撤销。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为账号创建令牌，并显示令牌（只显示这一次）")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌名称，如对接系统的名字")
        create.add_argument("--scope", choices=ApiTokenScope.values, default=ApiTokenScope.READ,
                            help="read：只读；act：读取和办理（默认 read）")
        create.add_argument("--days", type=int, default=None, help="有效天数（默认 90，最多 365）")
        listing = sub.add_parser("list", help="列出账号的令牌（不显示令牌本身）")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="按编号撤销令牌")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    @staticmethod
    def _user(username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"没有账号名为 {username!r} 的账号。") from exc

    def _create(self, *, username: str, name: str, scope: str, days: int | None, **_) -> None:
        user = self._user(username)
        try:
            token, plain = services.api_token_create(actor=None, user=user, name=name,
                                                     scope=scope, days=days)
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from exc
        self.stderr.write(f"已为 {user.username} 创建令牌 #{token.pk}“{token.name}”"
                          f"（{token.get_scope_display()}，有效期至 "
                          f"{timezone.localtime(token.expiry):%Y-%m-%d %H:%M}）。"
                          "令牌只显示这一次，请立即妥善保存：")
        self.stdout.write(plain)

    def _list(self, *, username: str, **_) -> None:
        user = self._user(username)
        tokens = ApiToken.objects.filter(user=user).order_by("-created", "-id")
        if not tokens:
            self.stdout.write(f"{user.username} 没有 API 令牌。")
            return
        for token in tokens:
            state = ("已撤销" if token.revoked_at else "已过期" if token.is_expired else "有效")
            used = (f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                    if token.last_used_at else "从未使用")
            self.stdout.write(
                f"#{token.pk}\t{token.name}\t{token.get_scope_display()}\t{state}\t"
                f"创建 {timezone.localtime(token.created):%Y-%m-%d}\t"
                f"到期 {timezone.localtime(token.expiry):%Y-%m-%d}\t最近使用 {used}\t"
                f"{token.token_key}…")

    def _revoke(self, *, id: int, **_) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=id).first()
        if token is None:
            raise CommandError(f"没有编号为 {id} 的令牌。")
        if token.revoked_at is not None:
            raise CommandError(f"令牌 #{id} 已于 "
                               f"{timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M} 撤销。")
        services.api_token_revoke(actor=None, token=token)
        self.stdout.write(f"已撤销 {token.user.username} 的令牌 #{id}“{token.name}”。")
