"""Signed documents (issue 15): an issued instrument's frozen PDF carries a PAdES signature
made with its procuratorate's key, where the seal goes; pyHanko and the verify page report it
valid, a changed byte makes it invalid, and a procuratorate without a key issues unsigned."""

from __future__ import annotations

import datetime
import hashlib
import io
from io import StringIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from recommendations import services, signing_keys
from recommendations.documents import render_instrument_pdf, stamp_characters
from recommendations.models import Recommendation
from supervision.models import AuditEntry
from supervision.services.selfcheck import run_selfcheck

SEAL_PT = 42 / 25.4 * 72  # the seal's 42 mm


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                encipher_only=False, decipher_only=False), critical=True)
            .sign(issuer_key, hashes.SHA256()))


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def keys(world, settings, tmp_path) -> Path:
    """A throwaway CA (ECDSA P-256, made here with ``cryptography``) and a key and certificate
    it issued to 定海院, in a SIGNING_KEYS_DIR of the test's own; 普陀院 has no key."""
    directory = tmp_path / "signing-keys"
    directory.mkdir()
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("测试根证书", ca_key, "测试根证书", ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(world.dinghai.name, key, "测试根证书", ca_key, ca=False)
    (directory / "ca.pem").write_bytes(_pem(ca))
    (directory / f"{world.dinghai.pk}.cert.pem").write_bytes(_pem(cert))
    (directory / f"{world.dinghai.pk}.key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    settings.SIGNING_KEYS_DIR = str(directory)
    return directory


def stored(rec: Recommendation) -> bytes:
    with rec.pdf.open("rb") as handle:
        return handle.read()


def changed_byte(pdf: bytes) -> bytes:
    """``pdf`` with one byte of the rendered page's content stream inverted (inside the signed
    range, where no parser notices)."""
    at = pdf.index(b"stream\n") + 40
    return pdf[:at] + bytes([pdf[at] ^ 0xFF]) + pdf[at + 1:]


def verify_page(client: Client, pdf: bytes) -> str:
    response = client.post(reverse("recommendations:verify-pdf"),
                           {"pdf": SimpleUploadedFile("doc.pdf", pdf, "application/pdf")})
    assert response.status_code == 200
    return response.content.decode()


def test_an_issued_instrument_is_signed_by_its_procuratorate_where_the_seal_goes(world, keys):
    rec = world.issued()
    pdf = stored(rec)
    assert rec.pdf_sha256 == hashlib.sha256(pdf).hexdigest()  # the hash is of the signed file
    # An incremental update: the rendered document, byte for byte, then the signature.
    assert pdf.startswith(render_instrument_pdf(rec)) and len(pdf) > len(render_instrument_pdf(rec))
    # pyHanko, trusting the test's CA only, finds it intact, valid, trusted, whole.
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    ca = load_cert_from_pemder(str(keys / "ca.pem"))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[ca]))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["organization_name"] == world.dinghai.name
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    # The visible field: a 42 mm square on the last page, over the seal's placeholder.
    x1, y1, x2, y2 = (float(v) for v in signature.sig_field["/Rect"])
    assert abs((x2 - x1) - SEAL_PT) < 2 and abs((y2 - y1) - SEAL_PT) < 2
    assert AuditEntry.objects.get(action="recommendation_issue", target_id=str(rec.pk)).data[
        "signed"] in {True, "True"}


def test_check_signatures_reports_signer_time_and_integrity(world, keys):
    rec = world.issued()
    [check] = signing_keys.check_pdf(stored(rec))
    assert check.ok and check.intact and check.valid and check.trusted and check.whole_document
    assert check.signer == world.dinghai.name
    assert abs(check.signed_at - rec.issued_at) < datetime.timedelta(minutes=1)


def test_a_changed_byte_makes_the_signature_invalid(world, keys):
    pdf = changed_byte(stored(world.issued()))
    [check] = signing_keys.check_pdf(pdf)
    assert not check.intact and not check.ok
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(
        trust_roots=signing_keys.trust_roots()))
    assert not status.intact and not status.bottom_line


def test_a_signature_by_an_untrusted_ca_is_not_valid(world, keys, settings, tmp_path):
    pdf = stored(world.issued())
    other = tmp_path / "elsewhere"
    signing_keys.write_dev_keys(other, [])  # another CA: the only trust root now
    settings.SIGNING_KEYS_DIR = str(other)
    [check] = signing_keys.check_pdf(pdf)
    assert check.intact and check.valid and not check.trusted and not check.ok


def test_without_a_key_the_instrument_is_issued_unsigned(world, keys):
    case = world.register_case(actor=world.pt_procurator, agency=world.pt_court)
    rec = world.issued(case)  # 普陀院 has no key in the directory
    assert rec.number and signing_keys.check_pdf(stored(rec)) == []
    assert AuditEntry.objects.get(action="recommendation_issue", target_id=str(rec.pk)).data[
        "signed"] in {False, "False"}


def test_without_signing_configured_nothing_is_signed(world, settings):
    settings.SIGNING_KEYS_DIR = ""
    assert signing_keys.check_pdf(stored(world.issued())) == []


def test_broken_key_material_refuses_to_issue_and_takes_no_number(world, keys):
    (keys / f"{world.dinghai.pk}.key.pem").write_bytes(b"not a key")
    rec = world.approved()
    with pytest.raises(ValidationError, match="签名密钥配置有误"):
        services.recommendation_issue(actor=rec.case.handler, recommendation=rec)
    rec.refresh_from_db()
    assert not rec.number and not rec.pdf_sha256


def test_a_key_that_does_not_match_its_certificate_refuses_to_issue(world, keys, tmp_path):
    signing_keys.write_dev_keys(tmp_path / "other", [world.dinghai])
    (keys / f"{world.dinghai.pk}.key.pem").write_bytes(
        (tmp_path / "other" / f"{world.dinghai.pk}.key.pem").read_bytes())
    assert signing_keys.key_problem(world.dinghai) == "unreadable"
    with pytest.raises(ValidationError, match="签名密钥配置有误"):
        world.issued()


def test_the_seal_image_is_the_signature_appearance_when_configured(world, keys):
    from PIL import Image, ImageDraw

    seal = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((4, 4, 196, 196), outline=(212, 0, 0, 255), width=8)
    buffer = io.BytesIO()
    seal.save(buffer, "PNG")
    (keys / f"{world.dinghai.pk}.seal.png").write_bytes(buffer.getvalue())
    rec = world.issued()
    pdf = stored(rec)
    appended = pdf[len(render_instrument_pdf(rec)):]
    assert b"/Image" in appended and b"/SMask" in appended  # the PNG, with its transparency
    assert signing_keys.check_pdf(pdf)[0].ok


@pytest.mark.parametrize(("language", "valid", "changed", "unsigned", "intact", "invalid",
                          "not_pdf"), [
    ("zh-hans", "数字签名有效", "签名后文件内容已被修改", "未签名", "签名后文件未被修改",
     "数字签名无效", "不是有效的 PDF"),
    ("en", "Digital signature valid", "content was changed after it was signed",
     "Not signed", "The file has not been changed since it was signed",
     "Digital signature invalid", "it is not a valid PDF"),
])
def test_the_verify_page_reports_the_signature(world, keys, language, valid, changed, unsigned,
                                               intact, invalid, not_pdf):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.procurator)
    pdf = stored(world.issued())
    page = verify_page(client, pdf)
    assert valid in page and world.dinghai.name in page and intact in page
    assert f'<html lang="{language}">' in page
    assert ("Verify an official document" in page) == (language == "en")
    tampered = verify_page(client, changed_byte(pdf))
    assert invalid in tampered and changed in tampered
    case = world.register_case(actor=world.pt_procurator, agency=world.pt_court)
    other = Client(HTTP_ACCEPT_LANGUAGE=language)
    other.force_login(world.pt_procurator)
    assert unsigned in verify_page(other, stored(world.issued(case)))
    assert not_pdf in verify_page(client, b"not a pdf")


def test_the_hash_match_still_works_beside_the_signature(world, keys):
    client = Client()
    client.force_login(world.procurator)
    rec = world.issued()
    page = verify_page(client, stored(rec))
    assert rec.number in page and "一致" in page
    assert "未找到与该文件一致的正式文书" in verify_page(client, changed_byte(stored(rec)))


def test_the_self_check_names_issuing_procuratorates_without_a_usable_key(world, keys):
    world.issued()
    world.issued(world.register_case(actor=world.pt_procurator, agency=world.pt_court))
    found = {f["code"]: f["sample"] for f in run_selfcheck().findings}
    assert found["signing_key_unusable"] == [str(world.putuo.pk)]
    assert "signing_cert_expiring" in found  # the fixture's certificate runs 30 days


def test_the_self_check_is_silent_where_signing_is_not_configured(world, settings):
    settings.SIGNING_KEYS_DIR = ""
    world.issued()
    codes = {f["code"] for f in run_selfcheck().findings}
    assert not codes & {"signing_key_unusable", "signing_cert_expiring"}


def test_the_dev_command_writes_keys_that_sign_and_list_as_ok(world, settings, tmp_path):
    directory = tmp_path / "dev-keys"
    out = StringIO()
    call_command("signing_keys", "--dev", str(directory), stdout=out)
    assert (directory / "ca.pem").exists() and (directory / f"{world.putuo.pk}.key.pem").exists()
    assert (directory / f"{world.putuo.pk}.key.pem").stat().st_mode & 0o077 == 0
    settings.SIGNING_KEYS_DIR = str(directory)
    [check] = signing_keys.check_pdf(stored(world.issued()))
    assert check.ok and check.signer == world.dinghai.name
    call_command("signing_keys", stdout=out)
    assert f"{world.dinghai.pk}\t{world.dinghai.name}\tok" in out.getvalue()
    # A second run keeps the keys it made.
    before = (directory / f"{world.dinghai.pk}.key.pem").read_bytes()
    call_command("signing_keys", "--dev", stdout=out)
    assert (directory / f"{world.dinghai.pk}.key.pem").read_bytes() == before


def test_the_stamp_spreads_the_name_over_the_upper_arc():
    chars = stamp_characters("舟山市定海区人民检察院")
    assert "".join(c for c, _ in chars) == "舟山市定海区人民检察院"
    angles = [float(a) for _, a in chars]
    assert angles[0] == -angles[-1] and max(angles) <= 120
    assert stamp_characters("") == []
