"""Writing the control card. Called by permits.services only."""

from datetime import timedelta

from django.utils import timezone

from tracking.models import ControlCardEntry


def actor_display_name(user) -> str:
    if user is None:
        return "Pemohon"
    return user.get_full_name() or user.get_username()


def record_entry(
    *,
    application,
    transition: str,
    from_status: str,
    to_status: str,
    actor,
    actor_role: str,
    since,
    comment: str = "",
    context: dict | None = None,
) -> ControlCardEntry:
    now = timezone.now()
    return ControlCardEntry.objects.create(
        application=application,
        transition=transition,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_name=actor_display_name(actor),
        actor_role=actor_role,
        comment=comment,
        context=context or {},
        created_at=now,
        duration=max(now - since, timedelta(0)),
    )
