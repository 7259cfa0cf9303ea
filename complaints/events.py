"""What the systems around the office hear about a complaint: complaint.closed (docs/webhooks.md).

Called by complaints.services inside the action's transaction: a complaint that reaches a
final status (closed, not the office's matter, a duplicate) is published once. notices.webhooks
records one delivery per subscribed endpoint; nothing here can fail the action.

`public` goes to every endpoint: the service, category, channel, final status and dates, and
the complaint's internal id. `personal` only to an endpoint allowed personal data: the ticket
(it opens the public status page, so it is treated as a secret of the complainant's), and the
complainant's name, e-mail, telephone and related file, never for an anonymous complaint or
one whose identity is kept confidential.
"""

from complaints.models import Complaint, ComplaintEvent
from complaints.workflow import DECLINED_STATUSES, ComplaintStatus
from notices import webhooks
from notices.models import WebhookEvent

FINAL_STATUSES = frozenset({ComplaintStatus.CLOSED, *DECLINED_STATUSES})


def publish_action(complaint: Complaint, event: ComplaintEvent) -> None:
    """complaint.closed when the action has brought the complaint to a final status."""
    if complaint.status not in FINAL_STATUSES:
        return
    if not webhooks.subscribed([WebhookEvent.COMPLAINT_CLOSED]):
        return
    with webhooks.never_failing(f"pengaduan id={complaint.pk}"):
        public, personal = complaint_data(complaint)
        webhooks.publish(
            WebhookEvent.COMPLAINT_CLOSED,
            public=public,
            personal=personal,
            dedupe_key=f"complaint:{complaint.pk}",
            occurred_at=event.created_at,
        )


def complaint_data(complaint: Complaint) -> tuple[dict, dict]:
    service = complaint.service
    tier = complaint.tier
    public = {
        "complaint_id": complaint.pk,
        "service_code": service.code if service else None,
        "service_name": service.name if service else None,
        "category": complaint.category,
        "category_label": complaint.get_category_display(),
        "channel": complaint.channel,
        "channel_label": complaint.get_channel_display(),
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "tier": tier.code if tier else None,
        "received_on": complaint.received_on,
        "verified_on": complaint.verified_on,
        "due_on": complaint.due_on,
        "replied_at": complaint.replied_at,
        "closed_at": complaint.closed_at,
        "status_changed_at": complaint.status_changed_at,
    }
    personal: dict = {"ticket": complaint.ticket}
    if not complaint.hides_identity:
        related = complaint.related_application
        personal["complainant"] = {
            "name": complaint.name,
            "email": complaint.email,
            "phone": complaint.phone,
        }
        personal["related_registration_number"] = related.registration_number if related else None
    return public, personal
