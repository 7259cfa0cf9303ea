"""A development PKI, so that `make run` and the tests sign, timestamp and revoke out of the box.

Stands in for BSrE and a time-stamping authority: a root CA and, under it, a signing
certificate for the Kepala Dinas (key usage digitalSignature + nonRepudiation, extended key
usage document signing and e-mail protection), packed with its chain in a PKCS#12 file
protected by a random passphrase, and a certificate for a time-stamping authority (TSA).

Written to one directory:

    ca.pem              the root certificate (a trust root for the verification page)
    ca-key.pem          the root's private key (mode 0600): it signs the CRL, the OCSP
                        answers and any new certificate (`manage.py dev_pki issue-new`)
    kepala-dinas.p12    the signing key and certificate (with ca.pem inside)
    kepala-dinas.pem    the signing certificate alone, for reading
    passphrase.txt      the PKCS#12 passphrase (mode 0600)
    tsa.pem, tsa-key.pem  the TSA's certificate and key (the key mode 0600)
    ocsp.pem, ocsp-key.pem  the OCSP responder's certificate (id-pkix-ocsp-nocheck) and key
    pki-url.txt         the base URL written into the certificates (see below)
    revoked.json        the revoked certificates: serial (hex) -> revocation time and reason

With a base URL (`pki_url`, settings.KENDALI_DEV_PKI_URL, http://127.0.0.1:8079 by default)
the signing and TSA certificates name a CRL distribution point `{url}/crl` and an OCSP
responder `{url}/ocsp`; `manage.py dev_pki serve` (permits/signing/devpki.py) answers there
and runs the TSA at `{url}/tsa`. Without one (the test settings) they name no revocation
source at all, as before. The CRL (signed by the root) and the OCSP answers (signed by the
delegated responder) are made on request from revoked.json.

Only `cryptography` and asn1crypto are used (no Django), so the test settings can call it
before Django starts.
"""

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import (
    AuthorityInformationAccessOID,
    ExtendedKeyUsageOID,
    NameOID,
    ObjectIdentifier,
)

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"
P12_FILE = "kepala-dinas.p12"
CERT_FILE = "kepala-dinas.pem"
# The Kepala Bidang's own key: the letters of the series the Kabid signs (permits/letters.py).
KABID_P12_FILE = "kepala-bidang.p12"
KABID_CERT_FILE = "kepala-bidang.pem"
PASSPHRASE_FILE = "passphrase.txt"
TSA_CERT_FILE = "tsa.pem"
TSA_KEY_FILE = "tsa-key.pem"
OCSP_CERT_FILE = "ocsp.pem"
OCSP_KEY_FILE = "ocsp-key.pem"
PKI_URL_FILE = "pki-url.txt"
REVOKED_FILE = "revoked.json"
DEFAULT_PKI_URL = "http://127.0.0.1:8079"
DEFAULT_SIGNER_NAME = "Kepala Dinas Penanaman Modal dan PTSP (pengembangan)"
DEFAULT_KABID_NAME = "Kepala Bidang Perizinan dan Non Perizinan (pengembangan)"
ORGANIZATION = "Pemerintah Kabupaten Ogan Komering Ilir"
UNIT = "DPMPTSP"
CA_NAME = "Kendali Development Root CA - BUKAN UNTUK PRODUKSI"
TSA_NAME = "Kendali Development TSA - BUKAN UNTUK PRODUKSI"
OCSP_NAME = "Kendali Development OCSP Responder - BUKAN UNTUK PRODUKSI"
CRL_PATH = "/crl"
OCSP_PATH = "/ocsp"
TSA_PATH = "/tsa"
# How long an answer of the revocation services is good for (the CRL's nextUpdate), and how
# far back its thisUpdate is set (as responders do: a validator whose clock is a little behind,
# or that took its "now" just before asking, must not find the answer issued in its future).
ANSWER_VALID_FOR = dt.timedelta(days=1)
ANSWER_BACKDATED = dt.timedelta(seconds=10)
SIGNING_DAYS = 2 * 365
TSA_DAYS = 5 * 365
OCSP_DAYS = 5 * 365

# RFC 9336 id-kp-documentSigning.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
REASONS = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
}


class DevPkiError(Exception):
    """The development PKI cannot do what was asked; the message is for the developer."""


@dataclass(frozen=True)
class DevCaFiles:
    directory: Path

    @property
    def ca(self) -> Path:
        return self.directory / CA_FILE

    @property
    def ca_key(self) -> Path:
        return self.directory / CA_KEY_FILE

    @property
    def p12(self) -> Path:
        return self.directory / P12_FILE

    @property
    def certificate(self) -> Path:
        return self.directory / CERT_FILE

    @property
    def kabid_p12(self) -> Path:
        return self.directory / KABID_P12_FILE

    @property
    def kabid_certificate(self) -> Path:
        return self.directory / KABID_CERT_FILE

    @property
    def passphrase(self) -> Path:
        return self.directory / PASSPHRASE_FILE

    @property
    def tsa_certificate(self) -> Path:
        return self.directory / TSA_CERT_FILE

    @property
    def tsa_key(self) -> Path:
        return self.directory / TSA_KEY_FILE

    @property
    def ocsp_certificate(self) -> Path:
        return self.directory / OCSP_CERT_FILE

    @property
    def ocsp_key(self) -> Path:
        return self.directory / OCSP_KEY_FILE

    @property
    def pki_url(self) -> Path:
        return self.directory / PKI_URL_FILE

    @property
    def revoked(self) -> Path:
        return self.directory / REVOKED_FILE

    def complete(self) -> bool:
        """Everything needed to sign is there (a CA made before the PKI was added counts)."""
        return self.ca.is_file() and self.p12.is_file() and self.passphrase.is_file()

    def has_pki(self) -> bool:
        """The root's key and the TSA are there too: `dev_pki serve` can run."""
        return (
            self.complete()
            and self.ca_key.is_file()
            and self.tsa_certificate.is_file()
            and self.tsa_key.is_file()
            and self.ocsp_certificate.is_file()
            and self.ocsp_key.is_file()
            and self.kabid_p12.is_file()
        )


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


def _usage(**flags) -> x509.KeyUsage:
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


def issue_certificate(
    ca_key,
    ca_cert: x509.Certificate,
    common_name: str,
    *,
    purpose: str = "signing",
    years: int = 3,
    days: int | None = None,
    key=None,
    title: str = "",
    pki_url: str | None = None,
    not_before: dt.datetime | None = None,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """An end-entity certificate under `ca_cert`: purpose "signing", "timestamping" or "ocsp".

    With `pki_url` it names the CRL `{pki_url}/crl` and the OCSP responder `{pki_url}/ocsp`
    (never for "ocsp": an OCSP responder's certificate carries id-pkix-ocsp-nocheck instead).
    """
    key = key or new_key()
    attributes = list(_name(common_name))
    if title:
        attributes.insert(-1, x509.NameAttribute(NameOID.TITLE, title))
    start = not_before or _now() - dt.timedelta(minutes=5)
    lifetime = dt.timedelta(days=days) if days is not None else dt.timedelta(days=365 * years)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + lifetime)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    if pki_url and purpose != "ocsp":
        base = pki_url.rstrip("/")
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(base + CRL_PATH)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        ).add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(base + OCSP_PATH),
                    )
                ]
            ),
            critical=False,
        )
    if purpose == "signing":
        builder = builder.add_extension(
            _usage(digital_signature=True, content_commitment=True), critical=True
        ).add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
    elif purpose == "timestamping":
        builder = builder.add_extension(
            _usage(digital_signature=True, content_commitment=True), critical=True
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    elif purpose == "ocsp":
        builder = (
            builder.add_extension(_usage(digital_signature=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=True)
            .add_extension(x509.OCSPNoCheck(), critical=False)
        )
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


def key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, mode)
    tmp.replace(path)


def create_dev_ca(
    directory: Path | str,
    *,
    signer_name: str = "",
    title: str = "",
    force: bool = False,
    pki_url: str | None = None,
    signing_days: int = SIGNING_DAYS,
    tsa_days: int = TSA_DAYS,
    kabid_name: str = "",
) -> tuple[DevCaFiles, bool]:
    """Create the development CA, the signing key and the TSA in `directory`.

    Returns (files, created): nothing is written when all files exist, unless `force`.
    `pki_url` is the base URL of `dev_pki serve` named in the certificates (None: no
    revocation source is named).
    """
    files = DevCaFiles(Path(directory))
    if files.complete() and not force:
        return files, False
    files.directory.mkdir(parents=True, exist_ok=True)
    os.chmod(files.directory, 0o700)
    ca_key, ca_cert = make_root_ca()
    _write(files.ca_key, key_pem(ca_key), 0o600)
    _write(files.ca, pem(ca_cert), 0o644)
    _write(files.pki_url, (pki_url or "").encode() + b"\n", 0o644)
    _write(files.revoked, b"{}\n", 0o644)
    passphrase = secrets.token_urlsafe(24)
    _write(files.passphrase, passphrase.encode() + b"\n", 0o600)
    _issue_signing(files, ca_key, ca_cert, signer_name.strip(), title, signing_days, passphrase)
    _issue_kabid(files, ca_key, ca_cert, kabid_name.strip(), signing_days, passphrase)
    _issue_tsa(files, ca_key, ca_cert, tsa_days)
    _issue_ocsp_responder(files, ca_key, ca_cert)
    return files, True


def _issue_signing(files, ca_key, ca_cert, name, title, days, passphrase) -> x509.Certificate:
    name = name or DEFAULT_SIGNER_NAME
    key, certificate = issue_certificate(
        ca_key, ca_cert, name, title=title, days=days, pki_url=stored_pki_url(files)
    )
    _write(
        files.p12, pkcs12_bytes(key, certificate, [ca_cert], passphrase, friendly_name=name), 0o600
    )
    _write(files.certificate, pem(certificate), 0o644)
    return certificate


def _issue_kabid(files, ca_key, ca_cert, name, days, passphrase) -> x509.Certificate:
    """The Kepala Bidang's signing key, under the same root and with the same passphrase."""
    name = name or DEFAULT_KABID_NAME
    key, certificate = issue_certificate(
        ca_key,
        ca_cert,
        name,
        title="Kepala Bidang Perizinan dan Non Perizinan",
        days=days,
        pki_url=stored_pki_url(files),
    )
    _write(
        files.kabid_p12,
        pkcs12_bytes(key, certificate, [ca_cert], passphrase, friendly_name=name),
        0o600,
    )
    _write(files.kabid_certificate, pem(certificate), 0o644)
    return certificate


def _issue_tsa(files, ca_key, ca_cert, days) -> x509.Certificate:
    key, certificate = issue_certificate(
        ca_key,
        ca_cert,
        TSA_NAME,
        purpose="timestamping",
        days=days,
        pki_url=stored_pki_url(files),
    )
    _write(files.tsa_key, key_pem(key), 0o600)
    _write(files.tsa_certificate, pem(certificate), 0o644)
    return certificate


def _issue_ocsp_responder(files, ca_key, ca_cert) -> x509.Certificate:
    key, certificate = issue_certificate(ca_key, ca_cert, OCSP_NAME, purpose="ocsp", days=OCSP_DAYS)
    _write(files.ocsp_key, key_pem(key), 0o600)
    _write(files.ocsp_certificate, pem(certificate), 0o644)
    return certificate


# --- the running PKI: revocation, new certificates, answers ------------------------------


def stored_pki_url(files: DevCaFiles) -> str | None:
    try:
        return files.pki_url.read_text("utf-8").strip() or None
    except FileNotFoundError:
        return None


def load_ca(files: DevCaFiles):
    """(root key, root certificate); DevPkiError for a CA made without its key."""
    if not files.ca_key.is_file():
        raise DevPkiError(
            f"Kunci akar CA pengembangan tidak ada di {files.directory} (CA dibuat oleh versi "
            "lama). Buat ulang: manage.py create_dev_ca --force"
        )
    key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(files.ca.read_bytes())


def load_tsa(files: DevCaFiles):
    """(TSA key, TSA certificate)."""
    if not (files.tsa_key.is_file() and files.tsa_certificate.is_file()):
        raise DevPkiError(
            f"Sertifikat TSA pengembangan tidak ada di {files.directory}. "
            "Buat ulang: manage.py create_dev_ca --force"
        )
    key = serialization.load_pem_private_key(files.tsa_key.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(files.tsa_certificate.read_bytes())


def load_ocsp_responder(files: DevCaFiles):
    """(responder key, responder certificate): the CA delegates its OCSP answers to it."""
    if not (files.ocsp_key.is_file() and files.ocsp_certificate.is_file()):
        raise DevPkiError(
            f"Sertifikat OCSP pengembangan tidak ada di {files.directory}. "
            "Buat ulang: manage.py create_dev_ca --force"
        )
    key = serialization.load_pem_private_key(files.ocsp_key.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(files.ocsp_certificate.read_bytes())


def signing_certificate(files: DevCaFiles) -> x509.Certificate:
    return x509.load_pem_x509_certificate(files.certificate.read_bytes())


def revocations(files: DevCaFiles) -> dict[int, tuple[dt.datetime, str]]:
    """serial -> (revocation time, reason name)."""
    try:
        data = json.loads(files.revoked.read_text("utf-8") or "{}")
    except FileNotFoundError:
        return {}
    return {
        int(serial, 16): (dt.datetime.fromisoformat(entry["revoked_at"]), entry["reason"])
        for serial, entry in data.items()
    }


def revoke(
    files: DevCaFiles,
    serial: int | None = None,
    *,
    at: dt.datetime | None = None,
    reason: str = "key_compromise",
) -> int:
    """Record `serial` (default: the current signing certificate) as revoked since `at`."""
    if reason not in REASONS:
        raise DevPkiError(f"Alasan pencabutan tidak dikenal: {reason}")
    load_ca(files)
    serial = serial if serial is not None else signing_certificate(files).serial_number
    moment = (at or _now()).astimezone(dt.UTC).replace(microsecond=0)
    entries = {
        f"{number:x}": {"revoked_at": moment_.isoformat(), "reason": why}
        for number, (moment_, why) in revocations(files).items()
    }
    entries.setdefault(f"{serial:x}", {"revoked_at": moment.isoformat(), "reason": reason})
    _write(files.revoked, json.dumps(entries, indent=2).encode() + b"\n", 0o644)
    return serial


def issue_new_signing_certificate(
    files: DevCaFiles, *, signer_name: str = "", title: str = "", days: int = SIGNING_DAYS
) -> x509.Certificate:
    """A fresh signing key and certificate under the same root (after a revocation)."""
    ca_key, ca_cert = load_ca(files)
    old = signing_certificate(files) if files.certificate.is_file() else None
    if not signer_name and old is not None:
        signer_name = old.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        titles = old.subject.get_attributes_for_oid(NameOID.TITLE)
        title = title or (titles[0].value if titles else "")
    passphrase = files.passphrase.read_text("utf-8").strip()
    return _issue_signing(files, ca_key, ca_cert, signer_name, title, days, passphrase)


def issue_new_tsa_certificate(files: DevCaFiles, *, days: int = TSA_DAYS) -> x509.Certificate:
    """A fresh TSA key and certificate (a TSA renews its certificate before it expires)."""
    ca_key, ca_cert = load_ca(files)
    return _issue_tsa(files, ca_key, ca_cert, days)


def crl_der(files: DevCaFiles, *, now: dt.datetime | None = None) -> bytes:
    """The CA's current certificate revocation list (DER), listing every revoked serial."""
    ca_key, ca_cert = load_ca(files)
    now = (now or _now()).replace(microsecond=0) - ANSWER_BACKDATED
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now)
        .next_update(now + ANSWER_VALID_FOR)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    for serial, (moment, reason) in sorted(revocations(files).items()):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(moment)
            .add_extension(x509.CRLReason(REASONS[reason]), critical=False)
            .build()
        )
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def ocsp_response_der(
    files: DevCaFiles, request_der: bytes, *, now: dt.datetime | None = None
) -> bytes:
    """The OCSP answer (DER) to `request_der`, signed by the CA's OCSP responder.

    Good or revoked for a certificate the CA issued (by serial), unauthorized for any other
    issuer, malformed for a request that cannot be read.
    """
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST
        ).public_bytes(serialization.Encoding.DER)
    _ca_key, ca_cert = load_ca(files)
    issuer_key_hash = _key_hash(ca_cert, request.hash_algorithm)
    if request.issuer_key_hash != issuer_key_hash:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.UNAUTHORIZED
        ).public_bytes(serialization.Encoding.DER)
    now = (now or _now()).replace(microsecond=0) - ANSWER_BACKDATED
    revoked = revocations(files).get(request.serial_number)
    status = ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=request.issuer_name_hash,
        issuer_key_hash=request.issuer_key_hash,
        serial_number=request.serial_number,
        algorithm=request.hash_algorithm,
        cert_status=status,
        this_update=now,
        next_update=now + ANSWER_VALID_FOR,
        revocation_time=revoked[0] if revoked else None,
        revocation_reason=REASONS[revoked[1]] if revoked else None,
    )
    responder_key, responder_cert = load_ocsp_responder(files)
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, responder_cert).certificates(
        [responder_cert]
    )
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    return builder.sign(responder_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _key_hash(certificate: x509.Certificate, algorithm) -> bytes:
    """The hash of the subjectPublicKey BIT STRING's value (RFC 6960), not of the whole SPKI."""
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    bits = asn1_keys.PublicKeyInfo.load(spki)["public_key"].contents[1:]
    digest = hashes.Hash(algorithm)
    digest.update(bits)
    return digest.finalize()
