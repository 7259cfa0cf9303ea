"""Settings for Kendali, read from the environment (see README, "Konfigurasi")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.proxy import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KENDALI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sequences.apps.SequencesConfig",
    # Third-party apps under Indonesian names in the admin (config/apps.py).
    "config.apps.AxesConfig",
    "csp",
    "django_otp",
    "config.apps.TotpConfig",
    "config.apps.StaticConfig",
    "office",
    "permits",
    "tracking",
    "notices",
    "django_tasks",
    "django_tasks_db",
    "complaints",
    "supervision",
    "public",
    # The read API (/api/v1/) and ninja, whose documentation page is served from its own
    # static files (no CDN) when it is an installed app.
    "ninja",
    "api",
    # Django's widget templates for FORM_RENDERER, after the apps so a project template wins.
    "django.forms",
]

MIDDLEWARE = [
    # First: the visitor's address behind nginx (config/proxy.py), then the request id that
    # every later log line and every response carries, static files and redirects included.
    "config.proxy.ClientAddressMiddleware",
    "config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, cached for a year) before sessions and logins.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the session's expiry at most once a minute, not on every request (config/sessions.py).
    "config.sessions.IdleExpiryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Sets request.user.otp_device; then the gate asks for the code (permits/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "permits.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "office.context_processors.office",
            ],
        },
    },
]

# Forms render through settings.TEMPLATES, and a field group through templates/forms/field.html:
# {{ field.as_field_group }} gives the same label, help and error markup as every other page.
FORM_RENDERER = "office.forms.FieldRenderer"

WSGI_APPLICATION = "config.wsgi.application"

_default_db = f"sqlite:///{VAR_DIR / 'kendali.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL") or _default_db, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Wait for a writer instead of failing at once when two clerks save together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # The worker writes beside the server: a transaction takes the write lock when it
    # begins, so it waits its turn instead of failing when a read turns into a write.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Two-factor sign-in (django-otp TOTP, backup codes from otp_static; roles that must use it:
# permits/two_factor.py).
# The name authenticator apps show next to the user name.
OTP_TOTP_ISSUER = "Kendali DPMPTSP OKI"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"

# Uploaded scans and issued documents are private: they live outside the web
# root and are only served through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = None
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Production: hashed and compressed copies made by `collectstatic`, which WhiteNoise serves
    # with a one-year cache. They need that manifest, so development keeps the plain names.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Or an S3-compatible bucket (MinIO, Ceph, AWS; docs/backup-and-storage.md). Objects stay private:
# no ACL of our own (the bucket's private default), only signed URLs, and the app still serves
# them only through its permission-checked views. A stored name is never overwritten: the
# signed permit PDF is written once and its SHA-256 kept beside it.
KENDALI_S3_BUCKET = env_str("KENDALI_S3_BUCKET") or None
if KENDALI_S3_BUCKET:
    _s3_endpoint = env_str("KENDALI_S3_ENDPOINT_URL") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": KENDALI_S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            "access_key": env_str("KENDALI_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("KENDALI_S3_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("KENDALI_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "signature_version": "s3v4",
            # Self-hosted endpoints seldom have a DNS name per bucket.
            "addressing_style": "path" if _s3_endpoint else None,
        },
    }

# Behind nginx, e.g. "/_private/": views still check who asks and record the download, then
# answer with an empty body and `X-Accel-Redirect: <prefix><storage name>`, and nginx sends
# the bytes from an `internal` location aliased to PRIVATE_MEDIA_ROOT (permits/private_files.py).
# Empty (default): Django streams the file itself.
KENDALI_X_ACCEL_REDIRECT_PREFIX = env_str("KENDALI_X_ACCEL_REDIRECT_PREFIX", "") or ""
if KENDALI_X_ACCEL_REDIRECT_PREFIX and not (
    KENDALI_X_ACCEL_REDIRECT_PREFIX.startswith("/")
    and KENDALI_X_ACCEL_REDIRECT_PREFIX.endswith("/")
):
    raise ImproperlyConfigured(
        "KENDALI_X_ACCEL_REDIRECT_PREFIX must start and end with '/', e.g. /_private/"
    )
if KENDALI_X_ACCEL_REDIRECT_PREFIX and KENDALI_S3_BUCKET:
    raise ImproperlyConfigured(
        "KENDALI_X_ACCEL_REDIRECT_PREFIX serves files from PRIVATE_MEDIA_ROOT; "
        "it cannot be combined with KENDALI_S3_BUCKET."
    )

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# An uploaded PNG or JPEG may have at most this many pixels (office.uploads.validate_upload):
# an A4 scan at 600 dpi is 35 megapixels, a 48-megapixel phone photo fits; a decompression bomb
# of a few hundred KB that a staff page would decode to 400 megapixels does not.
UPLOAD_MAX_PIXELS = 50_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Shared by all workers and servers; nothing relies on one process's memory. (The public pages'
# per-address limits are rows of their own: tracking/throttle.py.)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kendali_cache",
    },
    # Rendered public pages, per process (office/page_memo.py): nothing shared, nothing secret.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kendali-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
# How long an app server keeps a rendered public standard page (office/page_memo.py).
PUBLIC_PAGE_SECONDS = env_int("KENDALI_PUBLIC_PAGE_SECONDS", 30)

# Absolute links printed on documents and sent by e-mail (QR codes, tracking links).
# In development `make run HOST=...` hands its address over (KENDALI_RUN_HOST), so links and
# QR codes point to the server that is running; PUBLIC_BASE_URL, when set, always wins.
_run_host = env_str("KENDALI_RUN_HOST") if DEBUG else ""
PUBLIC_BASE_URL = (
    env_str("PUBLIC_BASE_URL") or (f"http://{_run_host}" if _run_host else "http://127.0.0.1:8000")
).rstrip("/")

# Console while developing, SMTP in production, locmem in tests (settings_test).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kendali@dpmptsp.okikab.go.id")

# WhatsApp Business Cloud API (notices/whatsapp.py): off unless the number id and the token are
# set. Template names and their language are those approved for the office's account.
WHATSAPP_API_URL = env_str("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0").rstrip("/")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_TIMEOUT = env_int("WHATSAPP_TIMEOUT", 10)
WHATSAPP_TEMPLATE_LANGUAGE = env_str("WHATSAPP_TEMPLATE_LANGUAGE", "id")
# Outgoing events (notices/webhook_sender.py, docs/webhooks.md): seconds to wait for a receiver.
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)

# SP4N-LAPOR! both ways (complaints/lapor.py, docs/lapor.md): off unless the URL and the token
# are set. The sync runs every LAPOR_SYNC_MINUTES (backing off 1, 5, 15, 60 minutes after a
# failure); the office must act on a forwarded complaint within LAPOR_ACTION_DAYS working days.
# LAPOR!'s notifications to /pengaduan/lapor/notifikasi/ are signed with LAPOR_WEBHOOK_SECRET.
LAPOR_API_URL = env_str("LAPOR_API_URL", "").rstrip("/")
LAPOR_API_TOKEN = env_str("LAPOR_API_TOKEN", "")
LAPOR_TIMEOUT = env_int("LAPOR_TIMEOUT", 10)
LAPOR_SYNC_MINUTES = env_int("LAPOR_SYNC_MINUTES", 15)
LAPOR_ACTION_DAYS = env_int("LAPOR_ACTION_DAYS", 5)
LAPOR_WEBHOOK_SECRET = env_str("LAPOR_WEBHOOK_SECRET", "")

# Background work (ADR 0011): Django's Tasks API (the django-tasks backport on 5.2), stored in
# the database by django-tasks-db; `manage.py run_worker` runs them. Another backend is a
# setting, not a code change.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Run by the worker on its heartbeat (office/worker.py), every few seconds.
PERIODIC_JOBS = [
    "notices.tasks.sweep",
    "permits.batches.sweep",
    "permits.letters.sweep",
    # New document timestamps before the last ones expire (docs/signing.md).
    "permits.signing.renewal.sweep",
    # SP4N-LAPOR!: queues a sync when one is due (docs/lapor.md).
    "complaints.lapor_sync.sync",
    # Webhook deliveries whose task was lost (docs/webhooks.md).
    "notices.webhook_sender.sweep",
]
# Exports longer than this (files; survey answers for the IKM PDF) are built by the worker.
EXPORT_IN_BACKGROUND_ABOVE = env_int("EXPORT_IN_BACKGROUND_ABOVE", 5000)
# Open data (/data/, docs/open-data.md): the SKM figures of a quarter and service with fewer
# respondents than this are left empty, so that no one's answers can be read from them.
OPEN_DATA_MIN_RESPONDENTS = env_int("OPEN_DATA_MIN_RESPONDENTS", 5)
if OPEN_DATA_MIN_RESPONDENTS < 2:
    raise ImproperlyConfigured("OPEN_DATA_MIN_RESPONDENTS must be at least 2.")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A session ends after 30 minutes without a request, and when the browser closes. Its expiry is
# moved by config.sessions.IdleExpiryMiddleware at most once a minute, not on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
# Seconds a process shows the office profile on its pages before reading it again (an edit
# shows at once in the process that saved it): one query less on every page.
OFFICE_PROFILE_SHOWN_FOR = 30
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Behind TLS in production (see README, "Konfigurasi"); off while developing and in tests.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The TLS-terminating proxy says which scheme the visitor used.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies whose X-Real-IP is the visitor's address (lockout, throttles; config/proxy.py).
# gunicorn reads the same variable to trust X-Forwarded-Proto. Empty: REMOTE_ADDR as it comes.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", [])
parse_networks(FORWARDED_ALLOW_IPS)

# Security headers. No page may be framed, not even by our own (X-Frame-Options for old browsers,
# CSP frame-ancestors for the others); the draft PDF alone may be framed by the approval page
# (permits/views/pdf.py: SAMEORIGIN and frame-ancestors 'self' on that response only).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline scripts or styles anywhere (tests/test_security.py checks the templates).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Login lockout (django-axes): 5 failures for one user name from one address locks that pair
# for 15 minutes; a successful login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Plain text while developing; LOG_FORMAT=json in production, one JSON object a line (for
# journald and log shippers). Every line names the request id and the user (config/request_id.py).
LOG_FORMAT = (env_str("LOG_FORMAT") or "plain").strip().lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "config.request_id.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(user)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering stage at INFO.
    # pyHanko logs a traceback at WARNING for every modified PDF a visitor uploads to verify.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "pyhanko": {"level": "ERROR"},
        # Its INFO lines name every CRL/OCSP request of a long-term signature.
        "pyhanko_certvalidator": {"level": "WARNING"},
        # The verification page validates offline by giving the fetchers no request to make;
        # they say so at every check (permits/signing/validation.py).
        "pyhanko_certvalidator.fetchers.common_utils": {"level": "ERROR"},
        # Subsetting the signature stamp's font (permits/signing/truetype.py) reports each table.
        "fontTools": {"level": "WARNING"},
        # django-axes announces itself at INFO on every start.
        "axes": {"level": "WARNING"},
    },
}

# --- Electronic signature of the final permit (PAdES, issue 7; see permits/signing/) ---
# Which signer signs at numbering: "pkcs12" (a local key file) or "bsre" (a BSrE-style esign
# service). `manage.py create_dev_ca` writes a development key to KENDALI_SIGNING_DIR; production
# keys and passphrases come from the environment and are never committed.
KENDALI_SIGNER = (env_str("KENDALI_SIGNER") or "pkcs12").strip().lower()
if KENDALI_SIGNER not in {"pkcs12", "bsre"}:
    raise ImproperlyConfigured(f"KENDALI_SIGNER must be 'pkcs12' or 'bsre', got {KENDALI_SIGNER!r}")
KENDALI_SIGNING_DIR = Path(env_str("KENDALI_SIGNING_DIR", str(VAR_DIR / "signing")))
KENDALI_SIGNING_P12 = Path(
    env_str("KENDALI_SIGNING_P12", str(KENDALI_SIGNING_DIR / "kepala-dinas.p12"))
)
# The passphrase itself, or (preferred) a file that holds it; read when signing.
KENDALI_SIGNING_PASSPHRASE = env_str("KENDALI_SIGNING_PASSPHRASE") or None
KENDALI_SIGNING_PASSPHRASE_FILE = Path(
    env_str("KENDALI_SIGNING_PASSPHRASE_FILE", str(KENDALI_SIGNING_DIR / "passphrase.txt"))
)
# PEM files of the certificate authorities whose signatures (and timestamps) the public
# verification page trusts, e.g. the BSrE root and the TSA's root.
# The Kepala Bidang's own key (the letters of the series the Kabid signs); the development CA
# writes it beside the Kepala Dinas's, with the same passphrase file.
KENDALI_KABID_SIGNING_P12 = Path(
    env_str("KENDALI_KABID_SIGNING_P12", str(KENDALI_SIGNING_DIR / "kepala-bidang.p12"))
)
KENDALI_KABID_SIGNING_PASSPHRASE = env_str("KENDALI_KABID_SIGNING_PASSPHRASE") or None
KENDALI_KABID_SIGNING_PASSPHRASE_FILE = Path(
    env_str("KENDALI_KABID_SIGNING_PASSPHRASE_FILE", str(KENDALI_SIGNING_PASSPHRASE_FILE))
)
KENDALI_TRUST_ROOTS = env_list("KENDALI_TRUST_ROOTS", [str(KENDALI_SIGNING_DIR / "ca.pem")])
# RFC 3161 time-stamping authority; without one, signatures carry no timestamp. `make run`
# points it at the development PKI's TSA (`manage.py dev_pki serve`) once that answers.
KENDALI_TSA_URL = env_str("KENDALI_TSA_URL") or None
KENDALI_TSA_TIMEOUT = env_int("KENDALI_TSA_TIMEOUT", 10)
# PAdES B-LTA after signing (permits/signing/ltv.py): validation data (certificates, CRL/OCSP
# answers fetched from the certificates' URLs) in a DSS and a document timestamp. On by default
# when a TSA is set; signing fails when a revocation answer cannot be fetched.
KENDALI_LONG_TERM_SIGNATURES = env_bool("KENDALI_LONG_TERM_SIGNATURES", bool(KENDALI_TSA_URL))
KENDALI_REVOCATION_TIMEOUT = env_int("KENDALI_REVOCATION_TIMEOUT", 10)
# A new document timestamp is added this many days before the certificate of the last one's
# TSA expires (permits/signing/renewal.py, a periodic job of the worker).
KENDALI_TIMESTAMP_RENEWAL_DAYS = env_int("KENDALI_TIMESTAMP_RENEWAL_DAYS", 90)
# The public verification page asks the CRL/OCSP services named in the certificates for the
# current revocation status (with KENDALI_REVOCATION_TIMEOUT); off: it reads only the
# validation data kept in the file (offices on an intranet).
KENDALI_VERIFY_FETCH_REVOCATION = env_bool("KENDALI_VERIFY_FETCH_REVOCATION", False)
# Development PKI (`manage.py dev_pki serve`): the base URL its certificates name for the CRL
# and OCSP, and where its TSA answers (/tsa).
KENDALI_DEV_PKI_URL = (env_str("KENDALI_DEV_PKI_URL") or "http://127.0.0.1:8079").rstrip("/")
# BSrE-style esign service (KENDALI_SIGNER=bsre): POST {URL}/api/v2/sign/pdf.
KENDALI_BSRE_URL = (env_str("KENDALI_BSRE_URL") or "").rstrip("/")
KENDALI_BSRE_NIK = env_str("KENDALI_BSRE_NIK", "")
KENDALI_BSRE_PASSPHRASE = env_str("KENDALI_BSRE_PASSPHRASE") or None
KENDALI_BSRE_PASSPHRASE_FILE = env_str("KENDALI_BSRE_PASSPHRASE_FILE") or None
# The Kepala Bidang's BSrE account (the letters the Kabid signs).
KENDALI_BSRE_KABID_NIK = env_str("KENDALI_BSRE_KABID_NIK", "")
KENDALI_BSRE_KABID_PASSPHRASE = env_str("KENDALI_BSRE_KABID_PASSPHRASE") or None
KENDALI_BSRE_KABID_PASSPHRASE_FILE = env_str("KENDALI_BSRE_KABID_PASSPHRASE_FILE") or None
KENDALI_BSRE_CLIENT_ID = env_str("KENDALI_BSRE_CLIENT_ID", "")
KENDALI_BSRE_CLIENT_SECRET = env_str("KENDALI_BSRE_CLIENT_SECRET", "")
KENDALI_BSRE_TIMEOUT = env_int("KENDALI_BSRE_TIMEOUT", 30)
