"""Each procuratorate's signing key, configured outside the repository (``SIGNING_KEYS_DIR``).

The directory holds, per procuratorate (named by its id, the ``Procuratorate`` primary key —
the model has no other stable code, and a renamed procuratorate needs a new certificate anyway):

* ``<id>.key.pem`` — the private key (PEM, optionally encrypted with ``SIGNING_KEY_PASSPHRASE``);
* ``<id>.cert.pem`` — its certificate, subject = the procuratorate;
* ``<id>.chain.pem`` (optional) — intermediate CA certificates, embedded in each signature;
* ``<id>.seal.png`` (optional) — the seal image shown in the signature field;

and ``ca.pem``: the trust roots the verify page accepts (every CA that ever issued a
procuratorate's certificate — keep retired ones, so older documents stay trusted).

A procuratorate without a key issues unsigned PDFs; the self-check names it when
``SIGNING_KEYS_DIR`` is set. ``manage.py signing_keys --dev`` writes a development CA and keys.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder_data

from supervision.models import Procuratorate

from .signing import SignatureCheck, SigningKey, check_signatures, sign_pdf

TRUST_ROOTS = "ca.pem"
DEV_CA_KEY = "dev-ca.key.pem"


def keys_dir() -> Path | None:
    value = getattr(settings, "SIGNING_KEYS_DIR", "")
    return Path(value) if value else None


def key_file(procuratorate_id: int, kind: str) -> Path | None:
    """``<dir>/<id>.<kind>`` (kind: ``key.pem``, ``cert.pem``, ``chain.pem``, ``seal.png``)."""
    directory = keys_dir()
    return directory / f"{procuratorate_id}.{kind}" if directory else None


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None and path.is_file() else None


def signing_key_for(procuratorate: Procuratorate) -> SigningKey | None:
    """The procuratorate's key material, or None when it has no key. A key without its
    certificate is a configuration error (ValueError), never a silent unsigned document."""
    key_pem = _read(key_file(procuratorate.pk, "key.pem"))
    if key_pem is None:
        return None
    cert_pem = _read(key_file(procuratorate.pk, "cert.pem"))
    if cert_pem is None:
        raise ValueError(f"{procuratorate.pk}.cert.pem is missing")
    passphrase = getattr(settings, "SIGNING_KEY_PASSPHRASE", "")
    return SigningKey(name=procuratorate.name, key_pem=key_pem, cert_pem=cert_pem,
                      chain_pem=_read(key_file(procuratorate.pk, "chain.pem")) or b"",
                      seal_png=_read(key_file(procuratorate.pk, "seal.png")),
                      passphrase=passphrase.encode() if passphrase else None)


def sign_instrument_pdf(pdf: bytes, procuratorate: Procuratorate) -> tuple[bytes, bool]:
    """``(bytes, signed)``: ``pdf`` signed with the procuratorate's key, or unchanged when it
    has none. Broken key material refuses the issue (ValidationError), so nothing is frozen
    unsigned by accident where signing is configured."""
    try:
        key = signing_key_for(procuratorate)
        if key is None:
            return pdf, False
        return sign_pdf(pdf, key, location=procuratorate.name), True
    except ValueError as exc:
        raise ValidationError(_("本院的签名密钥配置有误，文书未能签发，请联系系统管理员（%(error)s）。")
                              % {"error": exc}) from exc


def trust_roots() -> list[asn1_x509.Certificate]:
    """The certificates in ``<dir>/ca.pem`` (none when signing is not configured)."""
    data = _read(keys_dir() / TRUST_ROOTS) if keys_dir() else None
    return list(load_certs_from_pemder_data(data)) if data else []


def check_pdf(pdf: bytes) -> list[SignatureCheck]:
    """The signatures of an uploaded PDF against the configured trust roots (ValueError when
    it is not a readable PDF)."""
    return check_signatures(pdf, trust_roots=trust_roots())


def key_status(procuratorate: Procuratorate, *,
               today: datetime.date | None = None) -> tuple[str, datetime.date | None]:
    """``(problem, not_after)``: why the procuratorate cannot sign — ``missing``,
    ``unreadable``, ``expired``, or "" — and the last day of its certificate."""
    try:
        key = signing_key_for(procuratorate)
        if key is None:
            return "missing", None
        signer = key.signer()
    except ValueError:
        return "unreadable", None
    not_after = signer.signing_cert["tbs_certificate"]["validity"]["not_after"].native.date()
    return ("expired" if not_after < (today or datetime.date.today()) else ""), not_after


def key_problem(procuratorate: Procuratorate, *, today: datetime.date | None = None) -> str:
    return key_status(procuratorate, today=today)[0]


# --- Development keys ------------------------------------------------------------------------

def write_dev_keys(directory: Path, procuratorates: Iterable[Procuratorate], *,
                   replace: bool = False) -> list[Procuratorate]:
    """A development CA in ``directory`` (``ca.pem`` + ``dev-ca.key.pem``, created once) and a
    key and certificate it signs for each procuratorate without one, or whose certificate
    names another procuratorate (a database rebuilt with other ids), or every one if
    ``replace``. Returns those that got a new key. Never for production: the CA's key sits
    beside the others."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    ca_key_path, ca_cert_path = directory / DEV_CA_KEY, directory / TRUST_ROOTS
    if ca_key_path.exists() and ca_cert_path.exists():
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    elif ca_cert_path.exists():
        raise ValueError(f"{ca_cert_path} exists without {DEV_CA_KEY}: not a development CA")
    else:
        ca_key, ca_cert = make_ca("检察文书电子签名开发测试根证书")
        _write(ca_key_path, _key_pem(ca_key))
        ca_cert_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    made = []
    for procuratorate in procuratorates:
        key_path = directory / f"{procuratorate.pk}.key.pem"
        if key_path.exists() and not replace and _certifies(
                directory / f"{procuratorate.pk}.cert.pem", procuratorate.name):
            continue
        key, cert = make_signing_cert(procuratorate.name, ca_key, ca_cert)
        _write(key_path, _key_pem(key))
        (directory / f"{procuratorate.pk}.cert.pem").write_bytes(
            cert.public_bytes(serialization.Encoding.PEM))
        made.append(procuratorate)
    return made


def _certifies(cert_path: Path, name: str) -> bool:
    """Whether the certificate at ``cert_path`` is issued to ``name`` (its common name)."""
    if not cert_path.is_file():
        return False
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)] == [name]


def make_ca(name: str, *, years: int = 10):
    """A self-signed CA: (private key, certificate), with ``cryptography``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_signing_cert(name: str, ca_key, ca_cert, *, years: int = 3):
    """A document-signing key and certificate for ``name`` (subject O and CN), issued by the
    CA: digitalSignature + nonRepudiation, as PDF signature validators expect."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                         x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write(path: Path, data: bytes) -> None:
    """A private key file, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
