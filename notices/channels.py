"""The channels a delivery goes out on: e-mail (Django's mail backend) and WhatsApp (Cloud API).

Each returns the provider's message id (empty for e-mail) or raises DeliveryError saying, in
Indonesian, what went wrong and whether trying again later may help.
"""

import smtplib

from django.core.mail import EmailMultiAlternatives

from notices import whatsapp
from notices.models import Channel, Delivery


class DeliveryError(Exception):
    def __init__(self, message: str, *, retry: bool, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.retry_after = retry_after


def send(delivery: Delivery) -> str:
    if delivery.channel == Channel.EMAIL:
        return _email(delivery)
    if delivery.channel == Channel.WHATSAPP:
        return _whatsapp(delivery)
    raise DeliveryError(f"Kanal {delivery.channel!r} tidak dikenal.", retry=False)


def _email(delivery: Delivery) -> str:
    payload = delivery.payload
    message = EmailMultiAlternatives(
        subject=payload.get("subject", ""),
        body=payload.get("text", ""),
        to=[delivery.recipient],
        reply_to=payload.get("reply_to") or None,
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        raise DeliveryError(
            f"Server surat menolak alamat {delivery.recipient}.", retry=False
        ) from None
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError(
            "Server surat menolak nama pengguna atau kata sandi (EMAIL_HOST_USER).", retry=True
        ) from None
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise DeliveryError(
            f"Server surat tidak dapat dihubungi atau menolak pesan: {error}", retry=True
        ) from None
    return ""


def _whatsapp(delivery: Delivery) -> str:
    payload = delivery.payload
    try:
        return whatsapp.send_template(
            to=delivery.recipient,
            template=payload["template"],
            parameters=list(payload.get("parameters", [])),
        )
    except whatsapp.DeliveryError as error:
        raise DeliveryError(
            error.message, retry=error.retry, retry_after=error.retry_after
        ) from None
