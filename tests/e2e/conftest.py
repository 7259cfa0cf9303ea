"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never a downloaded browser: the launch arguments point at /usr/bin/chromium. Without it the
whole folder is skipped with one reason (`make test` says so too).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = f"Chromium tidak terpasang: {CHROMIUM}; uji peramban dilewati"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, with a media handler that never serves anything.

    Depends on django_db_setup so that it stops (closing its connections) before the test
    database is dropped.

    Private media has no URL (MEDIA_URL = None), which Django's test server cannot parse. An
    absolute URL on another host makes its media handler pass every request to the project.
    """
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(MEDIA_URL="https://media.invalid/"):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    # Not pytest-playwright's: that one starts its session-wide Playwright (see `chromium`).
    return {
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def chromium(browser_type_launch_args):
    """A Chromium of its own for each test, and Playwright stopped afterwards.

    Playwright's sync API keeps an event loop running in this thread while it is started;
    pyHanko's asyncio.run() (signing, in later tests of the same worker) would then fail, so
    the session-wide browser of pytest-playwright is not used.
    """
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    browser = manager.chromium.launch(**browser_type_launch_args)
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def new_context(chromium, browser_context_args):
    """Factory: a fresh browser context (its own cookies), closed when the test ends."""
    contexts = []

    def make(**kwargs):
        context = chromium.new_context(**{**browser_context_args, **kwargs})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


class Console:
    """Console errors and uncaught page errors, CSP violations first among them."""

    def __init__(self):
        self.errors: list[str] = []

    def watch(self, page):
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page

    def _console(self, page, msg):
        # Browsers ask for /favicon.ico on their own; the 404 is not the page's error.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"{page.url}: {msg.text}")

    @property
    def csp_errors(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e or "Content-Security" in e]


@pytest.fixture
def console():
    watcher = Console()
    yield watcher
    assert not watcher.csp_errors, watcher.csp_errors


class Authenticator:
    """The users' authenticator apps: a confirmed TOTP device each, and the code it shows now."""

    @staticmethod
    def device(user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        return device or TOTPDevice.objects.create(user=user, name="Ponsel uji", confirmed=True)

    def code(self, user) -> str:
        """A code is accepted once: when this step's code was spent (a second login within 30
        seconds), the next step's code is given, which django-otp accepts one step early."""
        import time

        from django_otp.oath import TOTP

        device = self.device(user)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        if totp.t() <= device.last_t:
            totp.time += device.step
        return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def authenticator():
    return Authenticator()


@pytest.fixture
def shot():
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


# The rows the migrations seed (role groups, the service standard, ...), serialized before the
# first browser test. A transactional test flushes the database when it ends; the hook below
# puts the rows back afterwards, so later tests in the same worker find them. (Django's
# serialized_rollback did not restore them after a login through the live server.)
_SEEDED: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _seeded_rows(django_db_setup, django_db_blocker):
    from django.db import connection

    if "default" not in _SEEDED:
        with django_db_blocker.unblock():
            _SEEDED["default"] = connection.creation.serialize_db_to_string()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if "default" in _SEEDED and HERE in Path(str(item.fspath)).resolve().parents:
        from django.contrib.auth.models import Group
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            if not Group.objects.exists():
                # The flush re-ran post_migrate: drop its content types and permissions so the
                # snapshot's own rows (with their ids) go back in.
                ContentType.objects.all().delete()
                ContentType.objects.clear_cache()
                connection.creation.deserialize_db_from_string(_SEEDED["default"])
    return result


@pytest.fixture(scope="session", autouse=True)
def _no_connection_left(django_db_setup, django_db_blocker):
    """End stray connections to the throw-away test database before it is dropped.

    Django keeps connections in context variables. Some ORM calls the browser tests make while
    Playwright's sync API (greenlets) runs open a connection that neither the tests' teardown
    nor the session's can reach, and PostgreSQL then refuses to drop the test database ("being
    accessed by other users"). Torn down before django_db_setup, this ends those sessions.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def desk(new_context, live_server, console, authenticator):
    """Factory: a logged-in page for `user`, in its own browser context (with the sign-in code
    where the role requires one)."""
    import re

    from permits.two_factor import otp_mandatory
    from tests.conftest import PASSWORD

    def open_desk(user):
        context = new_context(base_url=live_server.url)
        page = console.watch(context.new_page())
        if otp_mandatory(user):
            authenticator.device(user)  # set up before, as in the office
        page.goto("/masuk/")
        page.fill('[name="username"]', user.username)
        page.fill('[name="password"]', PASSWORD)
        page.locator("section.login button[type=submit]").click()
        if otp_mandatory(user):
            # Kabid, Kepala Dinas, Bagian Umum: the code from their authenticator app.
            page.wait_for_url(re.compile(r"/masuk/kode/"))
            page.fill('[name="token"]', authenticator.code(user))
            page.locator("section.login button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        assert_header_on_one_row(page)
        return page

    return open_desk


def assert_header_on_one_row(page) -> None:
    """At the 1280 px of an office screen, the menu and the user box share one row: the user
    box starts above the bottom of the menu rather than wrapping below it."""
    menu = page.locator(".mainnav").bounding_box()
    user = page.locator(".userbox").bounding_box()
    assert user["y"] < menu["y"] + menu["height"], (menu, user)
