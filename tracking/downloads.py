"""Recording who downloaded which document: one INSERT per download, nothing read first.

Called by the views once every check has passed and the file is known to be there, so a
refused or failed download leaves no row. The IKM report downloads are not recorded: they
are figures about the office, not documents about a person.

The public download proves itself with the registration number and the tracking code. The
code is a secret (it opens the file's tracking page and the permit), so the log keeps a
keyed fingerprint of it (HMAC-SHA256 with SECRET_KEY, 16 hex characters), not the code or a
part of it: whoever reads the log cannot use it, while an auditor holding a code can check
whether that code was the one used (`code_fingerprint(code) == row.tracking_code_hint`).
"""

import ipaddress

from django.utils import timezone
from django.utils.crypto import salted_hmac

from tracking.models import Document, DocumentDownload

_FINGERPRINT_SALT = "kendali.tracking.DocumentDownload.tracking_code"


def code_fingerprint(tracking_code: str) -> str:
    normalized = tracking_code.strip().upper()
    return salted_hmac(_FINGERPRINT_SALT, normalized, algorithm="sha256").hexdigest()[:16]


def client_address(request) -> str | None:
    """REMOTE_ADDR (behind a proxy, the proxy must set it to the client's address)."""
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def record_download(
    request,
    document: Document,
    *,
    application_id: int | None = None,
    complaint_id: int | None = None,
    item_id: int | None = None,
    tracking_code: str = "",
) -> DocumentDownload:
    """Append one row: the logged-in user, or for the public download the code's fingerprint."""
    staff = request.user if request.user.is_authenticated and not tracking_code else None
    return DocumentDownload.objects.create(
        document=document,
        application_id=application_id,
        complaint_id=complaint_id,
        item_id=item_id,
        user=staff,
        tracking_code_hint=code_fingerprint(tracking_code) if tracking_code else "",
        address=client_address(request),
        downloaded_at=timezone.now(),
    )
