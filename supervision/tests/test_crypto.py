"""Personal data at rest (issue 15): both backends round-trip, detect tampering, keep old
tokens readable after a switch, and digest the normalised value under a key."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from supervision import crypto

PERSON_ID = "11010519491231002X"


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture(params=crypto.BACKENDS)
def backend(request, settings) -> str:
    settings.FIELD_CRYPTO_BACKEND = request.param
    return request.param


def test_each_backend_round_trips_and_hides_the_value(backend):
    token = crypto.encrypt(PERSON_ID)
    assert token.startswith(f"v1:{backend}:") and PERSON_ID not in token and "002X" not in token
    assert crypto.decrypt(token) == PERSON_ID
    assert crypto.encrypt(PERSON_ID) != token  # a random nonce / IV every time
    assert crypto.decrypt(crypto.encrypt("舟山 0580-1234567")) == "舟山 0580-1234567"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_an_altered_token_is_refused(backend):
    token = crypto.encrypt(PERSON_ID)
    body = bytearray(base64.b64decode(token.split(":", 2)[2]))
    for position in (0, len(body) // 2, len(body) - 1):  # nonce/IV, ciphertext, tag
        altered = body.copy()
        altered[position] ^= 1
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(f"v1:{backend}:{base64.b64encode(bytes(altered)).decode()}")
    other = "sm4" if backend == "aes" else "aes"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token.replace(f":{backend}:", f":{other}:"))  # the header is authenticated
    for junk in ("330102199001011234", "v1:aes:not base64!", "v2:aes:AAAA", "v1:rot13:AAAA"):
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(junk)


def test_tokens_stay_readable_after_switching_the_backend(settings):
    settings.FIELD_CRYPTO_BACKEND = "aes"
    old = crypto.encrypt(PERSON_ID)
    settings.FIELD_CRYPTO_BACKEND = "sm4"
    assert crypto.encrypt(PERSON_ID).startswith("v1:sm4:")
    assert crypto.decrypt(old) == PERSON_ID


def test_a_wrong_key_fails_clearly_and_an_old_key_still_reads(settings):
    settings.FIELD_ENCRYPTION_KEY = first = new_key()
    token = crypto.encrypt(PERSON_ID)
    settings.FIELD_ENCRYPTION_KEY = new_key()
    with pytest.raises(crypto.DecryptionError, match="FIELD_ENCRYPTION_OLD_KEYS"):
        crypto.decrypt(token)
    settings.FIELD_ENCRYPTION_OLD_KEYS = [first]
    assert crypto.decrypt(token) == PERSON_ID


@pytest.mark.parametrize("value", ["short", "not base64 at all", base64.b64encode(b"16 bytes only!!!").decode()])
def test_a_malformed_key_is_a_configuration_error(settings, value):
    settings.FIELD_ENCRYPTION_KEY = value
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY"):
        crypto.encrypt(PERSON_ID)


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.FIELD_CRYPTO_BACKEND = "des"
    with pytest.raises(ImproperlyConfigured, match="FIELD_CRYPTO_BACKEND"):
        crypto.encrypt(PERSON_ID)


def test_the_digest_is_stable_normalised_and_keyed(backend, settings):
    value = crypto.digest(PERSON_ID)
    assert len(value) == 64 and value == crypto.digest(PERSON_ID)
    assert crypto.digest(" 110105 19491231 002x ") == value
    assert crypto.digest("１１０１０５１９４９１２３１００２Ｘ") == value  # full-width
    assert crypto.digest("0580-1234567") == crypto.digest("0580 1234567") == crypto.digest("05801234567")
    assert crypto.digest(PERSON_ID[:-1] + "3") != value and crypto.digest("") == ""
    other = "sm4" if backend == "aes" else "aes"
    assert crypto.digest(PERSON_ID, backend=other) != value  # hence the re-digest after a switch
    settings.FIELD_DIGEST_KEY = new_key()
    assert crypto.digest(PERSON_ID) != value  # keyed: no table of every ID number's hash


def test_sm4_and_sm3_match_the_standards_test_vectors_in_both_implementations():
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    for name, (sm4_cbc, sm3) in crypto.SM_IMPLEMENTATIONS.items():
        # GB/T 32907-2016 appendix A.1 (one block; CBC with a zero IV is ECB for it)
        assert sm4_cbc(key, bytes(16), key, encrypt=True)[:16].hex() == "681edf34d206965e86b3e94f536e4246", name
        assert sm4_cbc(key, bytes(16), sm4_cbc(key, bytes(16), b"x" * 20, encrypt=True), encrypt=False) == b"x" * 20
        # GB/T 32905-2016 appendix A.1
        assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", name


def test_openssl_and_gmssl_make_tokens_each_other_reads(settings, monkeypatch):
    settings.FIELD_CRYPTO_BACKEND = "sm4"
    tokens = {}
    for name, (sm4_cbc, sm3) in crypto.SM_IMPLEMENTATIONS.items():
        monkeypatch.setattr(crypto, "_sm4_cbc", sm4_cbc)
        monkeypatch.setattr(crypto, "_sm3", sm3)
        tokens[name] = (crypto.encrypt(PERSON_ID), crypto.digest(PERSON_ID))
    for name, (sm4_cbc, sm3) in crypto.SM_IMPLEMENTATIONS.items():
        monkeypatch.setattr(crypto, "_sm4_cbc", sm4_cbc)
        monkeypatch.setattr(crypto, "_sm3", sm3)
        assert {crypto.decrypt(token) for token, _digest in tokens.values()} == {PERSON_ID}, name
    assert tokens["openssl"][1] == tokens["gmssl"][1]
