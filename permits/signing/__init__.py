"""Electronic signature (TTE) of the final permit: PAdES with pyHanko.

- `PdfSigner` (base.py): one method, `sign(pdf, *, field, reason, signer_name, location)`,
  returns the signed bytes or raises `SigningError` with a message for the officer.
- Two implementations, chosen by `settings.KENDALI_SIGNER`:
  `"pkcs12"` (pkcs12.py, a local key file) and `"bsre"` (bsre.py, a BSrE-style esign service).
- `ltv.py` makes a signed PDF PAdES B-LTA (DSS + document timestamp) after either signer, and
  adds new document timestamps; `renewal.py` is the periodic job that does so before the last
  timestamp's TSA certificate expires.
- `validation.py` checks a PDF's signature against `settings.KENDALI_TRUST_ROOTS` (the report
  of the public verification page).
- `devca.py` makes the development PKI (`manage.py create_dev_ca`): root, signing key, TSA,
  OCSP responder, revocation; `devpki.py` serves its CRL, OCSP and TSA (`manage.py dev_pki`).
- `truetype.py` embeds the stamp's TrueType font.

See docs/signing.md.
"""

from django.conf import settings

from permits.signing.base import FIELD_NAME, PdfSigner, SignatureBox, SigningError
from permits.signing.bsre import BsreClient
from permits.signing.pkcs12 import Pkcs12Signer, read_secret

__all__ = [
    "FIELD_NAME",
    "HEAD",
    "KABID",
    "PdfSigner",
    "SignatureBox",
    "SigningError",
    "get_signer",
]


HEAD = "head"  # the Kepala Dinas: the permit, and the letters of the series the head signs
KABID = "kabid"  # the Kepala Bidang: the letters of the series the Kabid signs


def get_signer(signatory: str = HEAD) -> PdfSigner:
    """The signer of `signatory` (HEAD or KABID) the settings ask for, built from the current
    settings: each official signs with their own certificate (or BSrE account)."""
    kabid = signatory == KABID
    if settings.KENDALI_SIGNER == "bsre":
        return BsreClient(
            settings.KENDALI_BSRE_URL,
            nik=settings.KENDALI_BSRE_KABID_NIK if kabid else settings.KENDALI_BSRE_NIK,
            passphrase=(
                read_secret(
                    settings.KENDALI_BSRE_KABID_PASSPHRASE,
                    settings.KENDALI_BSRE_KABID_PASSPHRASE_FILE,
                )
                if kabid
                else read_secret(
                    settings.KENDALI_BSRE_PASSPHRASE, settings.KENDALI_BSRE_PASSPHRASE_FILE
                )
            ),
            client_id=settings.KENDALI_BSRE_CLIENT_ID,
            client_secret=settings.KENDALI_BSRE_CLIENT_SECRET,
            timeout=settings.KENDALI_BSRE_TIMEOUT,
        )
    if kabid:
        p12 = settings.KENDALI_KABID_SIGNING_P12
        passphrase = read_secret(
            settings.KENDALI_KABID_SIGNING_PASSPHRASE,
            settings.KENDALI_KABID_SIGNING_PASSPHRASE_FILE,
        )
    else:
        p12 = settings.KENDALI_SIGNING_P12
        passphrase = read_secret(
            settings.KENDALI_SIGNING_PASSPHRASE, settings.KENDALI_SIGNING_PASSPHRASE_FILE
        )
    return Pkcs12Signer(
        p12,
        passphrase,
        tsa_url=settings.KENDALI_TSA_URL,
        tsa_timeout=settings.KENDALI_TSA_TIMEOUT,
        time_zone=settings.TIME_ZONE,
    )
