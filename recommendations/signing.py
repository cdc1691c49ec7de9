"""Digital signatures on issued instruments' frozen PDFs (PAdES, with pyHanko).

Two pure functions on bytes, no database and no settings (the key material comes in as a
:class:`SigningKey`, loaded by :mod:`recommendations.signing_keys`):

* :func:`sign_pdf` adds a PAdES baseline signature (B-B: CMS with signed attributes, SHA-256,
  ``/ETSI.CAdES.detached``) in an incremental update, so the rendered bytes stay as they were
  and the signature covers all of them. Its visible field sits where the seal goes — the
  document's ``seal`` anchor (``templates/documents/instrument.html``), which WeasyPrint writes
  as a named destination — and shows the procuratorate's seal image, else a stamp with its name.
* :func:`check_signatures` validates every embedded signature against the trust roots given and
  returns one :class:`SignatureCheck` each (none: the PDF is not signed).

The signer is pyHanko's :class:`~pyhanko.sign.signers.SimpleSigner` (RSA/ECDSA keys in PEM).
Where the national algorithms are required, an SM2 signer is a ``Signer`` subclass passed to
:func:`sign_pdf` as ``signer`` (docs/security.md, "Signed documents").
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
from dataclasses import dataclass, field

from asn1crypto import keys, x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import content, generic
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

#: The named destination of the seal's place in the rendered document.
SEAL_ANCHOR = "seal"
#: The signature field's name.
FIELD_NAME = "Seal"
#: The seal's diameter (42 mm, as the placeholder in ``documents/instrument.css``), in points.
SEAL_SIZE_PT = 42 / 25.4 * 72


@dataclass(frozen=True)
class SigningKey:
    """One procuratorate's key material, as PEM bytes (plus an optional seal image)."""

    name: str  # the procuratorate's name, for the text stamp and the signature's /Name
    key_pem: bytes
    cert_pem: bytes
    chain_pem: bytes = b""  # intermediate CA certificates, embedded in the signature
    seal_png: bytes | None = None
    passphrase: bytes | None = None

    def signer(self) -> signers.Signer:
        """pyHanko's signer for this key (raises ValueError on unreadable key material)."""
        try:
            key = load_private_key_from_pemder_data(self.key_pem, passphrase=self.passphrase)
            certs = list(load_certs_from_pemder_data(self.cert_pem))
            chain = list(load_certs_from_pemder_data(self.chain_pem)) if self.chain_pem else []
        except Exception as exc:  # pyHanko/asn1crypto/cryptography raise many kinds
            raise ValueError(f"unreadable key material: {exc}") from exc
        if not certs:
            raise ValueError("no certificate")
        if _public_key_der(key) != certs[0].public_key.dump():
            raise ValueError("the key does not match the certificate")
        return signers.SimpleSigner(signing_cert=certs[0], signing_key=key,
                                    cert_registry=SimpleCertificateStore.from_certs(chain))


def _public_key_der(key: keys.PrivateKeyInfo) -> bytes:
    """The DER SubjectPublicKeyInfo of a private key (to compare with its certificate's)."""
    public = serialization.load_der_private_key(key.dump(), password=None).public_key()
    return public.public_bytes(serialization.Encoding.DER,
                               serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True)
class SignatureCheck:
    """What a reader needs to know about one embedded signature."""

    field_name: str
    intact: bool  # the signed bytes hash to the signed digest: no byte changed
    valid: bool  # … and the signature over that digest verifies with the certificate's key
    trusted: bool  # the certificate chains to a configured trust root
    whole_document: bool  # it covers the whole file: nothing was appended after signing
    signer: str = ""  # the certificate's subject (organisation / common name)
    signed_at: datetime.datetime | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_document


# --- Signing ---------------------------------------------------------------------------------

def sign_pdf(pdf: bytes, key: SigningKey, *, signer: signers.Signer | None = None,
             reason: str = "签发", location: str = "") -> bytes:
    """``pdf`` with a PAdES signature by ``key`` (or by ``signer``, e.g. an SM2 one, with
    ``key`` giving the name and seal) appended in an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    place = _seal_place(writer.prev)
    spec = fields.SigFieldSpec(sig_field_name=FIELD_NAME, **place)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, location=location or None, name=key.name)
    pdf_signer = signers.PdfSigner(meta, signer=signer or key.signer(), new_field_spec=spec,
                                   stamp_style=_stamp_style(key) if place else None)
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out)
    except SigningError as exc:
        raise ValueError(f"signing failed: {exc}") from exc
    return out.getvalue()


def _seal_place(reader: PdfFileReader) -> dict:
    """``on_page`` and ``box`` of the field: the seal's square at the document's ``seal``
    anchor (its top-left corner), or no box (an invisible signature) if there is none."""
    target = _named_destination(reader, SEAL_ANCHOR)
    if target is None:
        return {}
    page_ref, left, top = target
    for index in range(int(reader.root["/Pages"]["/Count"])):
        ref, _resources = reader.find_page_for_modification(index)
        if ref.idnum == page_ref.idnum:
            size = SEAL_SIZE_PT
            return {"on_page": index,
                    "box": (round(left), round(top - size), round(left + size), round(top))}
    return {}


def _named_destination(reader: PdfFileReader, name: str):
    """(page reference, left, top) of the named destination ``name``, or None."""
    try:
        tree = reader.root["/Names"]["/Dests"]
    except KeyError:
        return None
    found = _name_tree_lookup(tree, name)
    if found is None:
        return None
    dest = found.get_object()
    if isinstance(dest, generic.DictionaryObject):
        dest = dest["/D"]
    # [page /XYZ left top zoom]
    if len(dest) < 4 or dest[1] != "/XYZ":
        return None
    return dest.raw_get(0), float(dest[2]), float(dest[3])


def _name_tree_lookup(node, name: str):
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names) - 1, 2):
            if str(names[i]) == name:
                return names.raw_get(i + 1)
    for kid in node.get("/Kids", ()):
        found = _name_tree_lookup(kid, name)
        if found is not None:
            return found
    return None


def _stamp_style(key: SigningKey) -> StaticStampStyle:
    """The field's appearance: the seal image when the procuratorate has one, else a stamp
    with its name (rendered once per name and process)."""
    background = (PdfImage(_open_image(key.seal_png)) if key.seal_png
                  else _PdfPageBytes(text_stamp_pdf(key.name)))
    layout = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID,
                                 y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(0))
    return StaticStampStyle(background=background, border_width=0, background_opacity=1.0,
                            background_layout=layout)


def _open_image(data: bytes):
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@functools.lru_cache(maxsize=64)
def text_stamp_pdf(name: str) -> bytes:
    """A one-page PDF the size of the seal: a red ring with ``name`` in it (WeasyPrint, the
    document's fonts). pyHanko draws text in simple fonts only, so CJK goes through here."""
    from .documents import render_stamp_pdf

    return render_stamp_pdf(name)


class _PdfPageBytes(content.PdfContent):
    """The first page of a PDF in memory as stamp content (pyHanko's ``ImportedPdfPage``
    takes a file name)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        xobj = self._ensure_writer.import_page_as_xobject(
            PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        self.resources.xobject["/Stamp"] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Stamp Do"


# --- Checking --------------------------------------------------------------------------------

def check_signatures(pdf: bytes, *, trust_roots: list[x509.Certificate]) -> list[SignatureCheck]:
    """Every embedded signature of ``pdf``, validated against ``trust_roots`` (no network:
    revocation is not fetched). Empty when the PDF carries none; raises ValueError when the
    bytes are not a readable PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file: any parser error
        raise ValueError(f"unreadable PDF: {exc}") from exc
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False,
                                revocation_mode="soft-fail")
    return [_check_one(sig, context) for sig in embedded]


def _check_one(sig, context: ValidationContext) -> SignatureCheck:
    name = sig.field_name or ""
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception as exc:  # noqa: BLE001 — a signature too broken to evaluate is invalid
        logger.info("signature %s could not be validated: %s", name, exc)
        return SignatureCheck(field_name=name, intact=False, valid=False, trusted=False,
                              whole_document=False, problems=(str(exc),))
    subject = status.signing_cert.subject.native
    signer = subject.get("organization_name") or subject.get("common_name") or ""
    return SignatureCheck(
        field_name=name, intact=status.intact, valid=status.valid, trusted=status.trusted,
        whole_document=(status.coverage == SignatureCoverageLevel.ENTIRE_FILE
                        and status.modification_level == ModificationLevel.NONE),
        signer=signer if isinstance(signer, str) else " ".join(signer),
        signed_at=status.signer_reported_dt,
        problems=tuple(str(p) for p in (status.trust_problem_indic,) if p))
