"""Running in production: `/healthz`, static files through WhiteNoise, the address behind nginx."""

import json
import multiprocessing
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import storages
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from config.proxy import ClientAddressMiddleware
from office.models import WorkerBeat

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HEALTHZ = "/healthz"


# --- /healthz ------------------------------------------------------------------------


def worker_beating() -> None:
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="w-1", started_at=now, last_seen=now)


def test_healthz_answers_ok_to_an_anonymous_probe_without_a_session(client, db):
    worker_beating()
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok", "worker": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert not Session.objects.exists()
    assert reverse("healthz") == HEALTHZ


def test_healthz_writes_a_probe_file_and_leaves_none_behind(client, db):
    storage = storages["default"]
    real_save, written = storage.save, []

    def save(name, content, **kwargs):
        written.append(real_save(name, content, **kwargs))
        return written[-1]

    with mock.patch.object(storage, "save", side_effect=save):
        client.get(HEALTHZ)
    assert len(written) == 1
    assert not storage.exists(written[0])


def test_healthz_reports_a_database_failure_without_details(client, db, caplog):
    broken = mock.Mock()
    broken.cursor.side_effect = OperationalError("connection to 10.0.0.5 refused: password")
    with mock.patch("config.health.connection", broken):
        response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error",
        "storage": "ok",
        "worker": "unknown",
    }
    assert b"10.0.0.5" not in response.content
    # The cause is in the log, for the operator.
    assert "10.0.0.5" in caplog.text


def test_healthz_reports_a_storage_failure(client, db):
    worker_beating()
    storage = storages["default"]
    with mock.patch.object(storage, "save", side_effect=OSError("No space left: /srv/private")):
        response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "storage": "error",
        "worker": "ok",
    }
    assert b"/srv/private" not in response.content


def test_healthz_reports_a_storage_that_reads_back_other_bytes(client, db):
    storage = storages["default"]
    real_open = storage.open

    def corrupted(name, mode="rb"):
        handle = real_open(name, mode)
        handle.read = lambda *args: b"something else"
        return handle

    with mock.patch.object(storage, "open", side_effect=corrupted):
        response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["storage"] == "error"


def test_healthz_takes_no_post(client, db):
    assert client.post(HEALTHZ).status_code == 405


# --- static files -------------------------------------------------------------------


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """`manage.py collectstatic` with the production settings (DEBUG=0), into a fresh var dir."""
    var_dir = tmp_path_factory.mktemp("var")
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret",
        "KENDALI_VAR_DIR": str(var_dir),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return var_dir / "static"


def test_collectstatic_writes_hashed_and_compressed_copies(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/kendali.css"]
    assert re.fullmatch(r"css/kendali\.[0-9a-f]{12}\.css", hashed)
    assert (collected / hashed).is_file()
    assert (collected / f"{hashed}.gz").is_file()
    # The fonts the offices need on an intranet are collected too.
    assert any(name.startswith("fonts/LiberationSerif") for name in manifest["paths"])


@pytest.fixture
def production_static(collected):
    """WhiteNoise as production runs it: collected files, hashed names, nothing looked up live."""
    with override_settings(
        STATIC_ROOT=collected,
        STORAGES={
            **storages.backends,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
    ):
        # A new client builds a new middleware chain, so WhiteNoise reads this STATIC_ROOT.
        yield Client()


def test_pages_link_the_hashed_stylesheet_and_whitenoise_serves_it_for_a_year(
    production_static, collected, db
):
    page = production_static.get(reverse("login"))
    href = re.search(r'href="(/static/css/kendali\.[0-9a-f]{12}\.css)"', page.content.decode())
    assert href, "the login page links the hashed stylesheet"

    response = production_static.get(href[1])
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content) == (collected / href[1][8:]).read_bytes()

    gzipped = production_static.get(href[1], HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"


def test_an_unhashed_name_is_cached_briefly_only(production_static, db):
    response = production_static.get("/static/css/kendali.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_whitenoise_sits_right_after_the_security_middleware(settings):
    middleware = settings.MIDDLEWARE
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


# --- the visitor's address behind nginx ---------------------------------------------


def address_seen(remote: str, real_ip: str | None, trusted: list[str]) -> str:
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]

    headers = {"HTTP_X_REAL_IP": real_ip} if real_ip else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(FORWARDED_ALLOW_IPS=trusted):
        ClientAddressMiddleware(view)(request)
    return seen["address"]


def test_the_proxy_tells_the_visitors_address():
    assert address_seen("127.0.0.1", "203.0.113.7", ["127.0.0.1"]) == "203.0.113.7"


def test_a_visitor_cannot_claim_another_address_without_the_proxy():
    assert address_seen("198.51.100.2", "203.0.113.7", ["127.0.0.1"]) == "198.51.100.2"


def test_without_trusted_proxies_the_header_is_ignored():
    assert address_seen("127.0.0.1", "203.0.113.7", []) == "127.0.0.1"


def test_any_proxy_may_be_trusted_when_only_nginx_can_reach_gunicorn():
    assert address_seen("", "203.0.113.7", ["*"]) == "203.0.113.7"


def test_a_malformed_forwarded_address_is_ignored():
    assert address_seen("127.0.0.1", "not-an-ip", ["127.0.0.0/8"]) == "127.0.0.1"


def test_a_bad_trusted_proxy_list_stops_start_up(tmp_path):
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "KENDALI_VAR_DIR": str(tmp_path),
        "FORWARDED_ALLOW_IPS": "127.0.0.1,nginx",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "FORWARDED_ALLOW_IPS" in result.stderr


# --- deploy/env.example -------------------------------------------------------------

ENV_EXAMPLE = PROJECT_ROOT / "deploy" / "env.example"


def example_lines() -> list[str]:
    return [line.strip() for line in ENV_EXAMPLE.read_text().splitlines() if "=" in line]


def test_the_example_environment_lists_every_variable_the_settings_read():
    source = (PROJECT_ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', source))
    listed = {line.lstrip("#").split("=", 1)[0] for line in example_lines()}
    assert read, "the settings read their environment through config.env"
    assert read - listed == set(), "add these to deploy/env.example"


def test_the_example_environment_starts_the_production_settings(tmp_path):
    values = dict(line.split("=", 1) for line in example_lines() if not line.startswith("#"))
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **values,
        "KENDALI_VAR_DIR": str(tmp_path),
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.STORAGES['staticfiles']['BACKEND'], s.LOG_FORMAT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "json",
    ]


# --- deploy/gunicorn.conf.py --------------------------------------------------------

GUNICORN_CONF = PROJECT_ROOT / "deploy" / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch, **env: str) -> dict:
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "LOG_FORMAT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_defaults_suit_one_machine_behind_nginx(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == multiprocessing.cpu_count() * 2 + 1
    # Longer than the slowest signing service call (BSrE, 30 s), shorter than nginx's 75 s.
    assert 30 < conf["timeout"] < 75
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert conf["accesslog"] == "-"
    assert "%({x-request-id}o)s" in conf["access_log_format"]
    assert "logconfig_dict" not in conf


def test_gunicorn_reads_the_environment(monkeypatch):
    conf = gunicorn_settings(
        monkeypatch,
        GUNICORN_BIND="unix:/run/kendali/gunicorn.sock",
        GUNICORN_WORKERS="3",
        LOG_FORMAT="json",
    )
    assert conf["bind"] == "unix:/run/kendali/gunicorn.sock"
    assert conf["workers"] == 3
    assert conf["logconfig_dict"]["formatters"]["json"]["()"].startswith("pythonjsonlogger")


def test_gunicorn_refuses_a_worker_count_that_is_not_a_number(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS"):
        gunicorn_settings(monkeypatch, GUNICORN_WORKERS="banyak")
