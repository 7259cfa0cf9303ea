"""Login lockout, sessions, the content security policy, security headers and `check --deploy`."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from config import settings as production
from office.roles import Role
from tests.conftest import PASSWORD, make_user
from workflow.table import Status

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "/masuk/"


def attempt(client, username: str, password: str, address: str = "10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username: str, times: int, address: str = "10.1.2.3"):
    """`times` wrong passwords; the answer to the last one."""
    for _ in range(times):
        response = attempt(client, username, "salah-sekali-123", address)
    return response


@pytest.fixture
def clerk(db):
    return make_user("petugas_loket", Role.FO)


# --- Lockout (django-axes) ---


def test_four_failures_do_not_lock_the_account(client, clerk):
    assert fail(client, clerk.username, 4).status_code == 200  # the form again, with its error

    response = attempt(client, clerk.username, PASSWORD)

    assert response.status_code == 302
    assert response.url == "/"


def test_five_failures_lock_the_user_from_that_address(client, clerk):
    assert fail(client, clerk.username, 5).status_code == 429  # the fifth already says so

    response = attempt(client, clerk.username, PASSWORD)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_only_for_that_user_and_that_address(client, clerk):
    other = make_user("petugas_lain")
    fail(client, clerk.username, 5)

    assert attempt(client, other.username, PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, clerk.username, PASSWORD, address="10.9.9.9").status_code == 302


def test_the_lock_ends_after_the_fifteen_minute_cool_off(client, clerk):
    import time_machine

    fail(client, clerk.username, 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=14), tick=False):
        assert attempt(client, clerk.username, PASSWORD).status_code == 429
    # An attempt while locked counts as a failure too: the cool-off runs from the last one.
    with time_machine.travel(timezone.now() + timedelta(minutes=14 + 16), tick=False):
        assert attempt(client, clerk.username, PASSWORD).status_code == 302


def test_the_lockout_settings():
    assert production.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert production.AXES_FAILURE_LIMIT == 5
    assert production.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_passwords_need_twelve_characters(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Kayu-Agung1")  # 11 characters
    validate_password("Kayu-Agung-2025!")


# --- Sessions ---


def test_the_session_id_is_renewed_at_login(client, clerk):
    client.get(LOGIN)
    session = client.session
    session["sebelum"] = "masuk"
    session.save()
    before = session.session_key

    attempt(client, clerk.username, PASSWORD)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_a_session_ends_after_thirty_idle_minutes_and_at_browser_close(client, clerk, settings):
    # The test settings lengthen sessions for tests that travel in time; production does not.
    assert production.SESSION_COOKIE_AGE == 30 * 60
    assert "config.sessions.IdleExpiryMiddleware" in production.MIDDLEWARE
    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE
    settings.SESSION_COOKIE_AGE = production.SESSION_COOKIE_AGE
    signed_in = attempt(client, clerk.username, PASSWORD)
    assert client.get("/").status_code == 200
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    row = Session.objects.get(session_key=cookie.value)
    assert abs((row.expire_date - timezone.now()) - timedelta(minutes=30)) < timedelta(minutes=1)

    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_the_session_is_written_when_its_expiry_has_aged_a_minute_not_on_every_page(
    client, clerk, settings
):
    settings.SESSION_COOKIE_AGE = production.SESSION_COOKIE_AGE
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt(client, clerk.username, PASSWORD)
        written = session_row(client).expire_date
        clock.shift(timedelta(seconds=30))
        assert client.get("/").status_code == 200
        assert session_row(client).expire_date == written  # not written again
        clock.shift(timedelta(seconds=31))
        assert client.get("/").status_code == 200
        assert session_row(client).expire_date == written + timedelta(seconds=61)


def test_a_busy_officer_stays_signed_in_and_an_idle_one_is_signed_out(client, clerk, settings):
    settings.SESSION_COOKIE_AGE = production.SESSION_COOKIE_AGE
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt(client, clerk.username, PASSWORD)
        for _ in range(60):  # a page every 50 seconds for 50 minutes
            clock.shift(timedelta(seconds=50))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=30))
        response = client.get("/")
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


def test_logout_ends_the_session(client, clerk):
    attempt(client, clerk.username, PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/keluar/")

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302


# --- Content security policy and headers ---


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_carry_the_content_security_policy_and_security_headers(client, db):
    response = client.get(LOGIN)

    policy = csp(response)
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "frame-ancestors": "'none'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- Framing (clickjacking): no page in a frame, the draft PDF only in our own ---


@pytest.fixture
def awaiting_initials(client, staff, file_at):
    """A file waiting for the Kabid's initials, and the Kabid logged in."""
    application = file_at(Status.PRINTED)
    client.force_login(staff[Role.KABID])
    return application


def test_no_page_may_be_framed_by_any_site_not_even_our_own(client, awaiting_initials):
    # The approval page embeds the draft but is itself never framed: a page of ours in a frame
    # could be overlaid to trick the Kabid into the button underneath.
    for url in (
        reverse("home"),
        reverse("application_detail", args=[awaiting_initials.pk]),
        reverse("transition", args=[awaiting_initials.pk, "initial"]),
        reverse("public:track"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert csp(response)["frame-ancestors"] == "'none'", url
        assert response["X-Frame-Options"] == "DENY", url


def test_the_login_page_may_not_be_framed(client, db):
    response = client.get(LOGIN)
    assert csp(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_draft_pdf_may_be_framed_by_our_own_pages_only(client, awaiting_initials):
    page = client.get(reverse("transition", args=[awaiting_initials.pk, "initial"]))
    draft_url = reverse("pdf_draft", args=[awaiting_initials.pk])
    assert f'<iframe class="pdf-frame" src="{draft_url}"' in page.content.decode()

    response = client.get(draft_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = csp(response)
    assert policy["frame-ancestors"] == "'self'"
    # Only that directive is relaxed, and only on this response.
    assert {k: v for k, v in policy.items() if k != "frame-ancestors"} == {
        k: v for k, v in csp(page).items() if k != "frame-ancestors"
    }
    assert csp(client.get(LOGIN))["frame-ancestors"] == "'none'"


def test_the_other_documents_may_not_be_framed(client, awaiting_initials):
    for name in ("pdf_receipt", "pdf_control_card"):
        response = client.get(reverse(name, args=[awaiting_initials.pk]))
        assert response.status_code == 200, name
        assert csp(response)["frame-ancestors"] == "'none'", name


def test_a_refused_draft_is_not_framable_either(client, staff, file_at):
    application = file_at(Status.PROCESSED)  # no draft at this step: 404
    client.force_login(staff[Role.KABID])
    response = client.get(reverse("pdf_draft", args=[application.pk]))
    assert response.status_code == 404
    assert csp(response)["frame-ancestors"] == "'none'"


# Templates rendered to PDF (WeasyPrint) or sent by e-mail never reach a browser under the policy.
NOT_SERVED = ("pdf", "emails")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
]


def served_templates():
    base = ROOT / "templates"
    for path in sorted(base.rglob("*.html")):
        if path.relative_to(base).parts[0] not in NOT_SERVED:
            yield path
    for app in ("permits", "tracking", "complaints"):
        yield from sorted((ROOT / app).glob("templates/**/*.html"))


def test_no_template_has_inline_scripts_or_styles():
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in served_templates()
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# --- Production settings ---


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "kendali.example.go.id",
        "KENDALI_VAR_DIR": str(tmp_path),
        "SECURE_COOKIES": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
