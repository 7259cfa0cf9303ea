"""Uploaded scans and evidence, served only to staff through this view (never from a web root).

The applicant's uploads carry personal data (KTP, NPWP, deeds): only the roles
permits/access_policy.py gives them to may open them, only through the file they belong
to, and every opening is recorded (tracking.downloads).
"""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from office.access import staff_required
from permits import access_policy
from permits.models import CommitmentCheck, DeclaredFile, Handover, RequirementCheck
from permits.private_files import private_file_response, sniffed_type
from tracking.downloads import record_download
from tracking.models import Document

# kind in the URL → (model, file field, document)
DOCUMENT_KINDS = {
    "persyaratan": (RequirementCheck, "scan", Document.REQUIREMENT_SCAN),
    "komitmen": (CommitmentCheck, "evidence_file", Document.COMMITMENT_EVIDENCE),
    "kuasa": (Handover, "power_of_attorney", Document.POWER_OF_ATTORNEY),
    "isian": (DeclaredFile, "file", Document.DECLARED_FILE),
}


@staff_required
@require_http_methods(["GET"])
def download(request, pk: int, kind: str, item_id: int):
    if kind not in DOCUMENT_KINDS:
        raise Http404("Jenis dokumen tidak dikenal.")
    model, field_name, document = DOCUMENT_KINDS[kind]
    access_policy.refuse_unless_any(request.user, document)
    # The item must belong to the file in the URL: an id from another file is not found.
    item = (
        model.objects.filter(pk=item_id, application_id=pk)
        .select_related("application")
        .only(field_name, "application__status")
        .first()
    )
    stored = getattr(item, field_name, None)
    if not stored:
        raise Http404("Dokumen tidak ditemukan.")
    access_policy.refuse_unless(request.user, item.application.status, document)
    try:
        # The type is read from the bytes (uploads were checked the same way), not from the name.
        content_type, extension = sniffed_type(stored)
        response = private_file_response(
            stored,
            f"{kind}-{pk}-{item_id}.{extension}",
            as_attachment=False,
            content_type=content_type,
        )
    except FileNotFoundError:
        raise Http404("Dokumen tidak ditemukan.") from None
    record_download(request, document, application_id=pk, item_id=item_id)
    return response
