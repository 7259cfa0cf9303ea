"""Shared personas: one staff user per role, and sample files at any status.

Files are built through the real services (permits.sample.walk_to), so the
tests see the same control card an office would.
"""

import random
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache, caches

from config.sessions import WRITTEN_AT
from office.models import forget_shown_profile
from office.roles import Role
from permits.sample import walk_to
from permits.standard_file import import_standard, read

# The clock and calendar fixtures (walk, travel, november) for every folder of tests.
pytest_plugins = ["tests.clock_fixtures"]

PASSWORD = "kata-sandi-uji-123"
# The second shipped service: Surat Izin Praktik Bidan (individuals, no company, no BAP).
SIPB_FILE = Path(__file__).resolve().parents[1] / "data" / "services" / "sipb.yaml"


def make_user(username: str, *roles: Role, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.replace("_", " ").title(), **extra
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (throttle counters are rows, rolled back) and
    reads the office profile afresh."""
    cache.clear()
    forget_shown_profile()


@pytest.fixture
def keep_pages(settings):
    """Public pages kept as in production (office/page_memo.py): a real in-memory cache for
    30 s, and the header's office profile shown for 30 s too."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"},
    }
    settings.PUBLIC_PAGE_SECONDS = 30
    settings.OFFICE_PROFILE_SHOWN_FOR = 30
    caches["pages"].clear()  # LocMemCache keeps its rows per process: none from another test


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """`client.force_login(user)` also gives the second factor when the user needs one.

    For a Kabid, Kepala Dinas or Bagian Umum (or anyone with a device) it adds a confirmed
    TOTP device if there is none and marks the session verified by it, under the same session
    key as django_otp.login(). Only a shortcut for tests of other pages: the gate itself is
    tested in tests/test_two_factor.py through the real login form and code page.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from permits.two_factor import confirmed_device, otp_required

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        # As a real login does (config/sessions.py): the session was just written.
        session = self.session
        session[WRITTEN_AT] = int(time.time())
        session.save()
        if otp_required(user):
            device = confirmed_device(user) or TOTPDevice.objects.create(user=user, name="uji")
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def staff(db) -> dict[Role, User]:
    """One user per role, keyed by Role."""
    return {role: make_user(f"petugas_{role.value}", role) for role in Role}


@pytest.fixture
def outsider(db) -> User:
    """A logged-in account with no role in the office."""
    return make_user("tamu")


@pytest.fixture
def file_at(staff):
    """Factory: a sample application taken through the workflow to `status`."""
    counter = iter(range(1000))

    def build(status: str, standard=None):
        index = next(counter)
        rng = random.Random(index)
        return walk_to(
            status, staff=staff, password=PASSWORD, rng=rng, index=index, standard=standard
        )

    return build


@pytest.fixture
def superuser(django_user_model):
    """The Django admin's own account (the admin pages of the catalog, the office profile)."""
    return django_user_model.objects.create_superuser("super", "super@contoh.id", "sandi-uji-123")


@pytest.fixture
def sipb(db):
    """The SIPB's standard, imported from its shipped file."""
    return import_standard(read(SIPB_FILE.read_text(encoding="utf-8"), "yaml"))
