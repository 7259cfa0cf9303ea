"""The environment every bench process runs with, so the filler and the server agree.

The secret key matters beyond sessions: survey answers carry a keyed hash of the file
(complaints.services.respondent_key), so the filler and the server must share it.
"""

import argparse
import os
import re

from bench.machine import write_doc_section

PG = "postgres://postgres@127.0.0.1:5432/"
SECRET_KEY = "kendali-bench-only-key-not-for-production-3f9a1c7e52b84d06"
# Only bench databases: never the development database or the test databases.
NAME = re.compile(r"^kendali_bench\w*$")


def database_url(name: str) -> str:
    if not NAME.match(name):
        raise SystemExit(f"Basis data tolok ukur harus bernama kendali_bench*, bukan {name!r}.")
    return PG + name


def configure(database: str) -> dict[str, str]:
    """Set (and return) the variables for the bench settings on `database`."""
    values = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url(database),
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        # Plain HTTP on loopback: cookies without the Secure flag.
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Nothing under the project's var/ (other processes use it).
        "KENDALI_VAR_DIR": "/tmp/kendali-bench-var",
    }
    os.environ.update(values)
    return values


def setup(database: str) -> None:
    configure(database)
    import django

    django.setup()


def collect_static() -> None:
    """The hashed static files and their manifest, which base.html needs with DEBUG off."""
    from django.conf import settings
    from django.core.management import call_command

    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def in_process_main(doc: str, run, start_mark: str, end_mark: str, *, runs: int, argv=None) -> int:
    """The command line of a bench that measures in one process through the test Client:
    --database, --runs, --write; `run(args)` returns the docs/benchmarks.md section."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database", default="kendali_bench_api")
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    setup(args.database)
    collect_static()
    section = run(args)
    print(section)
    if args.write:
        write_doc_section(section, start_mark, end_mark)
    return 0
