"""What the systems around the office hear about a file: its webhook events (docs/webhooks.md).

Called by permits.services inside the step's transaction: `publish_registered` at step 1
(file.received), `publish_step` at every committed transition (file.step, and permit.issued
when the step's row in workflow/table.py says the permit is ready: Event.READY, numbering).
notices.webhooks records one delivery per subscribed endpoint; nothing here can fail the step.

The data are split: `public` goes to every endpoint (numbers, service, status, step, dates);
`personal` only to an endpoint allowed personal data (the applicant's name, NIK or passport,
NPWP, e-mail, telephone, address; the company's name, address and NIB; the officer's note,
which may quote any of those). The tracking code and the declared fields are never sent.
"""

from notices import webhooks
from notices.models import WebhookEvent
from permits.models import Application, Permit
from tracking.models import ControlCardEntry, FileClock
from workflow.table import CARD_TRANSITIONS, REGISTER, STEP_OF_STATUS, Event, Transition


def publish_registered(application: Application) -> None:
    """file.received: a file registered at the counter (step 1)."""
    if not webhooks.subscribed([WebhookEvent.FILE_RECEIVED]):
        return
    with webhooks.never_failing(f"berkas {application.registration_number}"):
        public, personal = file_data(application, transition=REGISTER.name, from_status="", note="")
        webhooks.publish(
            WebhookEvent.FILE_RECEIVED,
            public=public,
            personal=personal,
            dedupe_key=f"application:{application.pk}",
            occurred_at=application.created_at,
        )


def publish_step(application: Application, spec: Transition, entry: ControlCardEntry) -> None:
    """file.step for every committed transition; permit.issued with the one that issues it."""
    events = [WebhookEvent.FILE_STEP]
    if spec.event == Event.READY:
        events.append(WebhookEvent.PERMIT_ISSUED)
    wanted = webhooks.subscribed(events)
    if not wanted:
        return
    with webhooks.never_failing(f"berkas {application.registration_number}"):
        public, personal = file_data(
            application,
            transition=entry.transition,
            from_status=entry.from_status,
            note=entry.comment,
        )
        for event in wanted:
            webhooks.publish(
                event,
                public=public,
                personal=personal,
                dedupe_key=f"entry:{entry.pk}",
                occurred_at=entry.created_at,
            )


def file_data(
    application: Application, *, transition: str, from_status: str, note: str
) -> tuple[dict, dict]:
    """(public, personal) data of the file as it stands after `transition`."""
    standard = application.standard
    clock = FileClock.objects.filter(application_id=application.pk).first()
    permit = Permit.objects.filter(application_id=application.pk).first()
    spec = CARD_TRANSITIONS.get(transition)
    public = {
        "registration_number": application.registration_number,
        "service_code": standard.service.code,
        "service_name": standard.service.name,
        "service_version": standard.version,
        "status": application.status,
        "status_label": application.get_status_display(),
        "from_status": from_status or None,
        "step": STEP_OF_STATUS.get(application.status) or STEP_OF_STATUS.get(from_status),
        "transition": transition,
        "transition_label": spec.applicant_label if spec else transition,
        "registered_at": application.created_at,
        "status_changed_at": application.status_changed_at,
        "received_at": clock.received_at if clock else None,
        "due_on": clock.due_on if clock else None,
        "service_days": standard.service_days,
        "permit_number": permit.number if permit else None,
        "permit_issued_on": permit.issued_on if permit else None,
    }
    applicant = application.applicant
    personal = {
        "applicant": {
            "kind": applicant.kind,
            "name": applicant.name,
            "nik": applicant.nik,
            "passport_number": applicant.passport_number,
            "nationality": applicant.nationality,
            "npwp": applicant.npwp,
            "email": applicant.email,
            "phone": applicant.phone,
            "address": applicant.address,
        },
        "company": {
            "name": application.company_name,
            "address": application.company_address,
            "nib": application.nib,
        },
        "note": note,
    }
    return public, personal
