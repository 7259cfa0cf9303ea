"""gunicorn for Kendali: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (the systemd unit reads /etc/kendali/env).
"""

import logging
import multiprocessing
import os
import re
from urllib.parse import unquote, urlsplit

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


wsgi_app = "config.wsgi:application"

# nginx on the same machine proxies to this address (deploy/nginx/kendali.conf).
# A unix socket works too: GUNICORN_BIND=unix:/run/kendali/gunicorn.sock
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers, the usual 2 x cores + 1 (5 on a 2-core machine): a permit PDF is
# rendered and signed in 1-2 s of CPU, so more workers would only queue for the processor,
# while the others wait on the database, e-mail or the signing service meanwhile.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# A request is killed after `timeout` seconds. Rendering and signing take 1-2 s, but numbering
# may wait on the time-stamping service (KENDALI_TSA_TIMEOUT, 10 s) or the BSrE signing service
# (KENDALI_BSRE_TIMEOUT, 30 s), and a step sends e-mail (EMAIL_TIMEOUT, 10 s): 60 s covers them.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On restart, a worker finishes the request it is on before it stops.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to us open between requests.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# A fresh worker now and then returns memory that PDF rendering leaves fragmented.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Heartbeat files in memory, not on a disk that may be slow or read-only (ProtectSystem=strict).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn 25.1+ opens a control socket for `gunicornc`; under systemd it goes in the unit's
# RuntimeDirectory (/run/kendali), as ProtectHome= hides the default ~/.gunicorn.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"], "gunicorn.ctl")

# Who may tell us the visitor used HTTPS (X-Forwarded-Proto): nginx on this machine. The same
# variable tells Django whose X-Real-IP is the visitor's address (config/proxy.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout and errors to stderr: systemd's journal keeps both.
# The request id is the one nginx sent (X-Request-ID), echoed by Django on the response.
# The path, never the request line: the query string carries the tracking code (`/lacak/` and
# `/survei/?no=...&kode=...`, from the receipt's QR code and the e-mails) and the complaint
# ticket (`/pengaduan/status/?tiket=...`). RedactingLogger (below) also hides the verification
# code in `/verifikasi/<code>/` and cleans the other atoms, should someone add %(r)s or %(f)s.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
)

# Codes that stand in a path (public/urls.py: `verifikasi/<str:code>/`, a permit's QR code).
_CODE_IN_PATH = re.compile(r"^/+verifikasi/+[^/]+", re.IGNORECASE)
REDACTED_PATH = "/verifikasi/[kode]"
# In free text (the error log): a path's query string, or a verification code.
_QUERY_IN_TEXT = re.compile(r"(/[^\s'\"?]*)\?[^\s'\"]*")
_CODE_IN_TEXT = re.compile(r"/+verifikasi/+[^/\s'\"?#]+", re.IGNORECASE)


def log_path(target: str) -> str:
    """A request target (path, path?query, absolute URL) as a log may keep it: the path, decoded,
    without the query string, fragment or verification code."""
    if "://" in target.split("?", 1)[0]:
        target = urlsplit(target).path
    path = unquote(re.split(r"[?#]", target, maxsplit=1)[0]) or "/"
    return _CODE_IN_PATH.sub(REDACTED_PATH, path)


def redact_text(text: str) -> str:
    return _CODE_IN_TEXT.sub(REDACTED_PATH, _QUERY_IN_TEXT.sub(r"\1", text))


class _RedactErrors(logging.Filter):
    """On gunicorn's error log: "Error handling request /lacak/?no=...&kode=..." loses the query."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed message is logging's to report, not ours
            return True
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingLogger(Logger):
    """gunicorn's logger, whose access-log atoms carry no query string and no code."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, _RedactErrors) for f in self.error_log.filters):
            self.error_log.addFilter(_RedactErrors())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        method, protocol = environ.get("REQUEST_METHOD"), environ.get("SERVER_PROTOCOL")
        atoms["r"] = f"{method} {log_path(environ.get('RAW_URI') or '/')} {protocol}"
        # A request gunicorn failed to hand to Django has no PATH_INFO, only RAW_URI.
        atoms["U"] = log_path(environ.get("PATH_INFO") or environ.get("RAW_URI") or "/")
        atoms["q"] = "-"
        referer = environ.get("HTTP_REFERER")
        atoms["f"] = log_path(referer) if referer else "-"
        for key in ("{raw_uri}e", "{path_info}e", "{http_referer}e", "{referer}i"):
            if atoms.get(key):
                atoms[key] = log_path(atoms[key])
        atoms["{query_string}e"] = "-"
        return atoms


logger_class = RedactingLogger

# With LOG_FORMAT=json gunicorn's lines are JSON objects too, like the application's.
if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    _json = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": _json},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }
