"""Checklist work that does not move the file: the FO's requirement checks and the
back office's commitment verification and field inspection (BAP).

Each edit is allowed only to its role and only while the file is at the step
where that work happens; the row is locked so two officers cannot interleave.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from office.roles import Role, has_role
from permits.models import (
    Application,
    CommitmentCheck,
    CommitmentType,
    FieldInspection,
    RequirementCheck,
)
from permits.services import TransitionError
from workflow.table import Status

REQUIREMENTS_EDITABLE = frozenset({Status.SUBMITTED, Status.INCOMPLETE})
VERIFICATION_EDITABLE = frozenset({Status.RECEIPTED})

IUI_COMMITMENT = CommitmentType.IUI  # its number and date are the IUI typed at intake
FIELD_INSPECTION_COMMITMENT = CommitmentType.FIELD_INSPECTION  # its evidence is the BAP
BAP_REFERENCE = "BAP pemeriksaan lapangan"


def can_edit_requirements(user, application: Application) -> bool:
    return has_role(user, Role.FO) and application.status in REQUIREMENTS_EDITABLE


def can_verify(user, application: Application) -> bool:
    return has_role(user, Role.BACK_OFFICE) and application.status in VERIFICATION_EDITABLE


def _lock(application_id: int, allowed: frozenset, role: Role, actor) -> Application:
    if not has_role(actor, role):
        raise PermissionDenied("Peran Anda tidak berwenang mengubah data ini.")
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.status not in allowed:
        raise TransitionError(
            "Data ini tidak dapat diubah pada berkas berstatus "
            f"\u201c{application.get_status_display()}\u201d."
        )
    return application


def update_requirement_checks(
    *,
    actor,
    application_id: int,
    checks: list[RequirementCheck],
    kswp: tuple[str, date] | None = None,
):
    """Save the FO's checklist (present / note / scan) and, if given, a new KSWP check
    (result, date; stamped with the officer) as one unit."""
    with transaction.atomic():
        application = _lock(application_id, REQUIREMENTS_EDITABLE, Role.FO, actor)
        if kswp is not None:
            applicant = application.applicant
            applicant.kswp_result, applicant.kswp_checked_on = kswp
            applicant.kswp_checked_by = actor
            applicant.save(update_fields=["kswp_result", "kswp_checked_on", "kswp_checked_by"])
        now = timezone.now()
        for check in checks:
            if check.application_id != application_id:
                raise PermissionDenied("Persyaratan bukan milik berkas ini.")
            check.checked_by = actor
            check.checked_at = now
            check.save()


def verify_commitment(*, actor, check: CommitmentCheck) -> CommitmentCheck:
    """Save the evidence of one commitment item; stamp who verified it and when."""
    with transaction.atomic():
        _lock(check.application_id, VERIFICATION_EDITABLE, Role.BACK_OFFICE, actor)
        if check.verified:
            check.verified_by = actor
            check.verified_at = timezone.now()
        else:
            check.verified_by = None
            check.verified_at = None
        check.save()
    return check


def is_verified_by_bap(check: CommitmentCheck) -> bool:
    """The field-inspection commitment: the BAP is its evidence, no upload is asked."""
    return check.commitment.code == FIELD_INSPECTION_COMMITMENT


def record_field_inspection(*, actor, inspection: FieldInspection) -> FieldInspection:
    """Save the BAP and, with it, verify the field-inspection commitment from it.

    The commitment's reference is the BAP and its date the inspection's; who recorded the
    BAP is who verified it. Editing the BAP stamps it again.
    """
    with transaction.atomic():
        _lock(inspection.application_id, VERIFICATION_EDITABLE, Role.BACK_OFFICE, actor)
        inspection.recorded_by = actor
        inspection.save()
        CommitmentCheck.objects.filter(
            application_id=inspection.application_id,
            commitment__code=FIELD_INSPECTION_COMMITMENT,
        ).update(
            reference_number=BAP_REFERENCE,
            evidence_date=inspection.inspected_on,
            verified=True,
            verified_by=actor,
            verified_at=timezone.now(),
        )
    return inspection
