"""Check the electronic signature of a PDF with pyHanko, for the public verification page.

`check_pdf_signature(data)` reads the first (the office's) signature and answers, in words a
citizen can be shown:

- who signed (the certificate's name) and when (the signing time the signer reported, and
  the time of a trusted timestamp if there is one);
- whether the signature is intact (the signed bytes hash to what was signed) and covers the
  whole file, or whether something was changed after signing;
- whether the signer's certificate chains to one of `settings.KENDALI_TRUST_ROOTS`.

"Covers the whole file" is strict. The office issues a permit as one signed revision that
covers every byte of the file, so ANY byte after the signed range is a change after signing
(MODIFIED), whatever pyHanko thinks of it: bytes after %%EOF, an incremental update that only
rewrites /Info or the XMP metadata, an empty update, a DSS or a document timestamp
(pyHanko's `ModificationLevel.LTA_UPDATES`), as much as an annotation, a form change, page
content or another signature. So are bytes in the one unsigned place inside the signed range,
the /Contents hole: it must hold the CMS signature, zero padding and nothing else, written as
one hex string in one letter case.

Revocation is not fetched over the network (offices run on intranets): certificates
without revocation information are accepted ("soft-fail").
"""

import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

INTACT = "intact"  # signed, and not one byte of the file was changed or added since
MODIFIED = "modified"  # the signed bytes are intact, but bytes were added or changed outside them
INVALID = "invalid"  # the signed bytes were changed: the signature no longer matches
UNSIGNED = "unsigned"  # no signature in the file
UNREADABLE = "unreadable"  # not a PDF pyHanko can read


@dataclass(frozen=True)
class SignatureCheck:
    verdict: str
    signer_name: str = ""
    signer_organization: str = ""
    issuer_name: str = ""
    signing_time: datetime | None = None
    timestamp_time: datetime | None = None
    intact: bool = False
    covers_whole_file: bool = False
    trusted: bool = False
    trust_roots_configured: bool = False
    signature_count: int = 0
    signed_revision_sha256: str = ""
    bytes_after_signature: int = 0  # bytes in the file after the signed range
    updates_after_signature: int = 0  # incremental updates (revisions) after the signed one
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """Intact, covering the whole file, and from a trusted certificate."""
        return self.verdict == INTACT and self.trusted


def load_trust_roots(paths: Iterable[str]) -> list:
    from asn1crypto import pem, x509

    roots = []
    for name in paths:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError:
            logger.warning("Trust root %s cannot be read; it is ignored", path)
            continue
        try:
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    roots.append(x509.Certificate.load(der))
            else:
                roots.append(x509.Certificate.load(data))
        except ValueError:
            logger.warning("Trust root %s is not a PEM or DER certificate; it is ignored", path)
    return roots


def trust_roots() -> list:
    """The configured trust roots, as asn1crypto certificates (possibly none)."""
    return load_trust_roots(tuple(str(p) for p in settings.KENDALI_TRUST_ROOTS))


def _name_part(name, key: str) -> str:
    value = name.native.get(key, "")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value)


def check_pdf_signature(data: bytes, *, roots: list | None = None) -> SignatureCheck:
    """Validate the first signature of `data` against the trust roots (the configured ones)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = trust_roots() if roots is None else roots
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # pyHanko raises many kinds on broken files
        logger.info("Uploaded PDF could not be read for signature checking", exc_info=True)
        return SignatureCheck(verdict=UNREADABLE, trust_roots_configured=bool(roots))
    if not signatures:
        return SignatureCheck(verdict=UNSIGNED, trust_roots_configured=bool(roots))

    embedded = signatures[0]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    # Signing certificates carry nonRepudiation, digitalSignature or both (BSrE and others).
    usage = KeyUsageConstraints(
        key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
    )
    try:
        status = validate_pdf_signature(
            embedded, signer_validation_context=context, key_usage_settings=usage
        )
    except Exception as exc:
        logger.info("Signature validation failed", exc_info=True)
        return SignatureCheck(
            verdict=INVALID,
            trust_roots_configured=bool(roots),
            signature_count=len(signatures),
            problems=[str(exc)],
        )

    cert = status.signing_cert
    end = _signed_range_end(embedded)
    after = max(len(data) - end, 0) if end else 0
    contents_clean = _contents_hold_only_the_signature(data, embedded)
    covers = (
        status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and end == len(data)
        and contents_clean
    )
    intact = bool(status.intact and status.valid)
    if (
        not intact
        or status.coverage is None
        or (status.coverage < SignatureCoverageLevel.ENTIRE_REVISION)
    ):
        verdict = INVALID
    elif covers:
        verdict = INTACT
    else:
        # Whatever was added, and however harmless pyHanko rates it
        # (status.modification_level): the issued permit had nothing after its signature.
        verdict = MODIFIED
    timestamp = status.timestamp_validity
    problems = []
    if not contents_clean:
        problems.append("UNSIGNED_BYTES_IN_SIGNATURE_CONTENTS")
    if status.trust_problem_indic is not None:
        problems.append(str(status.trust_problem_indic.name))
    return SignatureCheck(
        verdict=verdict,
        signer_name=_name_part(cert.subject, "common_name"),
        signer_organization=_name_part(cert.subject, "organization_name"),
        issuer_name=_name_part(cert.issuer, "common_name"),
        signing_time=status.signer_reported_dt,
        timestamp_time=(
            timestamp.timestamp
            if timestamp is not None and timestamp.intact and timestamp.valid
            else None
        ),
        intact=intact,
        covers_whole_file=covers,
        trusted=bool(status.trusted),
        trust_roots_configured=bool(roots),
        signature_count=len(signatures),
        signed_revision_sha256=hashlib.sha256(data[:end]).hexdigest() if end else "",
        bytes_after_signature=after,
        updates_after_signature=_updates_after(reader, embedded),
        problems=problems,
    )


def _signed_range_end(embedded) -> int:
    try:
        byte_range = [int(v) for v in embedded.sig_object["/ByteRange"]]
        return byte_range[2] + byte_range[3]
    except (KeyError, TypeError, ValueError, IndexError):
        return 0


def _updates_after(reader, embedded) -> int:
    """Incremental updates (revisions) written after the one the signature belongs to."""
    return max(reader.xrefs.total_revisions - 1 - embedded.signed_revision, 0)


def _contents_hold_only_the_signature(data: bytes, embedded) -> bool:
    """The /Contents hole, the unsigned gap in the byte range, holds the CMS and zeros only.

    Anything can be written there without breaking the signature (it is not signed), so the
    hole must be exactly `<` + the hex of the CMS + hex zeros + `>`, in one letter case.
    """
    from asn1crypto import parser

    try:
        _zero, hole_start, hole_end, _rest = (int(v) for v in embedded.byte_range)
        contents = bytes(embedded.pkcs7_content)
        _class, _method, _tag, header, body, trailer = parser.parse(contents)
    except (TypeError, ValueError, AttributeError):
        return False
    if contents[len(header) + len(body) + len(trailer) :].strip(b"\0"):
        return False
    hole = data[hole_start:hole_end]
    digits = contents.hex().encode()
    return hole in (b"<" + digits + b">", b"<" + digits.upper() + b">")


def signing_time_of(pdf: bytes) -> datetime | None:
    """The signing time that the first signature of a freshly signed PDF reports."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_regular_signatures
    return signatures[0].self_reported_timestamp if signatures else None
