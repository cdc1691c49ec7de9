"""Signing a webhook, and checking the signature as a receiver does.

Each request carries three headers::

    X-Webhook-Id:         the event's id (the same on every attempt: de-duplicate on it)
    X-Webhook-Timestamp:  Unix seconds when this attempt was signed
    X-Webhook-Signature:  v1=<hex HMAC-SHA256(secret, f"{timestamp}.{body}")>

A receiver checks them with :func:`verify` (this module has no dependency beyond the standard
library: copy it into the receiving system as it is)::

    from signing import verify

    def receive(request):
        body = request.body.decode("utf-8")
        if not verify(SECRET, request.headers["X-Webhook-Timestamp"], body,
                      request.headers["X-Webhook-Signature"]):
            return 400
        event = json.loads(body)
        if already_seen(event["id"]):       # a retry or a redelivery of the same event
            return 200
        handle(event)
        return 200

The timestamp makes a captured request useless later: ``verify`` refuses one signed more than
``tolerance`` seconds before (or after) the receiver's clock.
"""

from __future__ import annotations

import hashlib
import hmac
import time

VERSION = "v1"


def sign(secret: str, timestamp: int | str, body: str) -> str:
    """The ``X-Webhook-Signature`` value of ``body`` sent at ``timestamp``."""
    message = f"{timestamp}.{body}".encode()
    return f"{VERSION}=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str | int, body: str | bytes, signature: str, *,
           tolerance: int = 300, now: float | None = None) -> bool:
    """Whether ``signature`` (the ``X-Webhook-Signature`` header; several ``v1=`` values may
    be given, separated by commas or spaces, while a secret is being changed) signs ``body``
    at ``timestamp`` with ``secret``, and ``timestamp`` is within ``tolerance`` seconds of
    ``now`` (default: the current time) — else the request is forged, altered or replayed."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return False
    try:
        sent = int(str(timestamp).strip())
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        return False
    expected = sign(secret, sent, body)
    candidates = [part for part in str(signature).replace(",", " ").split() if part]
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
