"""Key material for the signing tests (made once per process)."""

from functools import cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from permits.signing import devca


def asn1_cert(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def asn1_key(key):
    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def simple_signer(key, certificate, chain):
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return SimpleSigner(
        signing_cert=asn1_cert(certificate),
        signing_key=asn1_key(key),
        cert_registry=SimpleCertificateStore.from_certs([asn1_cert(c) for c in chain]),
    )


@cache
def stranger_signer():
    """A signer whose certificate comes from another CA, one the office does not trust."""
    ca_key, ca_cert = devca.make_root_ca("Otoritas Sertifikat Lain")
    key, certificate = devca.issue_certificate(ca_key, ca_cert, "Orang Lain")
    return simple_signer(key, certificate, [ca_cert])
