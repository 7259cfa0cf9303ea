"""Uploaded scans and evidence, served only to staff through this view (never from a web root)."""

import filetype
from django.http import FileResponse, Http404
from django.views.decorators.http import require_http_methods

from permits.models import CommitmentCheck, RequirementCheck
from permits.validators import ALLOWED_UPLOADS
from permits.views.access import staff_required

# kind in the URL → (model, file field)
DOCUMENT_KINDS = {
    "persyaratan": (RequirementCheck, "scan"),
    "komitmen": (CommitmentCheck, "evidence_file"),
}


@staff_required
@require_http_methods(["GET"])
def download(request, pk: int, kind: str, item_id: int):
    if kind not in DOCUMENT_KINDS:
        raise Http404("Jenis dokumen tidak dikenal.")
    model, field_name = DOCUMENT_KINDS[kind]
    item = model.objects.filter(pk=item_id, application_id=pk).first()
    stored = getattr(item, field_name, None)
    if not stored:
        raise Http404("Dokumen tidak ditemukan.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Dokumen tidak ditemukan.") from None

    # The type is read from the bytes (uploads were checked the same way), not from the name.
    head = handle.read(8192)
    handle.seek(0)
    guessed = filetype.guess(head)
    content_type = (
        guessed.mime if guessed and guessed.mime in ALLOWED_UPLOADS else "application/octet-stream"
    )
    extension = ALLOWED_UPLOADS.get(content_type, "bin")
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=f"{kind}-{pk}-{item_id}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
