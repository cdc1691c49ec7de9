"""Where a webhook may be sent (SSRF guard) and the POST itself.

A URL is refused when it is not http(s), has credentials, or its host resolves to an address
that is private, loopback, link-local, multicast, reserved or unspecified, or to one of this
server's own — unless the administrator allowed it: ``WEBHOOK_ALLOW_PRIVATE_HOSTS`` (every
such address) or ``WEBHOOK_ALLOWED_HOSTS`` (host names or networks, e.g. ``["10.8.0.0/16",
"gateway.zj.gov"]``). The check runs when a subscription is saved and again at every delivery,
and the connection goes to the very address that was checked (a host that resolves to a
public address for the check and a private one for the connection — DNS rebinding — never
gets a request). Redirects are not followed; every request has a timeout.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedURL(ValueError):
    """The URL may not receive webhooks; the message says why, in the user's language."""


@cache
def _own_addresses() -> frozenset[Address]:
    """This server's own addresses (its host name's, and the ones it is reachable at)."""
    found: set[Address] = set()
    names = {socket.gethostname(), socket.getfqdn()}
    site = urlsplit(getattr(settings, "SITE_URL", "")).hostname
    if site:
        names.add(site)
    for name in names:
        try:
            for info in socket.getaddrinfo(name, None):
                found.add(ipaddress.ip_address(info[4][0].split("%")[0]))
        except (OSError, ValueError):
            continue
    return frozenset(found)


def _allowed(host: str, address: Address) -> bool:
    if settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        return True
    for entry in settings.WEBHOOK_ALLOWED_HOSTS:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            if entry.lower() == host.lower():
                return True
    return False


def _forbidden(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified
            or not address.is_global or address in _own_addresses())


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def check_url(url: str) -> Target:
    """The checked target of ``url`` (the address to connect to), or :class:`RefusedURL`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise RefusedURL(_("接收地址必须以 http:// 或 https:// 开头。"))
    if parts.username or parts.password:
        raise RefusedURL(_("接收地址不能包含用户名或密码。"))
    host = parts.hostname
    if not host:
        raise RefusedURL(_("接收地址缺少主机名。"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedURL(_("接收地址的端口无效。")) from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedURL(_("无法解析接收地址的主机名。")) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _forbidden(address) and not _allowed(host, address):
            raise RefusedURL(_("接收地址指向内部网络、本机或保留地址，未经系统管理员允许不能使用。"))
        addresses.append(address)
    if not addresses:
        raise RefusedURL(_("无法解析接收地址的主机名。"))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, path, str(addresses[0]))


@dataclass(frozen=True)
class Response:
    status: int | None
    excerpt: str
    error: str
    duration_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout,
                         context=ssl.create_default_context())
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: str, headers: dict[str, str]) -> Response:
    """POST ``body`` to ``url`` (checked again now, connected to the checked address); never
    raises for the receiver's or the network's failure — the response says what happened."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = check_url(url)
    except RefusedURL as exc:
        return Response(None, "", str(exc), elapsed())
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = cls(target, timeout)
    try:
        connection.request("POST", target.path, body=body.encode(), headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "procuratorial-supervision-webhooks/1", **headers})
        answer = connection.getresponse()
        excerpt = answer.read(2000).decode("utf-8", "replace")[:500]
        return Response(answer.status, excerpt, "", elapsed())
    except (OSError, http.client.HTTPException) as exc:
        return Response(None, "", f"{type(exc).__name__}: {exc}"[:300], elapsed())
    finally:
        connection.close()
