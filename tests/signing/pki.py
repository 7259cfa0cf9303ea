"""The development PKI of the long-term tests (tests/signing/conftest.py: `pki`, `long_term`)."""

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader

from permits.signing import devca
from permits.signing.devpki import DevPkiServer
from permits.signing.pkcs12 import load_simple_signer
from permits.signing.validation import load_trust_roots


@dataclass
class Pki:
    files: devca.DevCaFiles
    server: DevPkiServer

    @property
    def tsa_url(self) -> str:
        return self.server.url + devca.TSA_PATH

    @property
    def roots(self) -> list:
        return load_trust_roots([str(self.files.ca)])

    @property
    def passphrase(self) -> str:
        return self.files.passphrase.read_text().strip()

    def signer(self):
        """pyHanko's signer for the PKI's current signing key."""
        return load_simple_signer(self.files.p12, self.passphrase)

    def signing_certificate(self):
        return devca.signing_certificate(self.files)

    def tsa_certificate(self):
        return devca.load_tsa(self.files)[1]


def document_timestamps(pdf: bytes) -> list:
    return PdfFileReader(io.BytesIO(pdf)).embedded_timestamp_signatures


def dss(pdf: bytes):
    return PdfFileReader(io.BytesIO(pdf)).root["/DSS"]


def utc(moment) -> dt.datetime:
    return moment.astimezone(dt.UTC)


@contextmanager
def served_pki(
    directory: Path, *, signing_days: int = 2, tsa_days: int = devca.TSA_DAYS
) -> Iterator[Pki]:
    """A development CA in `directory` and its server on a free loopback port.

    The signing certificate lives `signing_days` (two: the tests move the clock past it).
    The server is bound before the CA is made, so the certificates name its port.
    """
    server = DevPkiServer(directory)
    files, _ = devca.create_dev_ca(
        directory,
        signer_name="Kepala Uji Jangka Panjang",
        pki_url=server.url,
        signing_days=signing_days,
        tsa_days=tsa_days,
    )
    with server:
        yield Pki(files=files, server=server)
