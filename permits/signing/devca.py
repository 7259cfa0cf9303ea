"""A development certificate authority, so that `make run` and the tests sign out of the box.

Stands in for BSrE: a root CA and, under it, a signing certificate for the Kepala Dinas
(key usage digitalSignature + nonRepudiation, extended key usage document signing and
e-mail protection), packed with its chain in a PKCS#12 file protected by a random passphrase.

Written to one directory:

    ca.pem              the root certificate (a trust root for the verification page)
    kepala-dinas.p12    the signing key and certificate (with ca.pem inside)
    kepala-dinas.pem    the signing certificate alone, for reading
    passphrase.txt      the PKCS#12 passphrase (mode 0600)

The root's private key is never written: nothing else can be issued under it, and a new
run with `force` makes a new root. Only `cryptography` is used (no Django), so the test
settings can call it before Django starts.
"""

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

CA_FILE = "ca.pem"
P12_FILE = "kepala-dinas.p12"
CERT_FILE = "kepala-dinas.pem"
PASSPHRASE_FILE = "passphrase.txt"
DEFAULT_SIGNER_NAME = "Kepala Dinas Penanaman Modal dan PTSP (pengembangan)"
ORGANIZATION = "Pemerintah Kabupaten Ogan Komering Ilir"
UNIT = "DPMPTSP"
CA_NAME = "Kendali Development Root CA - BUKAN UNTUK PRODUKSI"

# RFC 9336 id-kp-documentSigning.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class DevCaFiles:
    directory: Path

    @property
    def ca(self) -> Path:
        return self.directory / CA_FILE

    @property
    def p12(self) -> Path:
        return self.directory / P12_FILE

    @property
    def certificate(self) -> Path:
        return self.directory / CERT_FILE

    @property
    def passphrase(self) -> Path:
        return self.directory / PASSPHRASE_FILE

    def complete(self) -> bool:
        return self.ca.is_file() and self.p12.is_file() and self.passphrase.is_file()


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, *, organization: str = ORGANIZATION, unit: str = UNIT) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def make_root_ca(
    common_name: str = CA_NAME, *, years: int = 10, key=None
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A self-signed root certificate authority."""
    key = key or new_key()
    name = _name(common_name, unit="Pengembangan Kendali")
    start = _now() - dt.timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def issue_certificate(
    ca_key,
    ca_cert: x509.Certificate,
    common_name: str,
    *,
    purpose: str = "signing",
    years: int = 3,
    key=None,
    title: str = "",
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """An end-entity certificate under `ca_cert`: purpose "signing" or "timestamping"."""
    key = key or new_key()
    attributes = list(_name(common_name))
    if title:
        attributes.insert(-1, x509.NameAttribute(NameOID.TITLE, title))
    start = _now() - dt.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    if purpose == "signing":
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
    elif purpose == "timestamping":
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:
        raise ValueError(f"unknown certificate purpose: {purpose}")
    return key, builder.sign(ca_key, hashes.SHA256())


def pkcs12_bytes(key, certificate, chain, passphrase: str, *, friendly_name: str = "") -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=(friendly_name or "kendali").encode(),
        key=key,
        cert=certificate,
        cas=list(chain),
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )


def pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _write(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, mode)
    tmp.replace(path)


def create_dev_ca(
    directory: Path | str, *, signer_name: str = "", title: str = "", force: bool = False
) -> tuple[DevCaFiles, bool]:
    """Create the development CA and signing key in `directory`.

    Returns (files, created): nothing is written when all files exist, unless `force`.
    """
    files = DevCaFiles(Path(directory))
    if files.complete() and not force:
        return files, False
    files.directory.mkdir(parents=True, exist_ok=True)
    os.chmod(files.directory, 0o700)
    ca_key, ca_cert = make_root_ca()
    name = signer_name.strip() or DEFAULT_SIGNER_NAME
    key, certificate = issue_certificate(ca_key, ca_cert, name, title=title)
    passphrase = secrets.token_urlsafe(24)
    _write(files.passphrase, passphrase.encode() + b"\n", 0o600)
    _write(
        files.p12, pkcs12_bytes(key, certificate, [ca_cert], passphrase, friendly_name=name), 0o600
    )
    _write(files.certificate, pem(certificate), 0o644)
    _write(files.ca, pem(ca_cert), 0o644)
    return files, True
