"""`manage.py dev_pki` and the development PKI's server (permits/signing/devpki.py)."""

import base64
import io
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from django.core.management import CommandError, call_command

from permits.signing import devca
from tests.signing.pki import served_pki


def run(*args) -> str:
    out = io.StringIO()
    call_command("dev_pki", *args, stdout=out)
    return out.getvalue()


def get(url: str, data: bytes | None = None, content_type: str = "") -> bytes:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


def ocsp_request(certificate, issuer) -> bytes:
    builder = ocsp.OCSPRequestBuilder().add_certificate(certificate, issuer, hashes.SHA256())
    return builder.build().public_bytes(serialization.Encoding.DER)


def test_the_server_answers_crl_ocsp_and_timestamps_and_revoke_changes_them(tmp_path):
    with served_pki(tmp_path / "pki") as pki:
        directory = str(pki.files.directory)
        certificate = pki.signing_certificate()
        issuer = x509.load_pem_x509_certificate(pki.files.ca.read_bytes())
        request = ocsp_request(certificate, issuer)

        crl = x509.load_der_x509_crl(get(pki.server.url + "/crl"))
        good = ocsp.load_der_ocsp_response(
            get(pki.server.url + "/ocsp", request, "application/ocsp-request")
        )
        assert crl.get_revoked_certificate_by_serial_number(certificate.serial_number) is None
        assert good.certificate_status == ocsp.OCSPCertStatus.GOOD

        said = run("--dir", directory, "revoke")

        crl = x509.load_der_x509_crl(get(pki.server.url + "/crl"))
        encoded = base64.b64encode(request).decode()
        revoked = ocsp.load_der_ocsp_response(get(f"{pki.server.url}/ocsp/{encoded}"))
        entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
        assert f"{certificate.serial_number:X}" in said and "dicabut" in said
        assert entry is not None and entry.revocation_date_utc is not None
        assert revoked.certificate_status == ocsp.OCSPCertStatus.REVOKED
        assert revoked.revocation_time_utc == entry.revocation_date_utc
        assert crl.is_signature_valid(issuer.public_key())
        assert "DICABUT" in run("--dir", directory, "status")

        renewed = run("--dir", directory, "issue-new", "--days", "30")

        assert f"{pki.signing_certificate().serial_number:X}" in renewed
        assert pki.signing_certificate().serial_number != certificate.serial_number
        assert "DICABUT" not in run("--dir", directory, "status")


def test_a_garbage_ocsp_request_gets_a_malformed_request_answer(tmp_path):
    with served_pki(tmp_path / "pki") as pki:
        answer = ocsp.load_der_ocsp_response(
            get(pki.server.url + "/ocsp", b"bukan ocsp", "application/ocsp-request")
        )

    assert answer.response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_a_new_tsa_certificate_replaces_the_old_one(tmp_path):
    with served_pki(tmp_path / "pki") as pki:
        before = pki.tsa_certificate()

        said = run("--dir", str(pki.files.directory), "issue-tsa", "--days", "10")

    after = pki.tsa_certificate()
    assert after.serial_number != before.serial_number
    assert f"{after.serial_number:X}" in said


def test_wait_fails_when_nothing_answers(tmp_path, unused_port):
    with pytest.raises(CommandError, match="tidak menjawab"):
        run("--dir", str(tmp_path), "wait", "--url", f"http://127.0.0.1:{unused_port}",
            "--timeout", "0.5")  # fmt: skip


def test_serve_refuses_an_address_that_is_not_loopback(tmp_path):
    devca.create_dev_ca(tmp_path, pki_url="http://127.0.0.1:8079")

    with pytest.raises(CommandError, match="loopback"):
        run("--dir", str(tmp_path), "serve", "--url", "http://0.0.0.0:8079")


def test_serve_refuses_a_ca_made_without_its_key(tmp_path):
    devca.create_dev_ca(tmp_path)
    devca.DevCaFiles(tmp_path).ca_key.unlink()

    with pytest.raises(CommandError, match="create_dev_ca --force"):
        run("--dir", str(tmp_path), "serve")


def test_without_debug_it_wants_an_explicit_directory(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=1"):
        run("status")


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
