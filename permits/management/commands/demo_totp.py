"""Print the current sign-in code of a demo user (`make run` only), for testers without an app."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from permits.management.commands.seed_demo import DEMO_TOTP_KEY, DEMO_USERS
from permits.two_factor import REQUIRED_ROLES


class Command(BaseCommand):
    help = "Cetak kode verifikasi dua langkah saat ini untuk pengguna demo (hanya DEBUG=1)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="pengguna demo, mis. kabid, kadis atau umum")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp hanya untuk pengembangan (DEBUG=1).")
        if username not in {name for name, _, _ in DEMO_USERS}:
            raise CommandError(f"{username!r} bukan pengguna demo.")
        # Only the public demo key: a device a tester set up with their own key stays secret.
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=True, key=DEMO_TOTP_KEY
        ).first()
        if device is None:
            with_key = ", ".join(name for name, _, role in DEMO_USERS if role in REQUIRED_ROLES)
            raise CommandError(
                f"{username!r} tidak memakai kunci demo (yang memakainya: {with_key}; "
                "jalankan `manage.py seed_demo` dulu)."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = time.time()
        totp.time = now
        left = device.step - int(now - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"Berlaku {left} detik lagi.")
