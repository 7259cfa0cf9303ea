"""Demo office for `make run`: one user per role and sample files at every status.

The files are walked through the real services at moments over the last twelve months
(permits.sample.walk_timelines): finished files once or twice a month, open files in the
last working days, some of them overdue and some due today in each queue that has a clock.

Safe to run again: users are created once, and files only when there are none.
Refuses to run with DEBUG off, because the demo passwords are public.
Kabid, Kepala Dinas, Bagian Umum and the administrator sign in with a second factor: their demo
devices share one public key (README, "Pengguna demo"); `manage.py demo_totp <user>` prints the
current code.
"""

import logging
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from notices.models import OPEN_STATUSES, Delivery
from notices.tasks import attempt
from office.calendar import WorkingCalendar, load_calendar
from office.models import OfficeProfile
from office.roles import Role
from permits.models import Application, Service, ServiceStandard
from permits.sample import DEMO_HEAD_NAME, DEMO_KABID_NAME, Timeline, walk_timelines, walk_to
from permits.standard_file import import_standard, read
from permits.two_factor import REQUIRED_ROLES
from tracking.deadlines import last_working_day
from workflow.table import Status

DEMO_PASSWORD = "kendali-demo-2026"
# The second service of the demo: a permit for individuals, from its shipped standard file.
SECOND_SERVICE_CODE = "sipb"
SECOND_SERVICE_FILE = Path(__file__).resolve().parents[3] / "data" / "services" / "sipb.yaml"
# The TOTP key of the demo devices: the bytes b"kendali-demo-2fa-oki", hex-encoded as django-otp
# stores it. In an authenticator app (base32): NNSW 4ZDB NRUS 2ZDF NVXS 2MTG MEWW 623J.
DEMO_TOTP_KEY = "6b656e64616c692d64656d6f2d3266612d6f6b69"

# username, full name, role
DEMO_USERS = [
    ("fo", "Rina Oktaviani", Role.FO),
    ("backoffice", "Hendra Wijaya", Role.BACK_OFFICE),
    ("kabid", "Drs. Syamsul Bahri, M.Si.", Role.KABID),
    ("kadis", "Ir. H. Ahmad Rizal, M.M.", Role.KEPALA_DINAS),
    ("umum", "Yuliana Sari", Role.BAGIAN_UMUM),
    ("sekretaris", "Dra. Hj. Nurhayati", Role.SEKRETARIS),
    ("pengaduan", "Fitri Handayani", Role.COMPLAINT_OFFICER),
    ("admin", "Administrator Kendali", Role.ADMIN),
]


class Planner:
    """Moments on working days, counted back from the latest working day up to today."""

    def __init__(self, calendar: WorkingCalendar, today: date):
        self.calendar = calendar
        self.latest = last_working_day(today, calendar)

    def back(self, days: int) -> date:
        """The working day `days` working days before the latest one (0: the latest)."""
        day = self.latest
        for _ in range(days):
            day -= timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= timedelta(days=1)
        return day

    def after(self, day: date, days: int) -> date:
        return self.calendar.add_working_days(day, days) if days else day

    def first_working_day(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def finished(
    plan: Planner,
    start: date,
    *,
    incomplete=False,
    returned=False,
    late=False,
    kabid_back=False,
    head_back=False,
    end: str = Status.HANDED_OVER,
) -> Timeline:
    """A file from registration to the status `end` (handed over, numbered, rejected, withdrawn)."""
    steps, day = [], start
    if incomplete:
        day = plan.after(start, 2)
        steps += [
            ("mark_incomplete", at(start, 8, 40)),
            ("complete", at(day, 9)),
        ]
    steps.append(("issue_receipt", at(day, 9, 30)))
    if end == Status.WITHDRAWN:
        return Timeline(at(start, 8, 15), [*steps, ("withdraw", at(plan.after(day, 1), 10))])
    if returned:
        steps.append(("return_for_correction", at(plan.after(day, 1), 10)))
        day = plan.after(day, 3)
        steps.append(("resubmit", at(day, 9)))
    if end == Status.REJECTED:
        return Timeline(at(start, 8, 15), [*steps, ("reject", at(plan.after(day, 1), 14))])
    day = plan.after(day, 4 if late else 1)
    steps += [("process", at(day, 14)), ("print_draft", at(day, 15))]
    if kabid_back:
        day = plan.after(day, 1)
        steps += [("send_back_by_kabid", at(day, 9)), ("print_draft", at(day, 10, 30))]
    day = plan.after(day, 1)
    if head_back:
        steps += [
            ("initial", at(day, 9, 30)),
            ("send_back_by_head", at(day, 11)),
            ("print_draft", at(day, 13)),
            ("initial", at(day, 14)),
            ("sign", at(day, 15)),
        ]
    else:
        steps += [("initial", at(day, 9, 30)), ("sign", at(day, 13, 30))]
    day = plan.after(day, 1)
    steps.append(("number", at(day, 9)))
    if end == Status.HANDED_OVER:
        steps.append(("hand_over", at(plan.after(day, 2), 10)))
    return Timeline(at(start, 8, 15), steps)


def demo_timelines(plan: Planner, today: date, service_days: int) -> list[Timeline]:
    """The demo files: a year of finished ones, and open ones at every step."""
    timelines = []
    # Finished files, one a month over the last eleven months (each permit is rendered and
    # signed, the slowest step of the demo, so there are not more).
    variants = [
        {"late": True},
        {},
        {"returned": True},
        {"end": Status.REJECTED},
        {"kabid_back": True},
        {},
        {"end": Status.WITHDRAWN},
        {"incomplete": True},
        {"head_back": True},
        {"returned": True, "end": Status.REJECTED},
        {"late": True, "kabid_back": True},
    ]
    for months_ago, variant in zip(range(11, 0, -1), variants, strict=True):
        year, month = today.year, today.month - months_ago
        while month < 1:
            year, month = year - 1, month + 12
        start = plan.first_working_day(date(year, month, 5 + 3 * (months_ago % 5)))
        timelines.append(finished(plan, start, **variant))
    # Ready for the applicant to collect (FO: hand over).
    timelines.append(finished(plan, plan.back(8), end=Status.NUMBERED))

    n = max(service_days, 2)  # the plan needs a working day between receipt and due date
    due_today, overdue = plan.back(n), plan.back(n + 2)
    yesterday = plan.back(1)
    receipt = ("issue_receipt",)
    # FO: two files registered and not yet receipted, one back with the applicant.
    timelines += [
        Timeline(at(yesterday, 14, 10)),
        Timeline(at(yesterday, 15, 20)),
        Timeline(at(plan.back(2), 10), [("mark_incomplete", at(plan.back(2), 10, 30))]),
    ]
    # Back office: receipted files overdue, due today and on time; one with the applicant;
    # one processed (draft to print) and overdue.
    timelines += [
        Timeline(at(overdue, 8, 30), [(*receipt, at(overdue, 9))]),
        Timeline(at(due_today, 8, 30), [(*receipt, at(due_today, 9, 15))]),
        Timeline(at(yesterday, 9), [(*receipt, at(yesterday, 9, 30))]),
        Timeline(
            at(plan.back(4), 9),
            [(*receipt, at(plan.back(4), 9, 30)), ("return_for_correction", at(plan.back(3), 11))],
        ),
        Timeline(
            at(plan.back(n + 1), 9),
            [(*receipt, at(plan.back(n + 1), 9, 30)), ("process", at(yesterday, 10))],
        ),
    ]
    # Kabid: a draft due today, and one overdue that Kabid sent back once.
    timelines += [
        Timeline(
            at(due_today, 10),
            [
                (*receipt, at(due_today, 10, 20)),
                ("process", at(yesterday, 9)),
                ("print_draft", at(yesterday, 10)),
            ],
        ),
        Timeline(
            at(overdue, 10),
            [
                (*receipt, at(overdue, 10, 20)),
                ("process", at(plan.back(n), 14)),
                ("print_draft", at(plan.back(n), 15)),
                ("send_back_by_kabid", at(plan.back(n - 1), 9)),
                ("print_draft", at(plan.back(n - 1), 11)),
            ],
        ),
    ]
    # Kepala Dinas: a draft initialed, on time; Bagian Umum: a signed permit due today.
    timelines += [
        Timeline(
            at(plan.back(2), 8, 30),
            [
                (*receipt, at(plan.back(2), 9)),
                ("process", at(yesterday, 9)),
                ("print_draft", at(yesterday, 10)),
                ("initial", at(yesterday, 13)),
            ],
        ),
        Timeline(
            at(due_today, 11),
            [
                (*receipt, at(due_today, 11, 15)),
                ("process", at(plan.back(n - 1), 10)),
                ("print_draft", at(plan.back(n - 1), 11)),
                ("initial", at(yesterday, 13)),
                ("sign", at(yesterday, 14, 30)),
            ],
        ),
    ]
    return timelines


class Command(BaseCommand):
    help = "Isi data demo: satu pengguna per peran dan berkas contoh di setiap tahap."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo hanya untuk pengembangan (DEBUG=1): kata sandinya publik."
            )
        # Each sample step logs one transition line; a hundred of them would bury the summary.
        # The levels come back afterwards: the command also runs inside other processes (tests).
        quiet = [logging.getLogger(name) for name in ("permits.services", "complaints.services")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:
            logger.setLevel(logging.WARNING)
        try:
            self._seed()
        finally:
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)

    def _seed(self):
        with transaction.atomic():
            staff = self._users()
            demo_devices(staff)
            self._office_officials()
        if Application.objects.exists():
            self.stdout.write("Berkas demo sudah ada; tidak ada yang ditambahkan.")
            return
        today = timezone.localdate()
        service_days = ServiceStandard.objects.current().service_days
        timelines = demo_timelines(Planner(load_calendar(), today), today, service_days)
        files = walk_timelines(
            timelines, staff=staff, password=DEMO_PASSWORD, rng=random.Random(2026)
        )
        self.stdout.write(self.style.SUCCESS(f"{len(files)} berkas demo dibuat."))
        self._second_service(staff)
        call_command("seed_complaints_demo", stdout=self.stdout)
        # The demo's past notices go out now, through this command's mail backend (`make`
        # gives it the dummy one), not to the console of the first `make run`.
        for delivery_id in Delivery.objects.filter(status__in=OPEN_STATUSES).values_list(
            "pk", flat=True
        ):
            attempt(delivery_id)

    def _second_service(self, staff: dict[Role, User]) -> None:
        """The shipped Surat Izin Praktik Bidan beside the IUPI, with a few files of it, so
        that the FO picks a service at intake and the desk shows more than one."""
        if not Service.objects.filter(code=SECOND_SERVICE_CODE).exists():
            import_standard(read(SECOND_SERVICE_FILE.read_text(encoding="utf-8"), "yaml"))
        standard = ServiceStandard.objects.in_force(SECOND_SERVICE_CODE)
        for index, status in enumerate(
            (Status.SUBMITTED, Status.RECEIPTED, Status.PROCESSED, Status.NUMBERED)
        ):
            walk_to(
                status,
                staff=staff,
                password=DEMO_PASSWORD,
                rng=random.Random(index),
                index=500 + index,
                standard=standard,
                note="",  # none of these steps asks for one
            )
        self.stdout.write(f"Layanan {standard.service.name} dengan 4 berkas demo ditambahkan.")

    def _users(self) -> dict[Role, User]:
        staff = {}
        for username, full_name, role in DEMO_USERS:
            first, _, last = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if role == Role.ADMIN:
                    user.is_staff = user.is_superuser = True
                user.save()
                user.groups.add(Group.objects.get(name=role.value))
                self.stdout.write(f"Pengguna {username} ({role.label}) dibuat.")
            staff[role] = user
        return staff

    def _office_officials(self) -> None:
        office = OfficeProfile.current()
        if not office.head_name:
            office.head_name = DEMO_HEAD_NAME
            office.head_nip = "196805121994031007"
            office.kabid_name = DEMO_KABID_NAME
            office.kabid_nip = "197203151998031004"
            office.save()


def demo_devices(staff: dict[Role, User]) -> None:
    """A confirmed TOTP device with the public demo key for each role that requires one,
    unless the user already set up their own."""
    for role in REQUIRED_ROLES:
        user = staff[role]
        if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)
