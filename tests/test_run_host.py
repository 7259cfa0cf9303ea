"""Links and QR codes follow `make run HOST=...` in development (issue 13, item 9)."""

import os
import subprocess
import sys

from tests.house import ROOT


def public_base_url(tmp_path, **env: str) -> str:
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KENDALI_VAR_DIR": str(tmp_path),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PUBLIC_BASE_URL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_in_development_the_links_follow_the_address_make_run_serves(tmp_path):
    assert public_base_url(tmp_path, DEBUG="1", KENDALI_RUN_HOST="127.0.0.1:8123") == (
        "http://127.0.0.1:8123"
    )
    assert public_base_url(tmp_path, DEBUG="1") == "http://127.0.0.1:8000"


def test_a_configured_public_address_always_wins(tmp_path):
    assert (
        public_base_url(
            tmp_path,
            DEBUG="1",
            KENDALI_RUN_HOST="127.0.0.1:8123",
            PUBLIC_BASE_URL="https://izin.example.go.id/",
        )
        == "https://izin.example.go.id"
    )


def test_make_run_hands_its_address_to_the_server():
    result = subprocess.run(
        ["make", "-n", "run", "HOST=192.168.1.20:8080"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "KENDALI_RUN_HOST=192.168.1.20:8080" in result.stdout
    assert "runserver 192.168.1.20:8080" in result.stdout
