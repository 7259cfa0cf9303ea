"""Demo office for `make run`: one user per role and sample files at every status.

Safe to run again: users are created once, and files only when there are none.
Refuses to run with DEBUG off, because the demo passwords are public.
Kabid, Kepala Dinas, Bagian Umum and the administrator sign in with a second factor: their demo
devices share one public key (README, "Pengguna demo"); `manage.py demo_totp <user>` prints the
current code.
"""

import logging
import random

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.models import OfficeProfile
from office.roles import Role
from permits.models import Application
from permits.sample import walk_to
from permits.two_factor import REQUIRED_ROLES
from workflow.table import Status

DEMO_PASSWORD = "kendali-demo-2026"
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

# How many demo files to leave at each status.
DEMO_FILES = {
    Status.SUBMITTED: 2,
    Status.INCOMPLETE: 1,
    Status.RECEIPTED: 2,
    Status.RETURNED: 1,
    Status.PROCESSED: 1,
    Status.PRINTED: 1,
    Status.INITIALED: 1,
    Status.SIGNED: 1,
    Status.NUMBERED: 1,
    Status.HANDED_OVER: 2,
    Status.REJECTED: 1,
    Status.WITHDRAWN: 1,
}


class Command(BaseCommand):
    help = "Isi data demo: satu pengguna per peran dan berkas contoh di setiap tahap."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo hanya untuk pengembangan (DEBUG=1): kata sandinya publik."
            )
        # Each sample step logs one transition line; a hundred of them would bury the summary.
        for name in ("permits.services", "complaints.services"):
            logging.getLogger(name).setLevel(logging.WARNING)
        with transaction.atomic():
            staff = self._users()
            demo_devices(staff)
            self._office_officials()
        if Application.objects.exists():
            self.stdout.write("Berkas demo sudah ada; tidak ada yang ditambahkan.")
            return
        rng = random.Random(2026)
        index = 0
        for status, count in DEMO_FILES.items():
            for _ in range(count):
                walk_to(status, staff=staff, password=DEMO_PASSWORD, rng=rng, index=index)
                index += 1
        self.stdout.write(self.style.SUCCESS(f"{index} berkas demo dibuat."))
        call_command("seed_complaints_demo", stdout=self.stdout)

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
            office.head_name = "Ir. H. Ahmad Rizal, M.M."
            office.head_nip = "196805121994031007"
            office.kabid_name = "Drs. Syamsul Bahri, M.Si."
            office.kabid_nip = "197203151998031004"
            office.save()


def demo_devices(staff: dict[Role, User]) -> None:
    """A confirmed TOTP device with the public demo key for each role that requires one,
    unless the user already set up their own."""
    for role in REQUIRED_ROLES:
        user = staff[role]
        if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)
