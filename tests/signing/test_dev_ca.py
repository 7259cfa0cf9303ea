"""`manage.py create_dev_ca`: a development CA and the Kepala Dinas's signing key."""

import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.management import CommandError, call_command
from weasyprint import HTML

from office.models import OfficeProfile
from permits.signing import SignatureBox, devca
from permits.signing.pkcs12 import Pkcs12Signer
from permits.signing.validation import check_pdf_signature, load_trust_roots


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_dev_ca", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_a_ca_and_a_signing_key_for_the_kepala_dinas(tmp_path):
    office = OfficeProfile.current()
    office.head_name = "Ir. H. Ahmad Rizal, M.M."
    office.save()

    run("--dir", str(tmp_path))

    files = devca.DevCaFiles(tmp_path)
    passphrase = files.passphrase.read_text().strip()
    key, cert, chain = pkcs12.load_key_and_certificates(files.p12.read_bytes(), passphrase.encode())
    ca = x509.load_pem_x509_certificate(files.ca.read_bytes())
    assert key is not None
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == office.head_name
    assert cert.issuer == ca.subject
    assert [c.subject for c in chain] == [ca.subject]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    purposes = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert devca.DOCUMENT_SIGNING in purposes
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert files.passphrase.stat().st_mode & 0o077 == 0
    assert files.p12.stat().st_mode & 0o077 == 0
    # The development PKI keeps its keys (the root signs the CRL and new certificates), each
    # readable by the owner only.
    for secret in (files.ca_key, files.tsa_key, files.ocsp_key, files.kabid_p12):
        assert secret.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            devca.CA_FILE,
            devca.CA_KEY_FILE,
            devca.P12_FILE,
            devca.CERT_FILE,
            devca.KABID_P12_FILE,
            devca.KABID_CERT_FILE,
            devca.PASSPHRASE_FILE,
            devca.TSA_CERT_FILE,
            devca.TSA_KEY_FILE,
            devca.OCSP_CERT_FILE,
            devca.OCSP_KEY_FILE,
            devca.PKI_URL_FILE,
            devca.REVOKED_FILE,
        ]
    )
    assert files.has_pki()


@pytest.mark.django_db
def test_it_does_nothing_when_the_files_exist_unless_forced(tmp_path):
    run("--dir", str(tmp_path))
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    again = run("--dir", str(tmp_path))

    assert "sudah ada" in again
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first
    run("--dir", str(tmp_path), "--force")
    assert tmp_path.joinpath(devca.CA_FILE).read_bytes() != first[devca.CA_FILE]


@pytest.mark.django_db
def test_its_key_signs_and_its_ca_is_the_trust_root(tmp_path):
    run("--dir", str(tmp_path), "--name", "Kepala Uji")
    files = devca.DevCaFiles(tmp_path)
    signer = Pkcs12Signer(files.p12, files.passphrase.read_text().strip())

    signed = signer.sign(
        HTML(string="<p>Uji</p>").write_pdf(),
        field=SignatureBox(page=0, x=300, y=300, width=160, height=80),
        reason="Uji",
        signer_name="Kepala Uji",
    )

    check = check_pdf_signature(signed, roots=load_trust_roots([str(files.ca)]))
    assert check.signer_name == "Kepala Uji"
    assert check.is_valid
    assert not check_pdf_signature(signed).trusted  # not the test settings' CA


def test_without_debug_it_wants_an_explicit_directory(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("create_dev_ca")


@pytest.mark.django_db
def test_its_certificates_name_the_crl_and_ocsp_of_the_development_pki(tmp_path):
    run("--dir", str(tmp_path), "--pki-url", "http://127.0.0.1:8079")

    files = devca.DevCaFiles(tmp_path)
    for certificate in (devca.signing_certificate(files), devca.load_tsa(files)[1]):
        points = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints)
        access = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess)
        assert points.value[0].full_name[0].value == "http://127.0.0.1:8079/crl"
        assert access.value[0].access_location.value == "http://127.0.0.1:8079/ocsp"
    responder = devca.load_ocsp_responder(files)[1]
    responder.extensions.get_extension_for_class(x509.OCSPNoCheck)  # no revocation check


@pytest.mark.django_db
def test_without_a_pki_url_the_certificates_name_no_revocation_service(tmp_path):
    run("--dir", str(tmp_path), "--pki-url", "")

    certificate = devca.signing_certificate(devca.DevCaFiles(tmp_path))
    with pytest.raises(x509.ExtensionNotFound):
        certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints)
