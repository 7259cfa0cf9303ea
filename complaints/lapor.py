"""SP4N-LAPOR! over plain HTTPS: the complaints LAPOR! forwards to the office, and follow-ups back.

The API shape is ours (docs/lapor.md): LAPOR!'s own API is open to agencies under an agreement
with KemenPAN-RB, and this one module is what changes to follow it.

    GET  {LAPOR_API_URL}/complaints?since=<cursor>&page=<n>     Authorization: Bearer <token>
    POST {LAPOR_API_URL}/complaints/<lapor id>/follow-ups

Configured from the environment (settings.LAPOR_*); off when the URL or the token is missing.
Every failure becomes a LaporError saying in Indonesian what went wrong and whether trying
again later can help; the token never appears in a message. A record that cannot be read is
named and set aside (`Fetched.rejected`); the good records of the same page still come in.
"""

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from permits.validators import hidden_characters

SERVICE = "SP4N-LAPOR!"
# A listing longer than this many pages is taken for a server that never stops paging.
MAX_PAGES = 200
# A page, or the answer to a follow-up, larger than this is not read.
MAX_BYTES = 5 * 1024 * 1024
ID_LENGTH = 40
SUBJECT_LENGTH = 150
NAME_LENGTH = 120
RELATED_LENGTH = 40
DESCRIPTION_LENGTH = 20_000


class LaporError(Exception):
    """A request to LAPOR! that did not work.

    `retry`: trying again later can help (LAPOR! down, slow, or answering garbage).
    `status`: the HTTP status LAPOR! answered with; None when it did not answer at all.
    """

    def __init__(self, message: str, *, retry: bool, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.status = status

    @property
    def unreachable(self) -> bool:
        return self.status is None

    @property
    def token_refused(self) -> bool:
        return self.status in (401, 403)


@dataclass(frozen=True)
class ForwardedReport:
    """One complaint LAPOR! forwarded to the office, checked and cleaned."""

    lapor_id: str
    forwarded_at: datetime
    subject: str
    description: str
    anonymous: bool = False
    confidential: bool = False
    name: str = ""
    category: str = ""  # LAPOR!'s category, as LAPOR! names it
    related_number: str = ""

    @property
    def forwarded_on(self) -> date:
        return timezone.localtime(self.forwarded_at).date()


class Fetched(NamedTuple):
    reports: list[ForwardedReport]
    next_cursor: str
    # One Indonesian sentence per record that could not be read, naming the record.
    rejected: list[str]


def is_configured() -> bool:
    return bool(settings.LAPOR_API_URL and settings.LAPOR_API_TOKEN)


# --- reading -----------------------------------------------------------------------------


def fetch_forwarded(since_cursor: str = "") -> Fetched:
    """Every complaint forwarded after `since_cursor`, all pages; and the cursor to ask next.

    A page that cannot be read stops the whole listing (LaporError): its cursor is not
    given, so the next run asks again from the same place.
    """
    reports: list[ForwardedReport] = []
    rejected: list[str] = []
    next_cursor = since_cursor
    for page in range(1, MAX_PAGES + 1):
        query = {"page": page}
        if since_cursor:
            query = {"since": since_cursor, **query}
        body = _request("GET", f"/complaints?{urllib.parse.urlencode(query)}")
        records, meta = _page(body, page)
        for index, record in enumerate(records, start=1):
            try:
                reports.append(parse_report(record))
            except BadRecord as bad:
                rejected.append(f"{_record_name(record, index, page)}: {bad}")
        next_cursor = meta["next_cursor"] or next_cursor
        if not meta["has_more"]:
            return Fetched(reports, next_cursor, rejected)
    raise LaporError(
        f"{SERVICE} terus memberi halaman berikutnya (lebih dari {MAX_PAGES}); "
        "pembacaan dihentikan.",
        retry=True,
        status=200,
    )


def _page(raw: bytes, page: int) -> tuple[list, dict]:
    try:
        body = json.loads(raw)
    except ValueError:
        raise LaporError(
            f"Jawaban {SERVICE} (halaman {page}) tidak dapat dibaca: bukan JSON.",
            retry=True,
            status=200,
        ) from None
    records = body.get("data") if isinstance(body, dict) else None
    meta = body.get("meta") if isinstance(body, dict) else None
    if not isinstance(records, list) or not isinstance(meta, dict):
        raise LaporError(
            f"Jawaban {SERVICE} (halaman {page}) tidak berbentuk daftar laporan "
            '("data" dan "meta").',
            retry=True,
            status=200,
        )
    has_more, cursor = meta.get("has_more", False), meta.get("next_cursor") or ""
    if not isinstance(has_more, bool) or not isinstance(cursor, str) or len(cursor) > 200:
        raise LaporError(
            f'Jawaban {SERVICE} (halaman {page}): "meta.has_more" atau "meta.next_cursor" '
            "tidak sah.",
            retry=True,
            status=200,
        )
    return records, {"has_more": has_more, "next_cursor": cursor}


class BadRecord(ValueError):
    """A record of a page that cannot be taken in; the message says why, in Indonesian."""


def _record_name(record, index: int, page: int) -> str:
    raw = record.get("id") if isinstance(record, dict) else None
    if isinstance(raw, str | int) and not isinstance(raw, bool) and str(raw).strip():
        shown = _visible(str(raw))[:ID_LENGTH]
        return f"Laporan {SERVICE} {shown}"
    return f"Laporan ke-{index} di halaman {page}"


def parse_report(record) -> ForwardedReport:
    """One record of a page, checked field by field; BadRecord names what is wrong."""
    if not isinstance(record, dict):
        raise BadRecord("bukan objek JSON")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        raise BadRecord('kolom "id" tidak ada')
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise BadRecord('kolom "id" harus teks atau angka')
    lapor_id = _visible(str(raw_id)).strip()
    if not lapor_id or len(lapor_id) > ID_LENGTH:
        raise BadRecord(f'kolom "id" harus 1 sampai {ID_LENGTH} karakter')

    subject = _text(record, "title", required=True)
    description = _text(record, "content", required=True)
    if len(description) > DESCRIPTION_LENGTH:
        raise BadRecord(f'kolom "content" lebih dari {DESCRIPTION_LENGTH} karakter')
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "\u2026"

    raw_time = record.get("forwarded_at")
    if not isinstance(raw_time, str) or not raw_time:
        raise BadRecord('kolom "forwarded_at" tidak ada')
    try:
        forwarded_at = datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
    except ValueError:
        raise BadRecord('kolom "forwarded_at" bukan waktu ISO 8601') from None
    if timezone.is_naive(forwarded_at):
        raise BadRecord('kolom "forwarded_at" tidak menyebut zona waktu')

    anonymous = _flag(record, "anonymous")
    confidential = _flag(record, "confidential")
    reporter = record.get("reporter")
    if reporter is not None and not isinstance(reporter, dict):
        raise BadRecord('kolom "reporter" harus objek')
    name = _text(reporter or {}, "name", label="reporter.name")[:NAME_LENGTH]
    return ForwardedReport(
        lapor_id=lapor_id,
        forwarded_at=forwarded_at,
        subject=subject,
        description=description,
        anonymous=anonymous,
        confidential=confidential,
        name="" if anonymous else name,
        category=_text(record, "category")[:100],
        related_number=_text(record, "registration_number")[:RELATED_LENGTH],
    )


def _text(record: dict, key: str, *, required: bool = False, label: str = "") -> str:
    value = record.get(key)
    label = label or key
    if value is None or value == "":
        if required:
            raise BadRecord(f'kolom "{label}" tidak ada')
        return ""
    if not isinstance(value, str):
        raise BadRecord(f'kolom "{label}" harus teks')
    value = _visible(value).strip()
    if required and not value:
        raise BadRecord(f'kolom "{label}" kosong')
    return value


def _flag(record: dict, key: str) -> bool:
    value = record.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise BadRecord(f'kolom "{key}" harus true atau false')
    return value


def _visible(value: str) -> str:
    """Without hidden characters (direction overrides, zero-width spaces, NUL).

    The web form refuses them (permits.validators); a record from LAPOR! has nobody to
    retype it, so they are taken out and the text shows on the desk as it is stored.
    """
    hidden = set(hidden_characters(value)) | {"\x00"}
    return "".join(character for character in value if character not in hidden)


# --- writing -----------------------------------------------------------------------------


def send_follow_up(lapor_id: str, kind: str, text: str, status: str, *, key: str = "") -> str:
    """Give LAPOR! a follow-up of one of its complaints; returns LAPOR!'s id for it (or "").

    `key` goes as the Idempotency-Key header: a follow-up sent again after an answer that was
    lost on the way is the same follow-up to LAPOR!.
    """
    body = json.dumps({"kind": kind, "status": status, "text": text}).encode()
    path = f"/complaints/{urllib.parse.quote(lapor_id, safe='')}/follow-ups"
    raw = _request("POST", path, body=body, key=key, lapor_id=lapor_id)
    try:
        answer = json.loads(raw) if raw.strip() else {}
        reference = answer.get("id", "") if isinstance(answer, dict) else ""
    except ValueError:
        reference = ""
    return str(reference)[:100] if isinstance(reference, str | int) else ""


# --- the wire ----------------------------------------------------------------------------


def _request(
    method: str, path: str, *, body: bytes | None = None, key: str = "", lapor_id: str = ""
) -> bytes:
    if not is_configured():
        raise LaporError(
            f"{SERVICE} belum dikonfigurasi di server (LAPOR_API_URL dan LAPOR_API_TOKEN).",
            retry=False,
        )
    headers = {
        "Authorization": f"Bearer {settings.LAPOR_API_TOKEN}",
        "Accept": "application/json",
    }
    if body is not None:
        headers["Content-Type"] = "application/json"
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(
        f"{settings.LAPOR_API_URL}{path}", data=body, headers=headers, method=method
    )
    timeout = settings.LAPOR_TIMEOUT
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise _refusal(error, lapor_id) from None
    except TimeoutError:
        raise _late(timeout) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise _late(timeout) from None
        raise LaporError(
            f"{SERVICE} tidak dapat dihubungi ({type(reason).__name__}).", retry=True
        ) from None
    if len(raw) > MAX_BYTES:
        raise LaporError(
            f"Jawaban {SERVICE} lebih dari {MAX_BYTES // (1024 * 1024)} MB; tidak dibaca.",
            retry=True,
            status=200,
        )
    return raw


def _late(timeout) -> LaporError:
    return LaporError(f"{SERVICE} tidak menjawab dalam {timeout} detik.", retry=True)


def _refusal(error: urllib.error.HTTPError, lapor_id: str) -> LaporError:
    status = error.code
    if status in (401, 403):
        return LaporError(
            f"Token {SERVICE} ditolak (LAPOR_API_TOKEN salah atau kedaluwarsa).",
            retry=False,
            status=status,
        )
    if status == 429:
        return LaporError(
            f"{SERVICE} membatasi jumlah permintaan; dicoba lagi nanti.", retry=True, status=status
        )
    if status >= 500:
        return LaporError(
            f"{SERVICE} sedang bermasalah (HTTP {status}).", retry=True, status=status
        )
    if status == 404 and lapor_id:
        return LaporError(
            f"{SERVICE} tidak mengenal laporan {lapor_id} (HTTP 404).", retry=False, status=status
        )
    detail = _detail(error)
    return LaporError(
        f"{SERVICE} menolak permintaan (HTTP {status}{': ' + detail if detail else ''}).",
        retry=False,
        status=status,
    )


def _detail(error: urllib.error.HTTPError) -> str:
    """LAPOR!'s own word on a refusal ({"error": {"message": ...}}), short and without the token."""
    try:
        body = json.loads(error.read(64 * 1024))
        message = body.get("error", {}).get("message", "")
    except (ValueError, AttributeError, OSError):
        return ""
    if not isinstance(message, str):
        return ""
    message = " ".join(_visible(message).split())[:200]
    token = settings.LAPOR_API_TOKEN
    return message.replace(token, "***") if token else message
