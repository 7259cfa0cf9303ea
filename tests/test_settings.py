"""Start-up with the real settings: a bad environment stops it, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def start(tmp_path, **env: str) -> subprocess.CompletedProcess:
    """Run django.setup() with config.settings and only the given environment (plus PATH)."""
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # Keep the default SQLite file and private media out of the project tree.
        "KENDALI_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = start(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_to_start_with_an_empty_secret_key(tmp_path):
    result = start(tmp_path, DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_in_production_with_a_secret_key(tmp_path):
    result = start(tmp_path, DEBUG="0", SECRET_KEY="a-long-random-production-secret")
    assert result.returncode == 0, result.stderr


def test_it_starts_without_a_secret_key_when_debugging(tmp_path):
    result = start(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "ya"])
def test_it_refuses_a_debug_flag_that_is_not_a_boolean(value, tmp_path):
    result = start(tmp_path, DEBUG=value, SECRET_KEY="a-long-random-production-secret")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG" in result.stderr
    assert repr(value) in result.stderr


def test_it_refuses_a_database_url_it_cannot_read(tmp_path):
    result = start(tmp_path, DEBUG="1", DATABASE_URL="nonsense")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_it_refuses_a_connection_age_that_is_not_a_number(tmp_path):
    result = start(tmp_path, DEBUG="1", DB_CONN_MAX_AGE="lama")
    assert result.returncode != 0
    assert "DB_CONN_MAX_AGE" in result.stderr
