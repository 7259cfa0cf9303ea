"""Client for a BSrE-style esign service (the TTE of BSSN's Balai Sertifikasi Elektronik).

The shape follows BSrE's esign API v2 (`/api/v2/sign/pdf`); see
docs/signing.md for the request and answers this client expects. In short:

    POST {KENDALI_BSRE_URL}/api/v2/sign/pdf
    Authorization: Basic base64(client_id:client_secret)      (when a client id is set)
    Content-Type: application/json

    {"nik": "...", "passphrase": "...", "file": ["<PDF, base64>"],
     "signatureProperties": [{"tampilan": "VISIBLE", "page": 3, "originX": 311.8,
        "originY": 152.4, "width": 167.2, "height": 79.4,
        "reason": "...", "location": "Kayuagung"}]}

    200 {"file": ["<signed PDF, base64>"]}
    4xx/5xx {"status_code": 2031, "error": "Passphrase anda salah"}

`page` counts from 1; the box is in PDF points from the page's lower-left corner. Every
failure becomes one SigningError whose message tells the officer what happened.
"""

import base64
import binascii
import io
import json
import logging
import urllib.error
import urllib.request

from permits.signing.base import SignatureBox, SigningError

logger = logging.getLogger(__name__)

SIGN_PATH = "/api/v2/sign/pdf"
MAX_ERROR_TEXT = 200

NOT_CONFIGURED = (
    "Layanan TTE belum diatur di server (alamat layanan, NIK atau passphrase penandatangan "
    "kosong). Hubungi administrator."
)
WRONG_PASSPHRASE = (
    "Layanan TTE menolak penandatanganan: NIK atau passphrase sertifikat elektronik "
    "penandatangan salah{detail}. Periksa pengaturan TTE bersama administrator."
)
REFUSED = "Layanan TTE menolak permintaan tanda tangan (HTTP {status}){detail}."
SERVER_ERROR = (
    "Layanan TTE sedang bermasalah (HTTP {status}){detail}. Coba lagi beberapa saat lagi."
)
TIMED_OUT = (
    "Layanan TTE tidak menjawab dalam {seconds} detik. Dokumen belum ditandatangani; "
    "coba lagi beberapa saat lagi."
)
UNREACHABLE = (
    "Layanan TTE tidak dapat dihubungi. Periksa jaringan atau coba lagi beberapa saat lagi."
)
BAD_ANSWER = "Jawaban layanan TTE tidak dapat dibaca ({why}). Dokumen belum ditandatangani."
NOT_A_SIGNED_PDF = (
    "Layanan TTE tidak mengembalikan dokumen PDF yang ditandatangani ({why}). "
    "Dokumen belum ditandatangani."
)


def _detail(text: str) -> str:
    text = " ".join(str(text).split())[:MAX_ERROR_TEXT]
    return f": \u201c{text}\u201d" if text else ""


def _error_text(body: bytes) -> str:
    """The service's own error message, if it sent one in the agreed shape."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            if isinstance(data.get(key), str):
                return data[key]
    return ""


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


class BsreClient:
    """PdfSigner that asks a BSrE-style esign service to sign."""

    def __init__(
        self,
        url: str,
        *,
        nik: str,
        passphrase: str | None,
        client_id: str = "",
        client_secret: str = "",
        timeout: float = 30,
    ):
        self.url = url.rstrip("/")
        self.nik = nik
        self.passphrase = passphrase
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout

    def request_body(self, pdf: bytes, *, field: SignatureBox, reason: str, location: str) -> dict:
        page = field.page if field.page >= 0 else page_count(pdf) + field.page
        return {
            "nik": self.nik,
            "passphrase": self.passphrase,
            "file": [base64.b64encode(pdf).decode("ascii")],
            "signatureProperties": [
                {
                    "tampilan": "VISIBLE",
                    "page": page + 1,
                    "originX": round(field.x, 2),
                    "originY": round(field.y, 2),
                    "width": round(field.width, 2),
                    "height": round(field.height, 2),
                    "reason": reason,
                    "location": location,
                }
            ],
        }

    def headers(self) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.client_id:
            token = f"{self.client_id}:{self.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        return headers

    def sign(
        self,
        pdf: bytes,
        *,
        field: SignatureBox,
        reason: str,
        signer_name: str,
        location: str = "",
    ) -> bytes:
        if not (self.url.startswith(("http://", "https://")) and self.nik and self.passphrase):
            raise SigningError(NOT_CONFIGURED)
        body = json.dumps(
            self.request_body(pdf, field=field, reason=reason, location=location)
        ).encode()
        request = urllib.request.Request(
            self.url + SIGN_PATH, data=body, headers=self.headers(), method="POST"
        )
        status, answer = self._post(request)
        if status == 401:
            raise SigningError(WRONG_PASSPHRASE.format(detail=_detail(_error_text(answer))))
        if 400 <= status < 500:
            raise SigningError(REFUSED.format(status=status, detail=_detail(_error_text(answer))))
        if status >= 500 or status != 200:
            raise SigningError(
                SERVER_ERROR.format(status=status, detail=_detail(_error_text(answer)))
            )
        return self._signed_pdf(answer, original=pdf)

    def _post(self, request) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                try:
                    answer = exc.read()
                except (OSError, TimeoutError):
                    answer = b""
            logger.warning("esign service answered HTTP %s: %s", exc.code, answer[:300])
            return exc.code, answer
        except TimeoutError as exc:
            logger.warning("esign service timed out after %ss", self.timeout)
            raise SigningError(TIMED_OUT.format(seconds=_seconds(self.timeout))) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                logger.warning("esign service timed out after %ss", self.timeout)
                raise SigningError(TIMED_OUT.format(seconds=_seconds(self.timeout))) from exc
            logger.warning("esign service unreachable: %s", exc.reason)
            raise SigningError(UNREACHABLE) from exc
        except (OSError, ValueError) as exc:  # connection reset, bad status line
            logger.warning("esign service connection failed: %s", exc)
            raise SigningError(UNREACHABLE) from exc

    def _signed_pdf(self, answer: bytes, *, original: bytes) -> bytes:
        try:
            data = json.loads(answer.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise SigningError(BAD_ANSWER.format(why="bukan JSON")) from None
        files = data.get("file") if isinstance(data, dict) else None
        if not (isinstance(files, list) and files and isinstance(files[0], str)):
            raise SigningError(BAD_ANSWER.format(why="tidak ada berkas dalam jawaban"))
        try:
            signed = base64.b64decode(files[0], validate=True)
        except (binascii.Error, ValueError):
            raise SigningError(NOT_A_SIGNED_PDF.format(why="berkas bukan base64")) from None
        if not signed.startswith(b"%PDF-"):
            raise SigningError(NOT_A_SIGNED_PDF.format(why="berkas bukan PDF"))
        # A PAdES signature is an incremental update: the document sent is kept byte for byte.
        if len(signed) <= len(original) or not signed.startswith(original):
            raise SigningError(
                NOT_A_SIGNED_PDF.format(why="isi berkas berbeda dari dokumen yang dikirim")
            )
        if not _has_signature(signed):
            raise SigningError(NOT_A_SIGNED_PDF.format(why="tidak ada tanda tangan di dalamnya"))
        return signed


def _seconds(timeout: float) -> str:
    return f"{timeout:g}"


def _has_signature(pdf: bytes) -> bool:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return bool(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError):
        return False
