"""Sign with a local PKCS#12 key (the development CA's, or an office key file) using pyHanko.

PAdES baseline (`ETSI.CAdES.detached`), SHA-256, the signing time in the CMS signed
attributes, a visible field with a text stamp, and an RFC 3161 signature timestamp when a
time-stamping authority is configured. The signature is an incremental update: the bytes
given are kept as they are, followed by the signature revision.
"""

import io
import logging
import textwrap
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from office.indonesian import MONTHS
from permits.signing.base import SignatureBox, SigningError
from permits.signing.truetype import TrueTypeFontFactory

logger = logging.getLogger(__name__)

STAMP_TEXT = "Ditandatangani secara elektronik\noleh:\n%(nama)s\n%(waktu)s"
STAMP_LINE_WIDTH = 34  # characters of the serif at 9 pt across the signature box
# The permit's own typeface, embedded (a PDF/A file may not use a standard font unembedded).
STAMP_FONT = (
    Path(__file__).resolve().parents[2] / "static" / "fonts" / "LiberationSerif-Regular.ttf"
)

KEY_NOT_INSTALLED = (
    "Sertifikat elektronik penandatangan belum dipasang di server ({path}). "
    "Hubungi administrator (lihat README, bagian Tanda tangan elektronik)."
)
WRONG_PASSPHRASE = (
    "Berkas sertifikat elektronik penandatangan tidak dapat dibuka: passphrase salah atau "
    "berkas rusak. Hubungi administrator."
)
NO_PASSPHRASE = (
    "Passphrase sertifikat elektronik penandatangan belum diatur di server. Hubungi administrator."
)
TSA_FAILED = (
    "Layanan cap waktu (TSA) tidak dapat dihubungi atau menolak permintaan, sehingga dokumen "
    "belum dapat ditandatangani. Coba lagi beberapa saat lagi."
)
SIGN_FAILED = "Dokumen izin tidak dapat ditandatangani secara elektronik: {reason}"


def stamp_style():
    """The visible signature: a few short lines in the reserved box, scaled to fit, in the
    document's typeface (Liberation Serif, embedded)."""
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        border_width=1,
        background=None,
        text_box_style=TextBoxStyle(
            font=TrueTypeFontFactory(str(STAMP_FONT)), font_size=9, leading=11
        ),
    )


def now_text(time_zone: str, moment: datetime | None = None) -> str:
    """The signing moment the Indonesian way: 3 Desember 2026 10.15 WIB."""
    local = (moment or datetime.now(ZoneInfo(time_zone))).astimezone(ZoneInfo(time_zone))
    day = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    return f"{day} {local:%H.%M} {local.tzname() or ''}".strip()


def read_secret(value: str | None, path: Path | str | None) -> str | None:
    """A secret given directly, else read from a file (trailing newline dropped)."""
    if value:
        return value
    if path:
        try:
            return Path(path).read_text("utf-8").rstrip("\r\n")
        except FileNotFoundError:
            return None
    return None


_cache_lock = threading.Lock()
_cache: dict[tuple, object] = {}


def _key_caching_signer(base):
    """pyHanko's SimpleSigner, but keeping the private key parsed between signatures.

    SimpleSigner parses the key from DER for every raw signature (twice per PDF: once to size
    the signature, once to sign), and parsing an RSA key with its consistency checks costs
    far more than signing with it.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    private_key = serialization.load_der_private_key(base.signing_key.dump(), password=None)

    class KeyCachingSigner(SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                name = mechanism.signature_algo
            except ValueError:
                name = mechanism["algorithm"].native
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            if name == "rsassa_pkcs1v15" and isinstance(private_key, RSAPrivateKey):
                return private_key.sign(data, PKCS1v15(), hash_algo)
            if name == "ecdsa" and isinstance(private_key, EllipticCurvePrivateKey):
                return private_key.sign(data, ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    return KeyCachingSigner(
        signing_cert=base.signing_cert,
        signing_key=base.signing_key,
        cert_registry=base.cert_registry,
        signature_mechanism=base.signature_mechanism,
    )


def load_simple_signer(p12_path: Path, passphrase: str):
    """pyHanko's SimpleSigner for the key file, cached while the file is unchanged."""
    from pyhanko.sign.signers import SimpleSigner

    try:
        stat = p12_path.stat()
    except FileNotFoundError:
        raise SigningError(KEY_NOT_INSTALLED.format(path=p12_path)) from None
    key = (str(p12_path), stat.st_mtime_ns, stat.st_size, passphrase)
    with _cache_lock:
        signer = _cache.get(key)
        if signer is None:
            try:
                signer = SimpleSigner.load_pkcs12_data(
                    p12_path.read_bytes(), other_certs=(), passphrase=passphrase.encode()
                )
            except (ValueError, TypeError):
                raise SigningError(WRONG_PASSPHRASE) from None
            if signer is None or signer.signing_cert is None:
                raise SigningError(WRONG_PASSPHRASE)
            signer = _key_caching_signer(signer)
            # The few keys of the office (the Kepala Dinas's, the Kepala Bidang's), each parsed
            # once; a replaced file is a new key, and the oldest entries go.
            while len(_cache) >= 4:
                _cache.pop(next(iter(_cache)))
            _cache[key] = signer
    return signer


def sign_with_pyhanko(
    pdf: bytes,
    simple_signer,
    *,
    field: SignatureBox,
    reason: str,
    signer_name: str,
    location: str = "",
    tsa_url: str | None = None,
    tsa_timeout: int = 10,
    time_zone: str = "Asia/Jakarta",
) -> bytes:
    """Add a visible PAdES signature in `field` (shared by the local signer and test fakes)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as PyHankoSigningError
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    meta = signers.PdfSignatureMetadata(
        field_name=field.name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
    )
    spec = fields.SigFieldSpec(
        sig_field_name=field.name,
        on_page=field.page,
        box=field.rect,
        readable_field_name=f"Tanda tangan elektronik {signer_name}".strip(),
    )
    timestamper = HTTPTimeStamper(tsa_url, timeout=tsa_timeout) if tsa_url else None
    pdf_signer = signers.PdfSigner(
        meta,
        signer=simple_signer,
        timestamper=timestamper,
        stamp_style=stamp_style(),
        new_field_spec=spec,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        output = pdf_signer.sign_pdf(
            writer,
            appearance_text_params={
                "nama": "\n".join(
                    textwrap.wrap(signer_name or "-", STAMP_LINE_WIDTH, break_on_hyphens=False)
                ),
                "waktu": now_text(time_zone),
            },
        )
    except TimestampRequestError as exc:
        logger.warning("Timestamp request to %s failed: %s", tsa_url, exc)
        raise SigningError(TSA_FAILED) from exc
    except (PyHankoSigningError, PdfError, ValueError, OSError) as exc:
        if tsa_url and _caused_by_network(exc):
            logger.warning("Timestamp request to %s failed: %s", tsa_url, exc)
            raise SigningError(TSA_FAILED) from exc
        logger.exception("PAdES signing failed")
        raise SigningError(SIGN_FAILED.format(reason=exc)) from exc
    return output.getvalue()


def _caused_by_network(exc: BaseException) -> bool:
    import asyncio

    import aiohttp

    seen = exc
    while seen is not None:
        if isinstance(seen, aiohttp.ClientError | asyncio.TimeoutError | TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Pkcs12Signer:
    """PdfSigner backed by a PKCS#12 file and its passphrase."""

    def __init__(
        self,
        p12_path: Path | str,
        passphrase: str | None,
        *,
        tsa_url: str | None = None,
        tsa_timeout: int = 10,
        time_zone: str = "Asia/Jakarta",
    ):
        self.p12_path = Path(p12_path)
        self.passphrase = passphrase
        self.tsa_url = tsa_url
        self.tsa_timeout = tsa_timeout
        self.time_zone = time_zone

    def sign(
        self,
        pdf: bytes,
        *,
        field: SignatureBox,
        reason: str,
        signer_name: str,
        location: str = "",
    ) -> bytes:
        if not self.p12_path.is_file():
            raise SigningError(KEY_NOT_INSTALLED.format(path=self.p12_path))
        if not self.passphrase:
            raise SigningError(NO_PASSPHRASE)
        simple_signer = load_simple_signer(self.p12_path, self.passphrase)
        return sign_with_pyhanko(
            pdf,
            simple_signer,
            field=field,
            reason=reason,
            signer_name=signer_name,
            location=location,
            tsa_url=self.tsa_url,
            tsa_timeout=self.tsa_timeout,
            time_zone=self.time_zone,
        )
