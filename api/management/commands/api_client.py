"""Register, list and switch off API clients from the shell (the admin does the same).

    manage.py api_client add "Dasbor Bappeda" --scope files --scope figures --days 365 \\
        --address 10.12.0.0/24
    manage.py api_client list
    manage.py api_client off "Dasbor Bappeda"

`add` prints the token once; Kendali keeps only its digest. `demo` (DEBUG only, run by
`make run`) registers "Klien demo" with the README's known token and every non-personal scope.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api import tokens
from api.models import Client
from api.scopes import Scope

DEMO_NAME = "Klien demo"
DEMO_TOKEN = "kdl_demo-kendali-2026"


class Command(BaseCommand):
    help = "Mendaftarkan, menampilkan dan menonaktifkan klien API."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Daftarkan klien dan cetak tokennya sekali.")
        add.add_argument("name")
        add.add_argument("--scope", action="append", choices=Scope.values, required=True)
        add.add_argument("--days", type=int, default=365, help="Masa berlaku token (hari).")
        add.add_argument("--address", action="append", default=[], help="IP atau CIDR.")
        add.add_argument("--per-minute", type=int, default=120)
        add.add_argument("--contact", default="")
        sub.add_parser("list", help="Daftar klien.")
        off = sub.add_parser("off", help="Nonaktifkan klien (tokennya langsung ditolak).")
        off.add_argument("name")
        sub.add_parser("demo", help="Klien demo dengan token README (hanya DEBUG=1).")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _add(self, *, name, scope, days, address, per_minute, contact, **_):
        if days < 1:
            raise CommandError("--days harus sedikitnya 1.")
        client = Client(
            name=name,
            contact=contact,
            scopes=sorted(set(scope)),
            expires_at=timezone.now() + timedelta(days=days),
            allowed_addresses="\n".join(address),
            calls_per_minute=per_minute,
        )
        token = client.set_new_token()
        try:
            client.full_clean()
        except ValidationError as error:
            problems = (f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            raise CommandError("; ".join(problems)) from None
        client.save()
        self.stdout.write(f"Klien \u201c{name}\u201d terdaftar. Token (hanya ditampilkan sekali):")
        self.stdout.write(token)

    def _demo(self, **_):
        if not settings.DEBUG:
            raise CommandError("Klien demo hanya dibuat saat DEBUG=1.")
        Client.objects.update_or_create(
            name=DEMO_NAME,
            defaults={
                "token_digest": tokens.digest(DEMO_TOKEN),
                "token_shown": tokens.shown_part(DEMO_TOKEN),
                "scopes": [s for s in Scope.values if s != Scope.FILES_PERSONAL],
                "expires_at": timezone.now() + timedelta(days=365),
                "active": True,
            },
        )
        self.stdout.write(f"{DEMO_NAME}: token {DEMO_TOKEN}")

    def _list(self, **_):
        for client in Client.objects.all():
            state = "aktif" if client.active and not client.is_expired() else "tidak aktif"
            self.stdout.write(
                f"{client.name}\t{client.token_shown}...\t{','.join(client.scopes)}\t"
                f"s.d. {timezone.localtime(client.expires_at):%Y-%m-%d}\t{state}"
            )

    def _off(self, *, name, **_):
        if not Client.objects.filter(name=name).update(active=False):
            raise CommandError(f"Tidak ada klien bernama \u201c{name}\u201d.")
        self.stdout.write(f"Klien \u201c{name}\u201d dinonaktifkan.")
