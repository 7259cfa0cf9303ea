"""Writing the control card. Called by permits.services only, inside its transaction.

Each entry also moves the file's service-time clock (FileClock) and adds the step to
the pre-counted figures (Tally), so pages read those instead of the whole history.
The ledger knows no service standard: the transition service hands it the service time.
"""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from office.calendar import load_calendar
from tracking import tallies
from tracking.clocks import Step, apply_step, fold
from tracking.models import ControlCardEntry, FileClock
from workflow.table import REGISTER


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
    service_days: Callable[[], int],
    service_id: int | None = None,
    comment: str = "",
    context: dict | None = None,
) -> ControlCardEntry:
    """Append the step and move the clock. `service_days` gives the standard's service time
    (working days); it is asked only when the step starts a clock or folds an older file.
    `service_id` (the file's service) files the step's figures under that service too."""
    now = timezone.now()
    entry = ControlCardEntry.objects.create(
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
    _advance_clock(entry, service_days, service_id)
    return entry


def _advance_clock(
    entry: ControlCardEntry, service_days: Callable[[], int], service_id: int | None
) -> None:
    calendar = load_calendar()
    clock = FileClock.objects.filter(application_id=entry.application_id).first()
    if clock is None:
        clock = FileClock(application_id=entry.application_id)
        if entry.transition != REGISTER.name:
            # A file from before the clocks existed: fold what came before this step.
            earlier = ControlCardEntry.objects.filter(application_id=entry.application_id)
            fold(
                clock,
                [_step(e) for e in earlier.exclude(pk=entry.pk).order_by("created_at", "pk")],
                calendar=calendar,
                service_days=service_days(),
            )
    counts = apply_step(clock, _step(entry), calendar=calendar, service_days=service_days)
    clock.save(force_insert=clock._state.adding)
    tallies.add(counts, service_id=service_id)


def _step(entry: ControlCardEntry) -> Step:
    return Step(
        entry.transition,
        entry.from_status,
        entry.to_status,
        entry.actor_id,
        entry.created_at,
        entry.duration,
    )
