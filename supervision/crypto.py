"""Personal data at rest (issue 15, 等保三级): field encryption and keyed exact-match digests.

ID numbers and phone numbers are stored as tokens, ``v1:<backend>:<base64>``, and found by
a keyed digest of their normalised form (HMAC, so a dump cannot be reversed by hashing every
possible ID number). ``settings.FIELD_CRYPTO_BACKEND`` chooses what new values use:

- ``aes`` (default): AES-256-GCM, a random 96-bit nonce, the token header as associated data;
  digests are HMAC-SHA256.
- ``sm4``: the national algorithms (GB/T 32907 SM4, GB/T 32905 SM3): SM4-CBC with a random IV
  and PKCS#7 padding, then an HMAC-SM3 tag over header, IV and ciphertext (encrypt-then-MAC);
  digests are HMAC-SM3. Computed by OpenSSL through ``cryptography`` when the linked OpenSSL
  has SM4 and SM3 (the wheels do), else by ``gmssl`` (pure Python, about 1 ms an operation):
  the bytes are the same either way.

A token names its backend, so switching the setting leaves old rows readable; digests do not
(each backend has its own MAC), so after a switch or a new ``FIELD_DIGEST_KEY`` run
``manage.py reencrypt_personal_data``. Old encryption keys stay readable while listed in
``FIELD_ENCRYPTION_OLD_KEYS`` (docs/security.md, "Personal data at rest").

Keys are 32 random bytes, base64, from ``FIELD_ENCRYPTION_KEY`` and ``FIELD_DIGEST_KEY``; when
unset (the embedded and demo modes only: production settings refuse to start without them) they
are derived from ``SECRET_KEY`` with HKDF-SHA256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Callable
from functools import cache

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

VERSION = "v1"
BACKENDS = ("aes", "sm4")
KEY_BYTES = 32


class DecryptionError(ValueError):
    """Not a token, altered, or encrypted under a key this installation does not have."""


# --- keys ---------------------------------------------------------------------------------------

def _key(name: str, value: str) -> bytes:
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must be {KEY_BYTES} bytes (base64 of "
                                   f"os.urandom({KEY_BYTES})), not {len(key)}")
    return key


def _derived(label: bytes) -> bytes:
    """Development only: a key from SECRET_KEY (settings refuse this in production)."""
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"field-crypto/" + label).derive(
        settings.SECRET_KEY.encode())


@cache
def _keys() -> tuple[tuple[bytes, ...], bytes]:
    """(encryption keys, current first; digest key)."""
    current = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    encryption = _key("FIELD_ENCRYPTION_KEY", current) if current else _derived(b"encryption")
    old = [_key("FIELD_ENCRYPTION_OLD_KEYS", k) for k in getattr(settings, "FIELD_ENCRYPTION_OLD_KEYS", [])]
    digest_key = getattr(settings, "FIELD_DIGEST_KEY", "")
    return (encryption, *old), (_key("FIELD_DIGEST_KEY", digest_key) if digest_key else _derived(b"digest"))


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs) -> None:
    if setting.startswith("FIELD_") or setting == "SECRET_KEY":
        _keys.cache_clear()


def current_backend() -> str:
    name = getattr(settings, "FIELD_CRYPTO_BACKEND", "aes")
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"FIELD_CRYPTO_BACKEND must be one of {BACKENDS}, not {name!r}")
    return name


# --- SM4 / SM3 primitives: OpenSSL when it has them, else gmssl --------------------------------

def _openssl_has_sm() -> bool:
    try:
        Cipher(algorithms.SM4(bytes(16)), modes.CBC(bytes(16))).encryptor()
        hashes.Hash(hashes.SM3())
    except UnsupportedAlgorithm:
        return False
    return True


def _sm4_cbc_openssl(key: bytes, iv: bytes, data: bytes, *, encrypt: bool) -> bytes:
    cipher = Cipher(algorithms.SM4(key), modes.CBC(iv))
    if encrypt:
        padder = padding.PKCS7(128).padder()
        job = cipher.encryptor()
        return job.update(padder.update(data) + padder.finalize()) + job.finalize()
    job, unpadder = cipher.decryptor(), padding.PKCS7(128).unpadder()
    padded = job.update(data) + job.finalize()
    return unpadder.update(padded) + unpadder.finalize()


def _sm3_openssl(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def _sm4_cbc_gmssl(key: bytes, iv: bytes, data: bytes, *, encrypt: bool) -> bytes:
    from gmssl.sm4 import SM4_DECRYPT, SM4_ENCRYPT, CryptSM4

    sm4 = CryptSM4()
    sm4.set_key(key, SM4_ENCRYPT if encrypt else SM4_DECRYPT)
    return sm4.crypt_cbc(iv, data)  # PKCS#7 padding both ways


def _sm3_gmssl(data: bytes) -> bytes:
    from gmssl import func, sm3

    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


def _hmac(hash_fn: Callable[[bytes], bytes], key: bytes, message: bytes) -> bytes:
    """RFC 2104 over a 64-byte-block hash (SM3 has no ``hashlib`` constructor everywhere)."""
    key = key.ljust(64, b"\0")
    return hash_fn(bytes(b ^ 0x5C for b in key) + hash_fn(bytes(b ^ 0x36 for b in key) + message))


SM_IMPLEMENTATIONS = {"openssl": (_sm4_cbc_openssl, _sm3_openssl), "gmssl": (_sm4_cbc_gmssl, _sm3_gmssl)}
_sm4_cbc, _sm3 = SM_IMPLEMENTATIONS["openssl" if _openssl_has_sm() else "gmssl"]


# --- the backends -------------------------------------------------------------------------------

def _header(name: str) -> bytes:
    return f"{VERSION}:{name}".encode()


def _aes_seal(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, _header("aes"))


def _aes_open(key: bytes, body: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(body[:12], body[12:], _header("aes"))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError from exc


@cache
def _sm4_keys(key: bytes) -> tuple[bytes, bytes]:
    """Separate SM4 and HMAC-SM3 keys from the one master key, with HMAC-SM3 as the PRF."""
    return _hmac(_sm3, key, b"field-crypto/sm4-cbc")[:16], _hmac(_sm3, key, b"field-crypto/hmac-sm3")


def _sm4_seal(key: bytes, data: bytes) -> bytes:
    enc_key, mac_key = _sm4_keys(key)
    iv = os.urandom(16)
    ciphertext = _sm4_cbc(enc_key, iv, data, encrypt=True)
    return iv + ciphertext + _hmac(_sm3, mac_key, _header("sm4") + iv + ciphertext)


def _sm4_open(key: bytes, body: bytes) -> bytes:
    enc_key, mac_key = _sm4_keys(key)
    iv, ciphertext, tag = body[:16], body[16:-32], body[-32:]
    if len(ciphertext) < 16 or not hmac.compare_digest(tag, _hmac(_sm3, mac_key, _header("sm4") + iv + ciphertext)):
        raise DecryptionError
    return _sm4_cbc(enc_key, iv, ciphertext, encrypt=False)


_SEAL = {"aes": _aes_seal, "sm4": _sm4_seal}
_OPEN = {"aes": _aes_open, "sm4": _sm4_open}
_MAC = {"aes": lambda key, message: hmac.new(key, message, hashlib.sha256).digest(),
        "sm4": lambda key, message: _hmac(_sm3, key, message)}


# --- the API ------------------------------------------------------------------------------------

def is_token(value: str) -> bool:
    return value.startswith(VERSION + ":") and value.split(":", 2)[1] in BACKENDS


def encrypt(text: str, *, backend: str | None = None) -> str:
    """A token for ``text``, different on every call; the empty string stays empty."""
    if not text:
        return ""
    name = backend or current_backend()
    body = _SEAL[name](_keys()[0][0], text.encode())
    return f"{VERSION}:{name}:{base64.b64encode(body).decode()}"


def decrypt(token: str) -> str:
    """The text of a token made by any backend under the current or an old key."""
    if not token:
        return ""
    version, _sep, rest = token.partition(":")
    name, _sep, body64 = rest.partition(":")
    if version != VERSION or name not in BACKENDS:
        raise DecryptionError("not a field token")
    try:
        body = base64.b64decode(body64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("not a field token") from exc
    for key in _keys()[0]:
        try:
            return _OPEN[name](key, body).decode()
        except DecryptionError:
            continue
    raise DecryptionError(f"cannot decrypt a {name} token: altered, or encrypted under a key "
                          "not in FIELD_ENCRYPTION_KEY / FIELD_ENCRYPTION_OLD_KEYS")


def normalize(text: str) -> str:
    """What two spellings of the same number share: full-width folded (NFKC), spaces and
    hyphens dropped, upper-cased (an ID number's check character ``x`` is ``X``)."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(c for c in folded if not c.isspace() and c != "-").upper()


def digest(text: str, *, backend: str | None = None) -> str:
    """The keyed exact-match digest (64 hex characters) of ``normalize(text)``; "" for ""."""
    value = normalize(text)
    if not value:
        return ""
    return _MAC[backend or current_backend()](_keys()[1], value.encode()).hex()
