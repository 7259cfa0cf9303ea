"""SP4N-LAPOR!: its signed notifications (public, JSON) and the desk's "sync now" button.

LAPOR! posts to the notification address when something changed; Kendali checks the
signature (notices.signatures, HMAC-SHA256 over the timestamp and the body), refuses a message
seen before, and queues a sync, which reads from LAPOR! itself: the notification's body is not
trusted for anything. Every refusal is JSON {"error": {"code", "message"}}, never a 500.
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from complaints import access_policy, lapor, lapor_sync
from complaints.models import LaporNotification
from complaints.views.desk import desk_required
from notices import signatures

logger = logging.getLogger("kendali.lapor")

MAX_BODY = 64 * 1024
# A notification is refused after five minutes by its timestamp; its id is kept a day.
SEEN_FOR = timedelta(days=1)


def refusal(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@csrf_exempt
@login_not_required
def notification(request):
    if request.method != "POST":
        response = refusal(405, "method_not_allowed", "Hanya POST yang diterima di alamat ini.")
        response["Allow"] = "POST"
        return response
    secret = settings.LAPOR_WEBHOOK_SECRET
    if not secret:
        return refusal(
            503,
            "not_configured",
            "Notifikasi SP4N-LAPOR! belum diaktifkan di server ini (LAPOR_WEBHOOK_SECRET).",
        )
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return refusal(400, "bad_length", "Header Content-Length tidak sah.")
    if length > MAX_BODY:
        return refusal(413, "too_large", f"Isi pesan lebih dari {MAX_BODY // 1024} KB.")
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return refusal(413, "too_large", f"Isi pesan lebih dari {MAX_BODY // 1024} KB.")

    refused = signatures.check(secret, request.headers, body)
    if refused is not None:
        return refusal(refused.status, refused.code, refused.message)
    delivery_id = (request.headers.get(signatures.DELIVERY_HEADER) or "").strip()
    if not delivery_id or len(delivery_id) > 100:
        return refusal(
            400,
            "bad_delivery_id",
            f"Header {signatures.DELIVERY_HEADER} tidak ada atau lebih dari 100 karakter.",
        )
    if request.content_type != "application/json":
        return refusal(415, "not_json", "Isi pesan harus application/json.")
    try:
        payload = json.loads(body)
    except ValueError:
        return refusal(400, "malformed_json", "Isi pesan bukan JSON yang sah.")
    if not isinstance(payload, dict):
        return refusal(400, "malformed_json", "Isi pesan harus objek JSON.")

    digest = request.headers[signatures.SIGNATURE_HEADER].partition("=")[2]
    try:
        # Recorded with the request for a sync: a notification that was not taken is not
        # seen either, so LAPOR! may send it again.
        with transaction.atomic():
            LaporNotification.objects.create(delivery_id=delivery_id, signature=digest[:100])
            LaporNotification.objects.filter(received_at__lt=timezone.now() - SEEN_FOR).delete()
            lapor_sync.request_sync()
    except IntegrityError:
        return refusal(409, "replayed", "Pesan ini sudah pernah diterima.")
    except DatabaseError:
        logger.exception("Notifikasi SP4N-LAPOR! %s tidak dapat dicatat.", delivery_id)
        return refusal(503, "unavailable", "Server sedang tidak dapat memproses; coba lagi nanti.")
    logger.info(
        "SP4N-LAPOR! notification %s accepted (%s)",
        delivery_id,
        str(payload.get("event", "-"))[:50],
        extra={"event": "lapor.notification"},
    )
    return JsonResponse({"status": "accepted"}, status=202)


@desk_required
@require_http_methods(["POST"])
def sync_now(request):
    if not access_policy.may_record(request.user):
        raise PermissionDenied("Hanya petugas pengaduan yang dapat menyinkronkan SP4N-LAPOR!.")
    if not lapor.is_configured():
        messages.error(
            request, "SP4N-LAPOR! belum dikonfigurasi di server; tidak ada yang disinkronkan."
        )
    else:
        lapor_sync.request_sync()
        messages.success(
            request,
            "Sinkronisasi SP4N-LAPOR! dijalankan di latar belakang. Muat ulang halaman ini "
            "sebentar lagi untuk melihat hasilnya.",
        )
    return redirect("complaints:desk")
