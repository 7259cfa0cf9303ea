"""Long-term signatures: PAdES B-LTA after signing, and the renewal of document timestamps.

A signature is checked with the certificates and revocation answers (CRL, OCSP) of its day;
years later the signing certificate has expired, the CA may be gone, and the signature is
only as good as the evidence kept with it. PAdES B-LTA keeps that evidence in the file:

1. the signature itself with its signature timestamp (RFC 3161, B-T: made by the signer,
   pkcs12.py with KENDALI_TSA_URL, or by the esign service);
2. a Document Security Store (DSS) with the certificates and the revocation answers of the
   signer's chain and of the TSAs' chains, fetched now from the CRL distribution points and
   OCSP responders the certificates name (B-LT);
3. a document timestamp over all of it (B-LTA); the DSS already holds the validation data
   of that timestamp's TSA (asked for with a trial request), so it is covered as well.

`extend_to_lta(pdf)` does 2 and 3 for a freshly signed PDF, whichever signer made it;
`add_document_timestamp(pdf)` renews: a DSS with fresh answers for the last timestamp, and a
new document timestamp before the last one's TSA certificate expires (permits/signing/
renewal.py runs it). Both return the new bytes (the old ones followed by incremental
updates) and `timestamp_expires_at`, when the TSA certificate of the last timestamp expires.

The network sits behind two small adapters: `tsa_client()` (pyHanko's aiohttp RFC 3161
client) and `revocation_fetchers()` (pyhanko-certvalidator's aiohttp CRL/OCSP fetchers),
each with its time-out. Revocation is checked "hard-fail": a certificate that names a CRL or
an OCSP responder must get an answer, or nothing is written; every failure is a
`SigningError` with a message for the officer, in Indonesian.

pyHanko runs its network calls in asyncio; `base.run_sync` keeps them off a thread whose
event loop is already running.
"""

import asyncio
import io
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings

from office.indonesian import tanggal_jam
from permits.signing.base import SigningError, run_sync
from permits.signing.validation import trust_roots

logger = logging.getLogger(__name__)

DOCUMENT_TIMESTAMP_FIELD = "Cap_Waktu_Dokumen_{n}"
# Whose certificate a failure concerns, for the message; STAMPING: the TSA asked now.
STAMPING = "layanan cap waktu (TSA)"
MD_ALGORITHM = "sha256"
CLOCK_TOLERANCE = timedelta(seconds=30)

TSA_FAILED = (
    "Layanan cap waktu (TSA) tidak dapat dihubungi atau menolak permintaan, sehingga data "
    "validasi jangka panjang belum dapat ditambahkan. Coba lagi beberapa saat lagi."
)
REVOCATION_UNAVAILABLE = (
    "Status pencabutan sertifikat {who} tidak dapat diperiksa: layanan CRL/OCSP yang "
    "tercantum dalam sertifikat tidak menjawab atau jawabannya tidak dapat dibaca. "
    "Coba lagi beberapa saat lagi; bila berulang, hubungi administrator."
)
REVOKED = (
    "Sertifikat elektronik {who} telah dicabut sejak {since}. Dokumen tidak dapat "
    "ditandatangani dengan sertifikat ini; hubungi administrator untuk sertifikat baru."
)
EXPIRED = (
    "Sertifikat elektronik {who} sudah tidak berlaku (berakhir {since}). Hubungi "
    "administrator untuk sertifikat baru."
)
NOT_YET_VALID = "Sertifikat elektronik {who} belum berlaku (mulai {since})."
UNTRUSTED = (
    "Sertifikat elektronik {who} tidak dapat dirunut ke otoritas sertifikat yang diakui "
    "server (KENDALI_TRUST_ROOTS). Hubungi administrator."
)
NO_SIGNATURE = "Dokumen tidak memuat tanda tangan elektronik untuk dilengkapi."
NO_TIMESTAMP = "Dokumen belum memiliki cap waktu dokumen untuk diperbarui."
FAILED = "Data validasi jangka panjang tidak dapat ditambahkan: {reason}"
NOT_CONFIGURED = "Layanan cap waktu (KENDALI_TSA_URL) belum diatur di server."


@dataclass(frozen=True)
class LongTermDocument:
    pdf: bytes
    # When the certificate of the TSA that made the last timestamp expires (None: no long-term
    # data was added).
    timestamp_expires_at: datetime | None


def enabled() -> bool:
    """B-LTA at signing: a TSA is configured and KENDALI_LONG_TERM_SIGNATURES is on."""
    return bool(settings.KENDALI_TSA_URL and settings.KENDALI_LONG_TERM_SIGNATURES)


def long_term_if_enabled(pdf: bytes) -> LongTermDocument:
    """`extend_to_lta(pdf)` when long-term signatures are on, else `pdf` as it is."""
    if not enabled():
        return LongTermDocument(pdf=pdf, timestamp_expires_at=None)
    return extend_to_lta(pdf)


# --- the adapters ------------------------------------------------------------------------


def tsa_client(url: str | None = None, *, timeout: float | None = None):
    """The RFC 3161 client for the configured TSA (pyHanko's, over aiohttp)."""
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    url = url or settings.KENDALI_TSA_URL
    if not url:
        raise SigningError(NOT_CONFIGURED)
    return HTTPTimeStamper(url, timeout=timeout or settings.KENDALI_TSA_TIMEOUT)


def revocation_fetchers(*, timeout: float | None = None):
    """The CRL/OCSP (and issuer certificate) fetchers, with a time-out per request."""
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    return AIOHttpFetcherBackend(per_request_timeout=timeout or settings.KENDALI_REVOCATION_TIMEOUT)


def _trust_roots():
    return trust_roots()


def _validation_context(backend, roots):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=roots,
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=backend,
        # Clocks of the CA, the TSA and this server differ by some seconds.
        time_tolerance=CLOCK_TOLERANCE,
    )


# --- the steps ---------------------------------------------------------------------------


def extend_to_lta(
    pdf: bytes,
    *,
    tsa_url: str | None = None,
    tsa_timeout: float | None = None,
    revocation_timeout: float | None = None,
    roots: list | None = None,
) -> LongTermDocument:
    """PAdES B-LTA for the first signature of `pdf`: DSS, a document timestamp, its DSS.

    Raises SigningError (message for the officer) when the TSA or the revocation services
    fail, when a certificate is revoked, expired or untrusted: nothing is added then.
    """
    timestamper = tsa_client(tsa_url, timeout=tsa_timeout)
    backend = revocation_fetchers(timeout=revocation_timeout)
    roots = _trust_roots() if roots is None else roots
    return run_sync(_guarded(_extend(pdf, timestamper, backend, roots), backend, tsa_url))


def add_document_timestamp(
    pdf: bytes,
    *,
    tsa_url: str | None = None,
    tsa_timeout: float | None = None,
    revocation_timeout: float | None = None,
    roots: list | None = None,
) -> LongTermDocument:
    """Renew: fresh validation data for the last document timestamp, then a new one.

    Raises SigningError as `extend_to_lta` does (the last timestamp's TSA certificate must
    still be valid and not revoked).
    """
    timestamper = tsa_client(tsa_url, timeout=tsa_timeout)
    backend = revocation_fetchers(timeout=revocation_timeout)
    roots = _trust_roots() if roots is None else roots
    return run_sync(_guarded(_renew(pdf, timestamper, backend, roots), backend, tsa_url))


def _validation_data_writer(pdf: bytes):
    """An incremental writer that writes what it is given and nothing else.

    pyHanko's writer also dates every revision it writes (/Info /ModDate and /Producer, the
    XMP metadata); an update that touches the metadata is a change after signing for the
    verification page (validation.py), so the validation data revisions leave it alone.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class ValidationDataWriter(IncrementalPdfFileWriter):
        def _update_meta(self):
            pass

    return ValidationDataWriter(io.BytesIO(pdf), strict=False)


async def _chain_of(signed_data, context):
    """The validated path of the certificate that made `signed_data` (revocation fetched)."""
    from pyhanko.sign.general import extract_certificate_info
    from pyhanko_certvalidator import CertificateValidator

    info = extract_certificate_info(signed_data)
    validator = CertificateValidator(
        info.signer_cert, intermediate_certs=info.other_certs, validation_context=context
    )
    return await validator.async_validate_usage(key_usage=set())


async def _stamp(pdf: bytes, sig_contents, paths, timestamper, context, *, field_number: int):
    """One revision: the DSS (paths, and every answer in `context`), then a document
    timestamp over it; a second DSS revision only if the TSA signed with a certificate
    whose chain is not in the first (a TSA that switches certificates)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.validation import DocumentSecurityStore

    with _who(STAMPING):
        tsa_paths = [path async for path in timestamper.validation_paths(context)]
    writer = _validation_data_writer(pdf)
    DocumentSecurityStore.supply_dss_in_writer(
        writer, sig_contents, paths=[*paths, *tsa_paths], validation_context=context
    )
    stamper = PdfTimeStamper(
        timestamper,
        field_name=DOCUMENT_TIMESTAMP_FIELD.format(n=field_number),
        readable_field_name="Cap waktu dokumen",
    )
    with _who(STAMPING):
        out = await stamper.async_timestamp_pdf(writer, MD_ALGORITHM, None, output=io.BytesIO())
    data = out.getvalue()
    stamp = PdfFileReader(io.BytesIO(data), strict=False).embedded_timestamp_signatures[-1]
    known = {path.leaf.dump() for path in tsa_paths if path.leaf is not None}
    if stamp.signer_cert.dump() not in known:
        with _who(STAMPING):
            path = await _chain_of(stamp.signed_data, context)
        writer = _validation_data_writer(data)
        DocumentSecurityStore.supply_dss_in_writer(
            writer, None, paths=[path], validation_context=context
        )
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


async def _extend(pdf: bytes, timestamper, backend, roots) -> LongTermDocument:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import collect_validation_info
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_regular_signatures
    if not signatures:
        raise SigningError(NO_SIGNATURE)
    signature = signatures[0]
    context = _validation_context(backend, roots)
    try:
        # The signer's chain, the chain of its signature timestamp's TSA, and of the TSA
        # that stamps the document now, with their revocation answers (fetched into the
        # context, which the DSS then takes them from).
        with _who("penandatangan"):
            paths = await collect_validation_info(signature, context, skip_timestamp=True)
        tokens = list(extract_tst_data_iter(signature.signer_info, signed=False))
        if not tokens:
            logger.warning("The signature has no signature timestamp: B-LTA needs one (B-T)")
        with _who("TSA cap waktu tanda tangan"):
            for token in tokens:
                paths.append(await _chain_of(token, context))
        data = await _stamp(
            pdf,
            signature.pkcs7_content.hex().encode("ascii"),
            paths,
            timestamper,
            context,
            field_number=len(reader.embedded_timestamp_signatures) + 1,
        )
    finally:
        await context.aclose()
    return LongTermDocument(pdf=data, timestamp_expires_at=last_timestamp_expiry(data))


async def _renew(pdf: bytes, timestamper, backend, roots) -> LongTermDocument:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    existing = reader.embedded_timestamp_signatures
    if not existing:
        raise SigningError(NO_TIMESTAMP)
    last = existing[-1]
    context = _validation_context(backend, roots)
    try:
        # Fresh answers for the last timestamp's TSA, while its certificate is still valid.
        with _who("TSA cap waktu dokumen terakhir"):
            path = await _chain_of(last.signed_data, context)
        data = await _stamp(
            pdf,
            last.pkcs7_content.hex().encode("ascii"),
            [path],
            timestamper,
            context,
            field_number=len(existing) + 1,
        )
    finally:
        await context.aclose()
    return LongTermDocument(pdf=data, timestamp_expires_at=last_timestamp_expiry(data))


def last_timestamp_expiry(pdf: bytes) -> datetime | None:
    """When the certificate of the TSA of the file's last document timestamp expires."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    stamps = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_timestamp_signatures
    if not stamps:
        return None
    return stamps[-1].signer_cert.not_valid_after.astimezone(UTC)


# --- errors, in words for the officer ------------------------------------------------------

_current_who = threading.local()


class _who:
    """Whose certificate is being checked, for the error message."""

    def __init__(self, who: str):
        self.who = who

    def __enter__(self):
        self.previous = getattr(_current_who, "value", None)
        _current_who.value = self.who

    def __exit__(self, *exc):
        if exc[0] is None:
            _current_who.value = self.previous
        return False


async def _guarded(coro, backend, tsa_url):
    """Await `coro`; turn whatever fails into a SigningError; always close the fetchers."""
    _current_who.value = None
    try:
        return await coro
    except SigningError:
        raise
    except Exception as exc:
        raise _signing_error(exc, tsa_url or settings.KENDALI_TSA_URL) from exc
    finally:
        await backend.close()


def _signing_error(exc: BaseException, tsa_url: str | None) -> SigningError:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError as PyHankoSigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator import errors as cv

    who = getattr(_current_who, "value", None) or "penandatangan"
    chain = _chain(exc)
    for error in chain:
        if isinstance(error, cv.RevokedError):
            logger.warning("Certificate revoked (%s): %s", who, error)
            return SigningError(REVOKED.format(who=who, since=tanggal_jam(error.revocation_dt)))
        if isinstance(error, cv.ExpiredError):
            return SigningError(EXPIRED.format(who=who, since=tanggal_jam(error.expired_dt)))
        if isinstance(error, cv.NotYetValidError):
            return SigningError(NOT_YET_VALID.format(who=who, since=tanggal_jam(error.valid_from)))
        if isinstance(error, cv.InsufficientRevinfoError | cv.CRLFetchError | cv.OCSPFetchError):
            logger.warning("Revocation information unavailable (%s): %s", who, error)
            return SigningError(REVOCATION_UNAVAILABLE.format(who=who))
        if isinstance(error, cv.PathBuildingError):
            return SigningError(UNTRUSTED.format(who=who))
        if isinstance(error, TimestampRequestError):
            logger.warning("Timestamp request to %s failed: %s", tsa_url, error)
            return SigningError(TSA_FAILED)
    if who == STAMPING:
        logger.warning("Timestamp request to %s failed: %s", tsa_url, exc)
        return SigningError(TSA_FAILED)
    if _caused_by_network(chain):
        # A CRL or OCSP request that timed out or broke off (the TSA is asked only above).
        logger.warning("Revocation information unavailable (%s): %r", who, exc)
        return SigningError(REVOCATION_UNAVAILABLE.format(who=who))
    if isinstance(exc, cv.PathValidationError | cv.ValidationError):
        logger.warning("Certificate validation failed (%s): %s", who, exc)
        return SigningError(UNTRUSTED.format(who=who))
    if isinstance(exc, PyHankoSigningError | PdfError | ValueError | OSError):
        logger.exception("Long-term validation data could not be added")
        return SigningError(FAILED.format(reason=exc))
    logger.exception("Long-term validation data could not be added")
    return SigningError(FAILED.format(reason=type(exc).__name__))


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _caused_by_network(chain: list[BaseException]) -> bool:
    import aiohttp

    return any(
        isinstance(error, aiohttp.ClientError | asyncio.TimeoutError | TimeoutError)
        for error in chain
    )
