"""Check the electronic signature of a PDF with pyHanko, for the public verification page.

`check_pdf_signature(data)` reads the first (the office's) signature and answers, in words a
citizen can be shown, what a BSrE verification report answers:

- who signed (the certificate's name), the certificate's validity period, who issued it and
  whether that issuer chains to one of `settings.KENDALI_TRUST_ROOTS`;
- when: the signing time the signer reported, and the time and authority (TSA) of a
  trusted signature timestamp if there is one;
- whether the signature is intact (the signed bytes hash to what was signed) and covers the
  whole file, or whether something was changed after signing;
- whether long-term validation data is kept in the file (a DSS, document timestamps, and until
  when the last one's TSA certificate is valid), and the revocation status of the signing
  certificate at signing time;
- one word for all of it (`summary`): SAH, TIDAK SAH or PERLU DICEK.

"Covers the whole file" is strict. The office issues a permit as one signed revision that
covers every byte of the file, followed, when it keeps long-term validation data, by
incremental updates that only add that data: a Document Security Store (DSS) and document
timestamps, as PAdES B-LT/B-LTA prescribe and as the renewal job adds more of them later.
Those updates, and nothing else, may follow the signature. ANY other byte after the signed
range is a change after signing (MODIFIED), whatever pyHanko thinks of it: bytes after
%%EOF, an incremental update that only rewrites /Info or the XMP metadata, an empty update,
an annotation, a form change, page content or another signature. pyHanko's own default policy
rates metadata updates as harmless (`ModificationLevel.LTA_UPDATES`); the policy here
(`LTA_ONLY_POLICY`) does not. Each update after the signature must also sit exactly where the
previous revision ended and the file must end with the last one, so that no stray byte hides
between them; every document timestamp must be intact. So are bytes in the unsigned place
inside a signed range, the /Contents hole: it must hold the CMS signature, zero padding and
nothing else, written as one hex string in one letter case (for the signature and for every
document timestamp).

Validation follows ETSI EN 319 102-1 (pyHanko's AdES engine, `ades_lta_validation`): the
chain of document timestamps proves when the signature and its validation data existed, so a
B-LTA file still validates after the signing certificate has expired, offline, from the data
it carries. Revocation is checked "soft-fail" from that data: a certificate whose revocation
status cannot be found is not rejected, but the report says the status is unknown (PERLU
DICEK). Nothing is fetched over the network (offices run on intranets) unless
KENDALI_VERIFY_FETCH_REVOCATION asks for the current answers of the CRL/OCSP services.
"""

import dataclasses
import hashlib
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from permits.signing.base import run_sync

logger = logging.getLogger(__name__)

INTACT = "intact"  # signed, and nothing but long-term validation data added since
MODIFIED = "modified"  # the signed bytes are intact, but bytes were added or changed outside them
INVALID = "invalid"  # the signed bytes were changed: the signature no longer matches
UNSIGNED = "unsigned"  # no signature in the file
UNREADABLE = "unreadable"  # not a PDF pyHanko can read

# Revocation status of the signing certificate at signing time.
NOT_REVOKED = "not_revoked"  # an answer (CRL/OCSP) says it was not revoked when it signed
REVOKED = "revoked"  # revoked before the signature was made
UNKNOWN = "unknown"  # it names a CRL/OCSP service, but no answer is available
NOT_DECLARED = "not_declared"  # it names no revocation service: nothing to check

# The one-word summary.
VALID = "SAH"
NOT_VALID = "TIDAK SAH"
CHECK = "PERLU DICEK"


def _lta_only_policy():
    """pyHanko's diff policy, keeping only what PAdES long-term validation data needs.

    DSS updates and document timestamps (with the /AcroForm, /Extensions and page /Annots
    entries a new timestamp field needs) rate LTA_UPDATES; /Info and XMP metadata updates,
    form filling and anything else are not explained, so they rate OTHER. A new (regular)
    signature rates FORM_FILLING.
    """
    from pyhanko.sign.diff_analysis import (
        CatalogModificationRule,
        DSSCompareRule,
        FormUpdatingRule,
        ModificationLevel,
        ObjectStreamRule,
        SigFieldCreationRule,
        SigFieldModificationRule,
        StandardDiffPolicy,
        XrefStreamRule,
    )

    return StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(ignored_keys={"/AcroForm", "/DSS", "/Extensions", "/Metadata"}),
            XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
            ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
            DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ],
        form_rule=FormUpdatingRule(
            field_rules=[SigFieldCreationRule(), SigFieldModificationRule()],
        ),
    )


@dataclass(frozen=True)
class DocumentTimestamp:
    time: datetime | None
    authority: str  # the TSA certificate's common name
    authority_valid_until: datetime | None
    intact: bool


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
    trusted: bool = False  # the whole check passed: chain, validity, revocation, timestamps
    trust_roots_configured: bool = False
    signature_count: int = 0
    signed_revision_sha256: str = ""
    bytes_after_signature: int = 0  # bytes in the file after the signed range
    updates_after_signature: int = 0  # incremental updates (revisions) after the signed one
    problems: list[str] = field(default_factory=list)
    # The certificate (the signer's) and its issuer.
    certificate_serial: str = ""
    certificate_not_before: datetime | None = None
    certificate_not_after: datetime | None = None
    issuer_trusted: bool = False  # the certificate chains to a configured trust root
    # The signature timestamp (RFC 3161) and its authority.
    timestamp_authority: str = ""
    # Long-term validation data.
    long_term_updates: int = 0  # updates after the signature that only add DSS/timestamps
    dss: bool = False
    dss_certificates: int = 0
    dss_crls: int = 0
    dss_ocsps: int = 0
    document_timestamps: tuple[DocumentTimestamp, ...] = ()
    document_timestamps_valid: bool = False  # the chain of document timestamps validated
    proven_since: datetime | None = None  # the signature proven to exist at this moment
    # Revocation status of the signing certificate at signing time.
    revocation: str = UNKNOWN
    revocation_checked_at: datetime | None = None  # when the answer used was issued
    revoked_at: datetime | None = None  # revocation time (before or after signing)
    validated_at: datetime | None = None
    reasons: tuple[str, ...] = ()  # why the summary is not SAH, for the citizen

    @property
    def is_valid(self) -> bool:
        """Intact, covering the whole file (long-term data aside), trusted, not revoked."""
        return self.summary == VALID

    @property
    def summary(self) -> str:
        if self.verdict != INTACT:
            return NOT_VALID
        if self.revocation == REVOKED or (self.trust_roots_configured and not self.issuer_trusted):
            return NOT_VALID
        if self.trusted and self.revocation in (NOT_REVOKED, NOT_DECLARED):
            return VALID
        return CHECK

    @property
    def long_term(self) -> bool:
        """B-LT/B-LTA: the file keeps validation data (a DSS) or document timestamps."""
        return self.dss or bool(self.document_timestamps)

    @property
    def long_term_until(self) -> datetime | None:
        """Until when the last document timestamp's TSA certificate is valid."""
        if not self.document_timestamps:
            return None
        return self.document_timestamps[-1].authority_valid_until

    @property
    def last_document_timestamp(self) -> DocumentTimestamp | None:
        return self.document_timestamps[-1] if self.document_timestamps else None


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


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_pdf_signature(
    data: bytes,
    *,
    roots: list | None = None,
    at: datetime | None = None,
    fetch_revocation: bool | None = None,
) -> SignatureCheck:
    """Validate the first signature of `data` against the trust roots (the configured ones).

    `at` is the moment of validation (now); `fetch_revocation` asks the CRL/OCSP services
    named in the certificates for current answers (default KENDALI_VERIFY_FETCH_REVOCATION).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = trust_roots() if roots is None else roots
    fetch = (
        settings.KENDALI_VERIFY_FETCH_REVOCATION if fetch_revocation is None else fetch_revocation
    )
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # pyHanko raises many kinds on broken files
        logger.info("Uploaded PDF could not be read for signature checking", exc_info=True)
        return SignatureCheck(verdict=UNREADABLE, trust_roots_configured=bool(roots))
    if not signatures:
        return SignatureCheck(verdict=UNSIGNED, trust_roots_configured=bool(roots))

    embedded = signatures[0]
    moment = _aware(at) or datetime.now(UTC)
    try:
        result = run_sync(_validate(embedded, roots, moment, fetch))
    except Exception as exc:
        logger.info("Signature validation failed", exc_info=True)
        return SignatureCheck(
            verdict=INVALID,
            trust_roots_configured=bool(roots),
            signature_count=len(signatures),
            problems=[str(exc)],
            validated_at=moment,
        )
    return _report(data, reader, embedded, signatures, result, roots, moment)


async def _validate(embedded, roots, moment: datetime, fetch: bool):
    """pyHanko's AdES long-term validation of `embedded` at `moment`."""
    from pyhanko.sign.ades.report import AdESPassed
    from pyhanko.sign.validation.ades import (
        ades_basic_validation,
        ades_lta_validation,
        ades_with_time_validation,
    )
    from pyhanko.sign.validation.policy_decl import (
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import PdfSignatureStatus
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
    from pyhanko_certvalidator.fetchers.api import FetchLimits
    from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
    from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy
    from pyhanko_certvalidator.registry import SimpleTrustManager

    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=roots),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy.from_legacy("soft-fail")),
    )
    # Offline, no request may be made: a revocation answer that is out of date (as the last
    # timestamp's always is, some days after) then counts as "cannot be fetched", which
    # soft-fail tolerates, instead of as a failed check.
    backend = AIOHttpFetcherBackend(
        per_request_timeout=settings.KENDALI_REVOCATION_TIMEOUT,
        limits=FetchLimits() if fetch else FetchLimits(max_requests=0),
    )
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH,
                fetcher_backend=backend,
            ),
            # Signing certificates carry nonRepudiation, digitalSignature or both (BSrE).
            key_usage_settings=KeyUsageConstraints(
                key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
            ),
        ),
        diff_policy=_lta_only_policy(),
    )
    timing = ValidationTimingInfo(
        validation_time=moment, best_signature_time=moment, point_in_time_validation=False
    )
    try:
        long_term = None
        if _has_signature_timestamp(embedded) and _has_long_term_data(embedded):
            # B-LT/B-LTA: the document timestamps prove when the signature and the validation
            # data in the DSS existed, so it validates after the certificates expire.
            long_term = await ades_lta_validation(embedded, spec, timing_info=timing)
            if long_term.ades_subindic == AdESPassed.OK:
                return long_term
        embedded.compute_integrity_info(diff_policy=spec.diff_policy)
        # The answers kept in the DSS count here too (the long-term check reads them itself).
        with_dss = dataclasses.replace(
            spec.signature_validation_spec, local_knowledge=_dss_knowledge(embedded.reader)
        )
        if _has_signature_timestamp(embedded):
            # B-T, or B-LTA whose long-term check was not conclusive: the signature as it
            # stands now, its time proven by the signature timestamp.
            now = await ades_with_time_validation(
                embedded.signed_data,
                with_dss,
                timing_info=timing,
                raw_digest=embedded.compute_digest(),
                extra_status_kwargs=embedded.summarise_integrity_info(),
                status_cls=PdfSignatureStatus,
            )
            if long_term is None or (
                now.ades_subindic == AdESPassed.OK and not _revoked_indication(long_term)
            ):
                return now
            return long_term
        # B-B (no TSA when it was signed): the signature as it stands now.
        return await ades_basic_validation(
            embedded.signed_data,
            with_dss,
            timing_info=timing,
            raw_digest=embedded.compute_digest(),
        )
    finally:
        await backend.close()


def _dss_knowledge(reader):
    """The certificates, CRLs and OCSP answers of the file's DSS, for pyHanko's validation."""
    from asn1crypto.crl import CertificateList
    from asn1crypto.ocsp import OCSPResponse
    from pyhanko.pdf_utils.decode_limits import DecodePurpose
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError
    from pyhanko.sign.validation.policy_decl import LocalKnowledge
    from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer

    try:
        dss = DocumentSecurityStore.read_dss(reader)
        return LocalKnowledge(
            known_ocsps=[
                container
                for answer in dss.ocsps
                for container in OCSPContainer.load_multi(
                    OCSPResponse.load(answer.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
                )
            ],
            known_crls=[
                CRLContainer(
                    crl_data=CertificateList.load(crl.get_object().read_data(DecodePurpose.CRL))
                )
                for crl in dss.crls
            ],
            known_certs=list(dss.load_certs()),
        )
    except (NoDSSFoundError, ValueError, KeyError, TypeError):
        return LocalKnowledge()


def _revoked_indication(result) -> bool:
    """The result says the certificate was revoked (the long-term check then stands)."""
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate

    revoked = {
        AdESFailure.REVOKED,
        AdESIndeterminate.REVOKED_NO_POE,
        AdESIndeterminate.REVOKED_CA_NO_POE,
    }
    status = result.api_status
    return result.ades_subindic in revoked or (
        status is not None
        and (status.trust_problem_indic in revoked or status.revocation_details is not None)
    )


def _has_long_term_data(embedded) -> bool:
    """A DSS or a document timestamp after the signature."""
    reader = embedded.reader
    if "/DSS" in reader.root:
        return True
    return any(
        stamp.signed_revision > embedded.signed_revision
        for stamp in reader.embedded_timestamp_signatures
    )


def _has_signature_timestamp(embedded) -> bool:
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    return next(extract_tst_data_iter(embedded.signer_info, signed=False), None) is not None


def _report(data, reader, embedded, signatures, result, roots, moment) -> SignatureCheck:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESPassed
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = result.api_status
    cert = embedded.signer_cert
    end = _signed_range_end(embedded)
    after = max(len(data) - end, 0) if end else 0
    contents_clean = _contents_hold_only_the_signature(data, embedded)
    problems = []
    if not contents_clean:
        problems.append("UNSIGNED_BYTES_IN_SIGNATURE_CONTENTS")
    intact = bool(status is not None and status.intact and status.valid)
    # Coverage and the difference analysis (LTA_ONLY_POLICY), computed by the validation.
    integrity = embedded.summarise_integrity_info()
    coverage = integrity["coverage"]
    diff = integrity["diff_result"]
    modification_level = getattr(diff, "modification_level", None)
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE and end == len(data)
    stamps, stamps_ok = _document_timestamps(data, reader, embedded)
    long_term_updates = 0
    if (
        not whole
        and coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and modification_level is not None
        and modification_level <= ModificationLevel.LTA_UPDATES
        and integrity["docmdp_ok"] is not False
        and stamps_ok
    ):
        layout = _updates_layout(data, reader, embedded.signed_revision, end)
        if layout is None:
            problems.append("BYTES_BETWEEN_OR_AFTER_UPDATES")
        else:
            long_term_updates = layout
    covers = contents_clean and (whole or long_term_updates > 0)
    if not intact or coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        verdict = INVALID
    elif covers:
        verdict = INTACT
    else:
        # Whatever was added, and however harmless pyHanko rates it: the issued permit had
        # nothing after its signature but long-term validation data.
        verdict = MODIFIED

    indication = result.ades_subindic
    trusted = indication == AdESPassed.OK and bool(status is not None and status.bottom_line)
    trust_problem = status.trust_problem_indic if status is not None else None
    revoked_details = status.revocation_details if status is not None else None
    revoked_now = indication in (
        AdESFailure.REVOKED,
        AdESIndeterminate.REVOKED_NO_POE,
        AdESIndeterminate.REVOKED_CA_NO_POE,
    ) or trust_problem in (
        AdESFailure.REVOKED,
        AdESIndeterminate.REVOKED_NO_POE,
        AdESIndeterminate.REVOKED_CA_NO_POE,
    )
    no_chain = AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND in (indication, trust_problem)
    if trust_problem is not None:
        problems.append(str(trust_problem.name))
    if not trusted and indication is not None and indication != AdESPassed.OK:
        problems.append(str(getattr(indication, "name", indication)))

    proven = _aware(getattr(result, "best_signature_time", None)) if trusted else None
    revocation, checked_at, revoked_at = _revocation(
        cert,
        result,
        usable=bool(roots) and not no_chain,
        revoked=revoked_now,
        details=revoked_details,
        proven=proven,
    )
    timestamp = status.timestamp_validity if status is not None else None
    timestamp_ok = timestamp is not None and timestamp.intact and timestamp.valid
    check = SignatureCheck(
        verdict=verdict,
        signer_name=_name_part(cert.subject, "common_name"),
        signer_organization=_name_part(cert.subject, "organization_name"),
        issuer_name=_name_part(cert.issuer, "common_name"),
        signing_time=embedded.self_reported_timestamp,
        timestamp_time=timestamp.timestamp if timestamp_ok else None,
        intact=intact,
        covers_whole_file=covers,
        trusted=trusted,
        trust_roots_configured=bool(roots),
        signature_count=len(signatures),
        signed_revision_sha256=hashlib.sha256(data[:end]).hexdigest() if end else "",
        bytes_after_signature=after,
        updates_after_signature=_updates_after(reader, embedded),
        problems=problems,
        certificate_serial=f"{cert.serial_number:X}",
        certificate_not_before=cert.not_valid_before,
        certificate_not_after=cert.not_valid_after,
        issuer_trusted=bool(roots) and not no_chain,
        timestamp_authority=_tsa_name(timestamp) if timestamp_ok else "",
        long_term_updates=long_term_updates,
        document_timestamps_valid=bool(stamps)
        and getattr(result, "oldest_evidence_record_timestamp", None) is not None,
        proven_since=proven,
        revocation=revocation,
        revocation_checked_at=checked_at,
        revoked_at=revoked_at,
        validated_at=moment,
        document_timestamps=tuple(stamps),
        **_dss_counts(reader),
    )
    return _with_reasons(check)


def _tsa_name(timestamp) -> str:
    try:
        return _name_part(timestamp.signing_cert.subject, "common_name")
    except AttributeError:
        return ""


def _revocation(cert, result, *, usable, revoked, details, proven):
    """(status, when the answer used was issued, revocation time) of the signing certificate."""
    if revoked:
        when = _aware(details.revocation_date) if details is not None else None
        return REVOKED, None, when
    answers = list(_revocation_answers(cert, result))
    if not answers:
        declared = _names_revocation_service(cert)
        return (UNKNOWN if declared else NOT_DECLARED), None, None
    if not usable:  # answers about a certificate from an unknown issuer say nothing
        return UNKNOWN, None, None
    # The first answer issued at or after the proof of existence, else the latest one.
    answers.sort(key=lambda answer: answer[0] or datetime.min.replace(tzinfo=UTC))
    later_revocation = next((when for _, when in answers if when is not None), None)
    after_proof = [a for a in answers if proven is None or (a[0] and a[0] >= proven)]
    issued = (after_proof or answers)[-1 if not after_proof else 0][0]
    return NOT_REVOKED, issued, later_revocation


def _revocation_answers(cert, result):
    """(issued, revoked at or None) of every CRL/OCSP answer about `cert` the check used."""
    from pyhanko_certvalidator.ltv.poe import ValidationObjectType

    for item in result.validation_objects or ():
        value = item.value
        try:
            if item.object_type == ValidationObjectType.OCSP_RESPONSE:
                basic = value.ocsp_response_data["response_bytes"]["response"].parsed
                single = basic["tbs_response_data"]["responses"][value.index]
                if single["cert_id"]["serial_number"].native != cert.serial_number:
                    continue
                revoked_at = None
                if single["cert_status"].name == "revoked":
                    revoked_at = _aware(single["cert_status"].chosen["revocation_time"].native)
                yield _aware(value.issuance_date), revoked_at
            elif item.object_type == ValidationObjectType.CRL:
                crl = value.crl_data
                if crl.issuer != cert.issuer:
                    continue
                revoked_at = None
                for entry in crl["tbs_cert_list"]["revoked_certificates"] or ():
                    if entry["user_certificate"].native == cert.serial_number:
                        revoked_at = _aware(entry["revocation_date"].native)
                yield _aware(value.issuance_date), revoked_at
        except (KeyError, AttributeError, IndexError, TypeError, ValueError):
            continue


def _names_revocation_service(cert) -> bool:
    return bool(cert.crl_distribution_points or cert.ocsp_urls)


def _dss_counts(reader) -> dict:
    try:
        dss = reader.root["/DSS"]
    except (KeyError, TypeError):
        return {"dss": False}
    try:
        return {
            "dss": True,
            "dss_certificates": len(dss.get("/Certs", ())),
            "dss_crls": len(dss.get("/CRLs", ())),
            "dss_ocsps": len(dss.get("/OCSPs", ())),
        }
    except (TypeError, AttributeError):
        return {"dss": True}


def _document_timestamps(data, reader, embedded) -> tuple[list[DocumentTimestamp], bool]:
    """The document timestamps after the signature, and whether every one is intact.

    Intact: the token's signature matches its content, its message imprint matches the
    bytes it covers, it covers its whole revision, and its /Contents hole holds the token
    only. (Whether its TSA is trusted is part of the signature's validation: the chain of
    document timestamps is its evidence record.)
    """
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    found, all_ok = [], True
    try:
        stamps = list(reader.embedded_timestamp_signatures)
    except Exception:
        return [], False
    for stamp in stamps:
        if stamp.signed_revision <= embedded.signed_revision:
            continue
        ok, time, name, until = False, None, "", None
        try:
            tsa = stamp.signer_cert
            name = _name_part(tsa.subject, "common_name")
            until = _aware(tsa.not_valid_after)
            time, token_ok = _token_integrity(stamp)
            stamp.compute_integrity_info(skip_diff=True)
            ok = (
                token_ok
                and stamp.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
                and _contents_hold_only_the_signature(data, stamp)
            )
        except Exception:
            logger.info("Document timestamp could not be read", exc_info=True)
        found.append(
            DocumentTimestamp(time=time, authority=name, authority_valid_until=until, intact=ok)
        )
        all_ok = all_ok and ok
    return found, all_ok


def _token_integrity(stamp) -> tuple[datetime | None, bool]:
    """(time, intact) of a document timestamp's RFC 3161 token, checked without its chain."""
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    signed_data = stamp.signed_data
    signer_info = signed_data["signer_infos"][0]
    content = signed_data["encap_content_info"]["content"]
    tst_info = content.parsed
    algorithm = signer_info["digest_algorithm"]["algorithm"].native
    digest = hashlib.new(algorithm, bytes(content.contents)).digest()
    digest_ok, signature_ok = validate_sig_integrity(
        signer_info, stamp.signer_cert, "tst_info", digest
    )
    imprint = tst_info["message_imprint"]
    covered = stamp.compute_digest(imprint["hash_algorithm"]["algorithm"].native)
    imprint_ok = imprint["hashed_message"].native == covered
    return _aware(tst_info["gen_time"].native), bool(digest_ok and signature_ok and imprint_ok)


# What ends a revision after its cross-reference data: `endobj` (of an xref stream), the
# trailer (of an xref table), `startxref`, its offset and one end-of-file marker.
_TAIL = re.compile(
    rb"\s*(endobj\s*)?(trailer\s*<<.*?>>\s*)?startxref\s+(\d+)\s+%%EOF(\r\n|\n|\r)?", re.DOTALL
)


def _updates_layout(data: bytes, reader, signed_revision: int, signed_end: int) -> int | None:
    """How many updates follow the signed revision, each exactly where the previous one
    ended and the last one ending the file; None when stray bytes sit between or after them.
    """
    xrefs = reader.xrefs
    total = xrefs.total_revisions
    end = signed_end
    for revision in range(signed_revision + 1, total):
        section = xrefs.get_xref_container_info(revision)
        starts = [section.start_location]
        for ref in xrefs.explicit_refs_in_revision(revision):
            position = xrefs.get_historical_ref(ref, revision)
            if isinstance(position, int):
                starts.append(position)
        if not xrefs.explicit_refs_in_revision(revision):
            return None  # an empty update adds no validation data
        if min(starts) != end:
            return None
        tail = _TAIL.match(data, section.end_location)
        if tail is None or int(tail.group(3)) != section.declared_startxref:
            return None
        end = tail.end()
        if data[section.end_location : end].count(b"%%EOF") != 1:
            return None
    if end != len(data):
        return None
    return total - 1 - signed_revision


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


# --- why not SAH, in words -------------------------------------------------------------

REASONS = {
    "modified": "Berkas diubah setelah ditandatangani.",
    "invalid": "Isi yang ditandatangani telah berubah.",
    "revoked": "Sertifikat penanda tangan telah dicabut sebelum dokumen ditandatangani.",
    "untrusted": "Sertifikat tidak diterbitkan oleh otoritas sertifikat yang diakui.",
    "no_roots": "Daftar otoritas sertifikat yang diakui belum dipasang di server.",
    "unknown_revocation": (
        "Status pencabutan sertifikat tidak dapat dipastikan: dokumen tidak memuat jawaban "
        "CRL/OCSP untuk sertifikat ini."
    ),
    "expired": (
        "Sertifikat penanda tangan sudah tidak berlaku, dan dokumen tidak memuat cap waktu "
        "yang membuktikan bahwa dokumen ditandatangani selagi sertifikat itu berlaku."
    ),
    "not_trusted": "Rantai sertifikat atau cap waktunya tidak dapat divalidasi.",
}


def _with_reasons(check: SignatureCheck) -> SignatureCheck:
    from dataclasses import replace

    reasons = []
    if check.verdict == MODIFIED:
        reasons.append(REASONS["modified"])
    elif check.verdict == INVALID:
        reasons.append(REASONS["invalid"])
    if check.revocation == REVOKED:
        reasons.append(REASONS["revoked"])
    elif not check.trust_roots_configured:
        reasons.append(REASONS["no_roots"])
    elif not check.issuer_trusted:
        reasons.append(REASONS["untrusted"])
    elif check.revocation == UNKNOWN and check.trusted:
        reasons.append(REASONS["unknown_revocation"])
    elif not check.trusted and check.verdict == INTACT:
        if "OUT_OF_BOUNDS_NO_POE" in check.problems or "NO_POE" in check.problems:
            reasons.append(REASONS["expired"])
        else:
            reasons.append(REASONS["not_trusted"])
    return replace(check, reasons=tuple(reasons))


def signing_time_of(pdf: bytes) -> datetime | None:
    """The signing time that the first signature of a freshly signed PDF reports."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_regular_signatures
    return signatures[0].self_reported_timestamp if signatures else None
