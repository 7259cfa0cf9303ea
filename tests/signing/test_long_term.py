"""Long-term signatures (PAdES B-LTA): a permit numbered through the app keeps the validation
data of its signature and a document timestamp, validates offline after its certificate has
expired, and tells a signature made before a revocation from one made after it.

The TSA and the revocation services (CRL, OCSP) are the development PKI on loopback
(permits/signing/devpki.py, the `pki` fixtures); the clock moves with time-machine.
"""

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint import HTML

from office.roles import Role
from permits.models import Permit
from permits.services import TransitionError, perform_transition
from permits.signing import SignatureBox, SigningError, devca, ltv
from permits.signing.pkcs12 import sign_with_pyhanko
from permits.signing.validation import (
    CHECK,
    INTACT,
    NOT_REVOKED,
    NOT_VALID,
    REVOKED,
    UNKNOWN,
    VALID,
    check_pdf_signature,
)
from tests.helpers import FULL_INPUT
from tests.pdfa import assert_pdfa
from tests.signing.fakes import FakeEsign, LoopbackServer
from tests.signing.pki import document_timestamps, dss, utc
from workflow.table import Status

pytestmark = pytest.mark.django_db

BOX = SignatureBox(page=0, x=300, y=300, width=160, height=80)


def stored(permit) -> bytes:
    with permit.pdf.open("rb") as handle:
        return handle.read()


def number(application, staff) -> Permit:
    perform_transition(
        application_id=application.pk,
        name="number",
        actor=staff[Role.BAGIAN_UMUM],
        data=FULL_INPUT,
    )
    return Permit.objects.get(application=application)


def signed_range_end(pdf: bytes) -> int:
    byte_range = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures[0].byte_range
    return byte_range[2] + byte_range[3]


def sign_now(pki) -> bytes:
    """A small PDF signed with the PKI's key and a signature timestamp (no long-term data)."""
    return sign_with_pyhanko(
        HTML(string="<p>Surat uji</p>").write_pdf(),
        pki.signer(),
        field=BOX,
        reason="Uji",
        signer_name="Kepala Uji",
        tsa_url=pki.tsa_url,
        tsa_timeout=2,
    )


# --- at signing ------------------------------------------------------------------------


def test_a_permit_numbered_with_a_tsa_is_pades_b_lta(long_term, file_at):
    permit = file_at(Status.NUMBERED).permit

    pdf = stored(permit)
    check = check_pdf_signature(pdf)

    # The stored fingerprint and size are those of the final bytes.
    assert permit.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert permit.pdf_size == len(pdf)
    # B-T: the signature's own timestamp; B-LT: the DSS; B-LTA: a document timestamp.
    assert check.timestamp_time is not None
    assert check.timestamp_authority == devca.TSA_NAME
    store = dss(pdf)
    assert len(store["/Certs"]) >= 3  # signer, TSA, root (and the OCSP responder)
    assert len(store["/OCSPs"]) >= 2  # the signer's and the TSA's
    (stamp,) = document_timestamps(pdf)
    assert permit.timestamp_expires_at == utc(long_term.tsa_certificate().not_valid_after_utc)
    assert utc(stamp.signer_cert.not_valid_after) == permit.timestamp_expires_at
    # The report: whole, long-term, not revoked, SAH.
    assert check.verdict == INTACT and check.covers_whole_file
    assert check.long_term_updates == 1
    assert check.summary == VALID and check.is_valid
    assert check.long_term and check.document_timestamps_valid
    assert check.long_term_until == permit.timestamp_expires_at
    assert check.revocation == NOT_REVOKED and check.revocation_checked_at is not None
    assert long_term.server.requests["ocsp"] >= 2
    # Still PDF/A-3b with its number after the DSS and the document timestamp.
    assert_pdfa(pdf, number=permit.number, issued_on=permit.issued_on)


def test_the_long_term_step_follows_the_bsre_signer_too(pki, long_term, settings, file_at):
    from tests.signing.fakes import CLIENT_ID, CLIENT_SECRET, NIK, PASSPHRASE

    fake = FakeEsign(pki.signer(), tsa_url=pki.tsa_url)
    with LoopbackServer(fake) as server:
        settings.KENDALI_SIGNER = "bsre"
        settings.KENDALI_BSRE_URL = server.url
        settings.KENDALI_BSRE_NIK = NIK
        settings.KENDALI_BSRE_PASSPHRASE = PASSPHRASE
        settings.KENDALI_BSRE_CLIENT_ID = CLIENT_ID
        settings.KENDALI_BSRE_CLIENT_SECRET = CLIENT_SECRET

        permit = file_at(Status.NUMBERED).permit

    pdf = stored(permit)
    assert len(fake.requests) == 1
    assert len(document_timestamps(pdf)) == 1
    assert permit.timestamp_expires_at is not None
    assert check_pdf_signature(pdf).summary == VALID


def test_without_long_term_signatures_a_tsa_only_timestamps_the_signature(
    long_term, settings, file_at
):
    settings.KENDALI_LONG_TERM_SIGNATURES = False

    permit = file_at(Status.NUMBERED).permit

    pdf = stored(permit)
    assert document_timestamps(pdf) == []
    assert permit.timestamp_expires_at is None
    check = check_pdf_signature(pdf)
    assert check.timestamp_time is not None and not check.long_term
    # Its certificate names CRL and OCSP, and the file keeps no answer of theirs.
    assert check.revocation == UNKNOWN and check.summary == CHECK


# --- years later: offline, the certificate expired ---------------------------------------


def test_it_validates_offline_as_b_lta_after_the_signing_certificate_expired(
    own_long_term, file_at
):
    pki = own_long_term
    pdf = stored(file_at(Status.NUMBERED).permit)
    pki.server.stop()  # the network is off from here on
    later = pki.signing_certificate().not_valid_after_utc + dt.timedelta(days=10)

    with time_machine.travel(later):
        check = check_pdf_signature(pdf)
        signed_alone = check_pdf_signature(pdf[: signed_range_end(pdf)])

    assert check.certificate_not_after < later
    assert check.summary == VALID and check.trusted
    assert check.document_timestamps_valid
    assert check.proven_since is not None and check.proven_since < check.certificate_not_after
    assert check.revocation == NOT_REVOKED
    # The same signature without the long-term data: its timestamp proves when it was made,
    # but whether the certificate was revoked then can no longer be learnt from the file.
    assert signed_alone.verdict == INTACT
    assert signed_alone.summary == CHECK
    assert signed_alone.revocation == UNKNOWN
    assert any("pencabutan" in reason for reason in signed_alone.reasons)


# --- revocation ----------------------------------------------------------------------------


def test_a_signature_made_before_the_revocation_stays_valid_one_made_after_is_not(
    own_long_term, file_at, staff
):
    pki = own_long_term
    before = stored(file_at(Status.NUMBERED).permit)
    revoked_at = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=1)
    devca.revoke(pki.files, at=revoked_at)
    waiting = file_at(Status.SIGNED)

    with time_machine.travel(revoked_at + dt.timedelta(minutes=1)):
        with pytest.raises(TransitionError) as raised:
            number(waiting, staff)
        # Signed after the revocation, without long-term data (the office adds none to it).
        after = sign_now(pki)
        # Asked online now: the answer says revoked since `revoked_at`.
        before_online = check_pdf_signature(before, fetch_revocation=True)
        after_online = check_pdf_signature(after, fetch_revocation=True)
        after_offline = check_pdf_signature(after)

    # Numbering refuses: no number is taken, the file waits.
    assert "telah dicabut" in str(raised.value)
    waiting.refresh_from_db()
    assert waiting.status == Status.SIGNED
    assert not Permit.objects.filter(application=waiting).exists()
    # Made before the revocation: valid at signing time, the later revocation reported.
    assert before_online.summary == VALID
    assert before_online.revocation == NOT_REVOKED
    assert before_online.revoked_at == revoked_at
    # Made after it: invalid.
    assert after_online.summary == NOT_VALID
    assert after_online.revocation == REVOKED
    assert after_online.revoked_at == revoked_at
    # Offline, a file with no revocation answer in it cannot be judged: PERLU DICEK.
    assert after_offline.summary == CHECK and after_offline.revocation == UNKNOWN


def test_a_revocation_answer_kept_in_the_file_makes_it_invalid_offline(own_long_term):
    pki = own_long_term
    revoked_at = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
    devca.revoke(pki.files, at=revoked_at)
    after = sign_now(pki)
    crl = devca.crl_der(pki.files)
    pki.server.stop()

    # A verifier kept the CRL in the file (a DSS update with nothing else).
    from asn1crypto import crl as asn1_crl
    from pyhanko.sign.validation import DocumentSecurityStore

    writer = ltv._validation_data_writer(after)
    DocumentSecurityStore.supply_dss_in_writer(
        writer, None, crls=[asn1_crl.CertificateList.load(crl)]
    )
    out = io.BytesIO()
    writer.write(out)
    check = check_pdf_signature(out.getvalue())

    assert check.verdict == INTACT  # a DSS update is no change
    assert check.summary == NOT_VALID, check
    assert check.revocation == REVOKED and check.revoked_at == revoked_at
    assert any("dicabut" in reason for reason in check.reasons)


def test_a_revoked_signer_gets_a_new_certificate_and_numbering_goes_on(own_long_term, file_at):
    pki = own_long_term
    devca.revoke(pki.files, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))

    new = devca.issue_new_signing_certificate(pki.files)
    permit = file_at(Status.NUMBERED).permit

    check = check_pdf_signature(stored(permit))
    assert check.certificate_serial == f"{new.serial_number:X}"
    assert check.summary == VALID


# --- the services fail: the TSA, the CRL and the OCSP responder ------------------------------


@pytest.fixture(scope="module")
def signed(pki):
    """A PDF signed with the PKI's key and its TSA, before any service fails."""
    return sign_now(pki)


@pytest.mark.parametrize("fault", ["500", "sleep", "garbage"])
def test_a_failing_tsa_fails_the_long_term_step_with_a_message(long_term, signed, fault):
    long_term.server.faults["tsa"] = fault
    long_term.server.sleep_seconds = 2.5

    with pytest.raises(SigningError) as raised:
        ltv.extend_to_lta(signed, tsa_timeout=1)

    assert raised.value.message == ltv.TSA_FAILED


@pytest.mark.parametrize("fault", ["500", "sleep", "garbage"])
def test_unavailable_revocation_answers_fail_the_long_term_step_with_a_message(
    long_term, signed, fault
):
    long_term.server.faults.update(ocsp=fault, crl=fault)
    long_term.server.sleep_seconds = 2.5

    with pytest.raises(SigningError) as raised:
        ltv.extend_to_lta(signed, revocation_timeout=1)

    assert raised.value.message == ltv.REVOCATION_UNAVAILABLE.format(who="penandatangan")


def test_an_unreachable_tsa_fails_the_long_term_step(long_term, signed, unused_port):
    with pytest.raises(SigningError) as raised:
        ltv.extend_to_lta(signed, tsa_url=f"http://127.0.0.1:{unused_port}/tsa", tsa_timeout=1)

    assert raised.value.message == ltv.TSA_FAILED


def test_when_the_ocsp_responder_fails_the_crl_answers(long_term, signed):
    long_term.server.faults["ocsp"] = "500"

    result = ltv.extend_to_lta(signed)

    assert len(dss(result.pdf)["/CRLs"]) >= 1
    assert check_pdf_signature(result.pdf).summary == VALID


def test_a_failing_long_term_step_numbers_nothing(long_term, file_at, staff):
    application = file_at(Status.SIGNED)
    long_term.server.faults.update(ocsp="500", crl="500")

    with pytest.raises(TransitionError) as raised:
        number(application, staff)

    assert "Status pencabutan sertifikat penandatangan tidak dapat diperiksa" in str(raised.value)
    application.refresh_from_db()
    assert application.status == Status.SIGNED
    assert not Permit.objects.filter(application=application).exists()


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the public verification page --------------------------------------------------------


def test_the_verification_page_reports_the_long_term_data_of_the_stored_permit(
    long_term, file_at, client
):
    permit = file_at(Status.NUMBERED).permit

    html = client.get(f"/verifikasi/{permit.verification_code}/").content.decode()

    assert 'data-summary="valid"' in html
    assert "1 cap waktu dokumen" in html
    assert "Dapat diverifikasi s.d." in html
    assert devca.TSA_NAME in html
    assert "Tidak dicabut" in html
