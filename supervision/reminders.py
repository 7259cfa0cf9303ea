"""Deadline reminders: each officer gets the files due today or overdue in their queue,
each Kabid a summary of all of them. Meant for a daily cron job.

A `ReminderLog` row per (user, day, kind) is written in the same transaction as the
mail is sent, so a second run on the same day sends nothing twice, and a mail that
failed is tried again on the next run.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from office.calendar import WorkingCalendar, load_calendar
from office.models import OfficeProfile
from office.roles import Role
from supervision.figures import STEP_TITLES
from tracking.deadlines import last_working_day
from tracking.models import ClockState, FileClock, ReminderLog
from workflow.table import Status, position, statuses_waiting_for

logger = logging.getLogger("kendali.mail")


@dataclass(frozen=True)
class DueFile:
    application_id: int
    registration_number: str
    company_name: str
    status: str
    status_label: str
    step: int | None
    step_title: str
    due_on: date
    days_late: int  # 0: due today
    holders: tuple[str, ...]  # the roles whose queue it is in
    url: str


@dataclass
class Outcome:
    sent: list[tuple[str, str]] = field(default_factory=list)  # (username, kind)
    already_sent: int = 0
    without_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped_day: bool = False


def due_files(today: date, calendar: WorkingCalendar) -> list[DueFile]:
    """Files with the office whose due date is today or past, longest overdue first."""
    reference = last_working_day(today, calendar)
    clocks = (
        FileClock.objects.filter(state=ClockState.RUNNING, due_on__lte=today)
        .select_related("application")
        .order_by("due_on", "application_id")
    )
    files = []
    for clock in clocks:
        application = clock.application
        step = position(application.status)[1]
        late = calendar.working_days_between(clock.due_on, today) if clock.due_on < reference else 0
        files.append(
            DueFile(
                application_id=application.pk,
                registration_number=application.registration_number,
                company_name=application.company_name,
                status=application.status,
                status_label=Status(application.status).label,
                step=step,
                step_title=STEP_TITLES.get(step, ""),
                due_on=clock.due_on,
                days_late=late,
                holders=tuple(
                    role.label for role in Role if application.status in statuses_waiting_for(role)
                ),
                url=settings.PUBLIC_BASE_URL + reverse("application_detail", args=[application.pk]),
            )
        )
    return files


def _users_by_role() -> dict[str, list]:
    users = get_user_model().objects.filter(is_active=True).prefetch_related("groups")
    by_role: dict[str, list] = {}
    for user in users.filter(groups__name__in=Role.values).distinct().order_by("username"):
        for group in user.groups.all():
            by_role.setdefault(group.name, []).append(user)
    return by_role


def send_deadline_reminders(
    *, today: date, calendar: WorkingCalendar | None = None, force: bool = False
) -> Outcome:
    calendar = calendar or load_calendar()
    outcome = Outcome()
    if not force and not calendar.is_working_day(today):
        outcome.skipped_day = True
        return outcome
    files = due_files(today, calendar)
    if not files:
        return outcome
    by_role = _users_by_role()
    office = OfficeProfile.current()
    done = set(ReminderLog.objects.filter(sent_on=today).values_list("user_id", "kind"))

    # Officers: the files in the queues of all the roles they hold.
    queues: dict[int, tuple[object, set[str]]] = {}
    for role in Role:
        statuses = statuses_waiting_for(role)
        for user in by_role.get(role.value, ()) if statuses else ():
            queues.setdefault(user.pk, (user, set()))[1].update(statuses)
    for user, statuses in queues.values():
        theirs = [f for f in files if f.status in statuses]
        if theirs:
            _send_once(
                outcome,
                done,
                user,
                today,
                ReminderLog.Kind.OFFICER,
                "reminder",
                {
                    "files": theirs,
                    "overdue": [f for f in theirs if f.days_late],
                    "due_today": [f for f in theirs if not f.days_late],
                },
                office,
            )

    # Kabid: every file due or overdue, with who holds it.
    summary = {
        "files": files,
        "overdue": [f for f in files if f.days_late],
        "due_today": [f for f in files if not f.days_late],
        "dashboard_url": settings.PUBLIC_BASE_URL + reverse("supervision"),
    }
    for user in by_role.get(Role.KABID.value, ()):
        _send_once(
            outcome,
            done,
            user,
            today,
            ReminderLog.Kind.SUMMARY,
            "reminder_summary",
            summary,
            office,
        )
    return outcome


def _send_once(outcome, done, user, today, kind, template, context, office) -> None:
    if (user.pk, kind) in done:
        outcome.already_sent += 1
        return
    if not user.email:
        outcome.without_email.append(user.get_username())
        return
    context = {
        **context,
        "recipient": user.get_full_name() or user.get_username(),
        "today": today,
        "office": office,
    }
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=user, sent_on=today, kind=kind, files=len(context["files"])
            )
            _mail(user.email, template, context, office)
    except IntegrityError:
        # Another run sent it a moment ago.
        outcome.already_sent += 1
        return
    except Exception:
        logger.exception("Pengingat tenggat untuk %s gagal dikirim.", user.get_username())
        outcome.failed.append(user.get_username())
        return
    done.add((user.pk, kind))
    outcome.sent.append((user.get_username(), kind))


def _mail(to: str, template: str, context: dict, office) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        reply_to=[office.email] if office.email else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()
