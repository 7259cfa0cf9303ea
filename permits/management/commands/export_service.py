"""`manage.py export_service CODE [--version N] [--format yaml|json]`: a version to stdout.

Without --version, the version in force today (or, before any is in force, the latest).
The output is a file `import_service` reads back. docs/services.md.
"""

from django.core.management.base import BaseCommand, CommandError

from permits.models import ServiceStandard
from permits.standard_file import dump


class Command(BaseCommand):
    help = "Tulis standar pelayanan sebuah layanan sebagai berkas YAML atau JSON ke stdout."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the standard's version number, not the program's (Django's own).
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("code", help="Kode layanan, misalnya iupi.")
        parser.add_argument("--version", type=int, dest="number", help="Nomor versi.")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, code: str, number: int | None, format: str, **options):
        versions = ServiceStandard.objects.select_related("service").filter(service__code=code)
        if number is not None:
            standard = versions.filter(version=number).first()
            if standard is None:
                raise CommandError(f"Layanan {code} tidak memiliki versi {number}.")
        else:
            try:
                standard = ServiceStandard.objects.in_force(code)
            except ServiceStandard.DoesNotExist:
                standard = versions.order_by("-version").first()
            if standard is None:
                raise CommandError(
                    f"Layanan dengan kode {code} tidak ada atau belum memiliki versi."
                )
        self.stdout.write(dump(standard, format), ending="")
