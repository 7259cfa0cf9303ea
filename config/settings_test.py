"""Test settings: the real settings with fast hashing, a throw-away media root and locmem mail."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run as they are enqueued (after the commit, as in production); the worker itself is
# tested with the database backend (tests/notices/test_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# WhatsApp stays off unless a test points it at its fake server.
WHATSAPP_PHONE_NUMBER_ID = ""
WHATSAPP_ACCESS_TOKEN = ""
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="kendali-test-media-")
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Plain static names as in development: production's hashed names need `collectstatic`
    # first (tests/test_production.py runs it and checks what WhiteNoise serves).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise finds static files at request time, without a collected STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Public pages are rendered afresh in tests, unless a test turns keeping them on.
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# Tests travel weeks in time after one login; the 30-minute production value is checked in
# tests/test_security.py against config.settings.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 365
# Every page reads the office profile, so that a page's query count does not depend on whether
# an earlier page of the same test read it (tests/test_bare_page.py checks the production 30 s).
OFFICE_PROFILE_SHOWN_FOR = 0

# A throw-away development CA and signing key, made once per test session (permits/signing),
# removed when the session ends.
import atexit  # noqa: E402
import shutil  # noqa: E402

from permits.signing import devca  # noqa: E402

KENDALI_SIGNER = "pkcs12"
# The test CA's certificates name no CRL or OCSP service (nothing answers in the tests), as
# `create_dev_ca --pki-url ""` makes them.
KENDALI_DEV_PKI_URL = ""
KENDALI_SIGNING_DIR = devca.create_dev_ca(
    tempfile.mkdtemp(prefix="kendali-test-signing-"),
    signer_name="H. AHMAD RIZAL, S.STP., M.Si.",
    title="Kepala Dinas",
    kabid_name="Hj. SRI WAHYUNI, S.T., M.M.",
)[0].directory
atexit.register(shutil.rmtree, KENDALI_SIGNING_DIR, ignore_errors=True)
KENDALI_SIGNING_P12 = KENDALI_SIGNING_DIR / devca.P12_FILE
KENDALI_SIGNING_PASSPHRASE = None
KENDALI_SIGNING_PASSPHRASE_FILE = KENDALI_SIGNING_DIR / devca.PASSPHRASE_FILE
KENDALI_KABID_SIGNING_P12 = KENDALI_SIGNING_DIR / devca.KABID_P12_FILE
KENDALI_KABID_SIGNING_PASSPHRASE = None
KENDALI_KABID_SIGNING_PASSPHRASE_FILE = KENDALI_SIGNING_PASSPHRASE_FILE
KENDALI_TRUST_ROOTS = [str(KENDALI_SIGNING_DIR / devca.CA_FILE)]
KENDALI_TSA_URL = None
# Long-term signatures (DSS, document timestamps) only where a test turns them on: they ask
# the TSA and the revocation services (tests/signing/test_long_term.py runs those on loopback).
KENDALI_LONG_TERM_SIGNATURES = False
KENDALI_BSRE_URL = ""
