"""WhatsApp Business Cloud API (Meta's Graph API): one template message, over plain HTTPS.

Configured from the environment (settings.WHATSAPP_*); off when the number id or the token is
missing. Every failure becomes a DeliveryError saying in Indonesian what went wrong, and
whether trying again later can help; the token never appears in a message.
"""

import json
import socket
import urllib.error
import urllib.request

from django.conf import settings

# Graph error codes: the token; rate limits; a recipient or template that will not work.
TOKEN_CODES = {190}
RATE_CODES = {4, 80007, 130429, 131048, 131056}
PERMANENT = {
    131026: "Nomor penerima bukan akun WhatsApp atau tidak dapat menerima pesan.",
    131009: "Nomor penerima tidak sah menurut WhatsApp.",
    100: "WhatsApp menolak isi pesan (parameter tidak sah).",
    132001: "Templat pesan WhatsApp tidak ada atau belum disetujui untuk bahasa ini.",
    132000: "Jumlah isian templat WhatsApp tidak sesuai dengan templat yang disetujui.",
}


class DeliveryError(Exception):
    def __init__(self, message: str, *, retry: bool, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.retry_after = retry_after


def is_configured() -> bool:
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_ACCESS_TOKEN)


def _parameter(text: str) -> str:
    # The Cloud API refuses new lines, tabs and runs of spaces in a body parameter.
    value = " ".join(str(text).split())
    if not value:
        raise ValueError("a WhatsApp template parameter may not be empty")
    return value


def message_body(*, to: str, template: str, parameters: list[str], language: str) -> dict:
    body = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to.lstrip("+"),
        "type": "template",
        "template": {"name": template, "language": {"code": language}},
    }
    if parameters:
        body["template"]["components"] = [
            {
                "type": "body",
                "parameters": [{"type": "text", "text": _parameter(p)} for p in parameters],
            }
        ]
    return body


def send_template(
    *, to: str, template: str, parameters: list[str], language: str | None = None
) -> str:
    """Send an approved template message; returns WhatsApp's message id ("wamid...")."""
    if not is_configured():
        raise DeliveryError("WhatsApp belum dikonfigurasi di server.", retry=False)
    body = message_body(
        to=to,
        template=template,
        parameters=parameters,
        language=language or settings.WHATSAPP_TEMPLATE_LANGUAGE,
    )
    request = urllib.request.Request(
        f"{settings.WHATSAPP_API_URL}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    timeout = settings.WHATSAPP_TIMEOUT
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raise _refusal(error) from None
    except TimeoutError:
        raise DeliveryError(f"WhatsApp tidak menjawab dalam {timeout} detik.", retry=True) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise DeliveryError(
                f"WhatsApp tidak menjawab dalam {timeout} detik.", retry=True
            ) from None
        raise DeliveryError(
            f"WhatsApp tidak dapat dihubungi ({type(reason).__name__}).", retry=True
        ) from None
    try:
        return str(json.loads(raw)["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise DeliveryError(
            "Jawaban WhatsApp tidak dapat dibaca; pesan mungkin belum terkirim.", retry=True
        ) from None


def _refusal(error: urllib.error.HTTPError) -> DeliveryError:
    try:
        detail = json.loads(error.read()).get("error", {})
    except (ValueError, AttributeError):
        detail = {}
    code = detail.get("code")
    retry_after = _seconds(error.headers.get("Retry-After"))
    if error.code in (401, 403) or code in TOKEN_CODES:
        return DeliveryError(
            "Token akses WhatsApp ditolak (WHATSAPP_ACCESS_TOKEN salah atau kedaluwarsa).",
            retry=False,
        )
    if error.code == 429 or code in RATE_CODES:
        return DeliveryError(
            "WhatsApp membatasi jumlah pesan; dicoba lagi nanti.",
            retry=True,
            retry_after=retry_after,
        )
    if error.code >= 500:
        return DeliveryError(f"WhatsApp sedang bermasalah (HTTP {error.code}).", retry=True)
    if code in PERMANENT:
        return DeliveryError(PERMANENT[code], retry=False)
    return DeliveryError(f"WhatsApp menolak pesan (HTTP {error.code}, kode {code}).", retry=False)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
