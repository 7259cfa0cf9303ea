"""Keys for the signing tests, made once per session.

The test CA itself comes from config/settings_test.py (KENDALI_SIGNING_DIR, a temporary
folder made by permits.signing.devca, naming no CRL or OCSP); here: a second, unrelated CA,
a TSA, and a development PKI on loopback (`pki`, `long_term`) for long-term signatures.
"""

import pytest
from cryptography import x509
from django.conf import settings

from permits.signing import devca
from permits.signing.pkcs12 import load_simple_signer, read_secret
from tests.signing import keys
from tests.signing.fakes import FakeEsign, FakeTsa, LoopbackServer
from tests.signing.pki import served_pki


@pytest.fixture(scope="session")
def office_signer():
    """pyHanko's signer for the test CA's Kepala Dinas key (what the settings point at)."""
    passphrase = read_secret(
        settings.KENDALI_SIGNING_PASSPHRASE, settings.KENDALI_SIGNING_PASSPHRASE_FILE
    )
    return load_simple_signer(settings.KENDALI_SIGNING_P12, passphrase)


@pytest.fixture(scope="session")
def test_ca_root():
    pem = settings.KENDALI_SIGNING_DIR.joinpath(devca.CA_FILE).read_bytes()
    return keys.asn1_cert(x509.load_pem_x509_certificate(pem))


@pytest.fixture(scope="session")
def stranger_signer():
    """A signer whose certificate comes from another CA, one the office does not trust."""
    return keys.stranger_signer()


@pytest.fixture(scope="session")
def tsa_material(tmp_path_factory):
    """A time-stamping authority: its DummyTimeStamper and the PEM path of its root."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    root_key, root_cert = devca.make_root_ca("Otoritas Cap Waktu Uji")
    key, certificate = devca.issue_certificate(
        root_key, root_cert, "TSA Uji", purpose="timestamping"
    )
    root_pem = tmp_path_factory.mktemp("tsa") / "tsa-root.pem"
    root_pem.write_bytes(devca.pem(root_cert))
    timestamper = DummyTimeStamper(
        tsa_cert=keys.asn1_cert(certificate),
        tsa_key=keys.asn1_key(key),
        certs_to_embed=[keys.asn1_cert(root_cert)],
    )
    return timestamper, root_pem


@pytest.fixture
def tsa(tsa_material, settings):
    """A TSA on loopback, configured as KENDALI_TSA_URL and trusted."""
    timestamper, root_pem = tsa_material
    fake = FakeTsa(timestamper)
    with LoopbackServer(fake) as server:
        settings.KENDALI_TSA_URL = server.url + "/tsa"
        settings.KENDALI_TRUST_ROOTS = [*settings.KENDALI_TRUST_ROOTS, str(root_pem)]
        fake.url = server.url
        yield fake


@pytest.fixture
def esign(office_signer):
    """The BSrE-style esign service on loopback, signing with the test CA's key."""
    fake = FakeEsign(office_signer)
    with LoopbackServer(fake) as server:
        fake.url = server.url
        yield fake


# --- the development PKI on loopback (long-term signatures) ------------------------------


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A development PKI of its own, served on loopback: CRL, OCSP and TSA (see pki.py).

    Shared by a module's tests: those that revoke or renew certificates use `own_pki`.
    """
    with served_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture
def own_pki(tmp_path):
    """A development PKI for one test (it may revoke or reissue its certificates)."""
    with served_pki(tmp_path / "pki") as served:
        yield served


@pytest.fixture
def long_term(pki, settings):
    """Sign with the PKI's key, its TSA, long-term signatures on; the PKI's root trusted."""
    return use_pki(pki, settings)


@pytest.fixture
def own_long_term(own_pki, settings):
    """`long_term` with a PKI of the test's own."""
    return use_pki(own_pki, settings)


def use_pki(pki, settings):
    settings.KENDALI_SIGNER = "pkcs12"
    settings.KENDALI_SIGNING_P12 = pki.files.p12
    settings.KENDALI_SIGNING_PASSPHRASE = None
    settings.KENDALI_SIGNING_PASSPHRASE_FILE = pki.files.passphrase
    settings.KENDALI_TRUST_ROOTS = [str(pki.files.ca)]
    settings.KENDALI_TSA_URL = pki.tsa_url
    settings.KENDALI_TSA_TIMEOUT = 2
    settings.KENDALI_REVOCATION_TIMEOUT = 2
    settings.KENDALI_LONG_TERM_SIGNATURES = True
    pki.server.faults.clear()
    return pki
