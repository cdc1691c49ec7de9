"""The documented signature check (``integrations.signing.verify``) against what the sender
signs: accepted as sent, refused when altered, signed with another secret, stale, from the
future, or replayed after the tolerance."""

from __future__ import annotations

import time

from integrations import signing

SECRET = "whsec_test-secret"
BODY = '{"data":{"instrument":{"id":7}},"id":"0b7e","type":"instrument.issued"}'


def test_a_signature_made_by_the_sender_is_verified():
    ts = int(time.time())
    assert signing.verify(SECRET, str(ts), BODY, signing.sign(SECRET, ts, BODY))
    assert signing.verify(SECRET, ts, BODY.encode(), signing.sign(SECRET, ts, BODY))


def test_a_tampered_body_timestamp_or_secret_is_refused():
    ts = int(time.time())
    sig = signing.sign(SECRET, ts, BODY)
    assert not signing.verify(SECRET, ts, BODY.replace("7", "8"), sig)
    assert not signing.verify(SECRET, ts - 1, BODY, sig)
    assert not signing.verify("whsec_other", ts, BODY, sig)
    assert not signing.verify(SECRET, ts, BODY, sig[:-1] + ("0" if sig[-1] != "0" else "1"))
    assert not signing.verify(SECRET, ts, BODY, "")
    assert not signing.verify(SECRET, "not-a-number", BODY, sig)
    assert not signing.verify(SECRET, ts, b"\xff\xfe", sig)


def test_a_stale_or_future_timestamp_is_refused_and_a_replay_fails_after_the_tolerance():
    now = time.time()
    old = int(now) - 301
    assert not signing.verify(SECRET, old, BODY, signing.sign(SECRET, old, BODY), now=now)
    future = int(now) + 301
    assert not signing.verify(SECRET, future, BODY, signing.sign(SECRET, future, BODY), now=now)
    # A captured request, replayed: valid when sent, refused ten minutes later.
    sent = int(now)
    captured = signing.sign(SECRET, sent, BODY)
    assert signing.verify(SECRET, sent, BODY, captured, now=now + 60)
    assert not signing.verify(SECRET, sent, BODY, captured, now=now + 600)
    assert signing.verify(SECRET, sent, BODY, captured, now=now + 600, tolerance=900)


def test_several_signatures_during_a_secret_change_one_of_which_matches():
    ts = int(time.time())
    header = f"{signing.sign('whsec_old', ts, BODY)}, {signing.sign(SECRET, ts, BODY)}"
    assert signing.verify(SECRET, ts, BODY, header)
    assert signing.verify("whsec_old", ts, BODY, header)
    assert not signing.verify("whsec_third", ts, BODY, header)
