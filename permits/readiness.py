"""What still stands between a file and a step, in the officer's words. Reads only.

The workflow table names each transition's conditions (workflow.table.Condition); the
`Application` method of the same name checks one, and `GAPS` says what is missing for it.
The file page lists the gaps instead of offering the step, the confirmation page shows them
instead of the button, and the transition service refuses with the same words, so what is
shown and what is enforced cannot disagree.
"""

from collections.abc import Callable

from office.roles import has_role
from permits.models import Application
from workflow.table import Condition, Transition, transitions_from


def gaps(application: Application, spec: Transition) -> list[str]:
    """What is missing before `spec` can be taken; empty when every condition holds."""
    return [
        gap
        for condition in spec.conditions
        if not getattr(application, condition.value)()
        for gap in GAPS[condition](application)
    ]


def steps_for(user, application: Application) -> tuple[list[Transition], list[dict]]:
    """The user's steps on the file: those that can be taken, and those still waiting for
    something ({"spec", "missing"}). Forward steps first, then returns, rejections and
    withdrawals; a step whose conditions do not hold is listed with what it misses."""
    mine = (t for t in transitions_from(application.status) if has_role(user, t.role))
    ready, not_yet = [], []
    for spec in sorted(mine, key=lambda spec: spec.tone != "primary"):
        missing = gaps(application, spec)
        if missing:
            not_yet.append({"spec": spec, "missing": missing})
        else:
            ready.append(spec)
    return ready, not_yet


def refusal(application: Application, spec: Transition) -> str:
    """The refusal of a step whose conditions do not hold, naming what is missing."""
    missing = gaps(application, spec)
    if not missing:
        return "Tindakan ini belum dapat dilakukan."
    return (
        f"\u201c{spec.staff_label}\u201d belum dapat dilakukan. Belum terpenuhi: "
        + "; ".join(missing)
        + "."
    )


def _requirements(application: Application) -> list[str]:
    missing = ", ".join(c.requirement.text for c in application.missing_requirements())
    return [f"Persyaratan belum lengkap: {missing}"]


def _kswp(application: Application) -> list[str]:
    return [
        "NPWP pemohon tidak lolos Konfirmasi Status Wajib Pajak (KSWP); standar pelayanan "
        "mensyaratkan NPWP yang memenuhi KSWP, kembalikan berkas kepada pemohon sebagai belum "
        "lengkap"
    ]


def _processing(application: Application) -> list[str]:
    found = [
        f"komitmen belum terverifikasi: {check.commitment.text}"
        for check in application.unverified_commitments()
    ]
    if application.needs_field_inspection():
        found.append("Berita Acara Pemeriksaan Lapangan (BAP) belum diisi")
    if not application.has_all_requirements():
        found.append("persyaratan administrasi belum lengkap")
    return found or ["komitmen belum tercatat untuk berkas ini"]


GAPS: dict[Condition, Callable[[Application], list[str]]] = {
    Condition.ALL_REQUIREMENTS: _requirements,
    Condition.NPWP_PASSES_KSWP: _kswp,
    Condition.READY_FOR_PROCESSING: _processing,
}
