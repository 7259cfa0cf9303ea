"""The shipped logs record no tracking code, survey link, ticket or verification code (issue 13).

The receipt's QR code and the e-mails open `/lacak/?no=...&kode=...` and `/survei/?no=...&kode=...`,
the complaint e-mails `/pengaduan/status/?tiket=...`, and a permit's QR code
`/verifikasi/<code>/`: whoever reads a log line with one of them can open the file, the survey
or the complaint. gunicorn's access log (the journal) and nginx's access log keep the path,
never the query string, and the verification code of the path is replaced.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = PROJECT_ROOT / "deploy" / "gunicorn.conf.py"
NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx" / "kendali.conf"

NUMBER = "IUPI-2026-00001"
TRACKING_CODE = "ABCD2345"
TICKET = "KQ7MZP4RXT"
VERIFICATION_CODE = "q3V9xT_2kLmN0pQrStUvWx"
SECRETS = (TRACKING_CODE, TICKET, VERIFICATION_CODE)
HOST = "perizinan.example.go.id"

# (request line, what the operator still reads in the log)
REQUESTS = [
    (f"GET /lacak/?no={NUMBER}&kode={TRACKING_CODE} HTTP/1.1", "GET /lacak/ HTTP/1.1"),
    (f"GET /survei/?no={NUMBER}&kode={TRACKING_CODE} HTTP/1.1", "GET /survei/ HTTP/1.1"),
    (f"GET /pengaduan/status/?tiket={TICKET} HTTP/1.1", "GET /pengaduan/status/ HTTP/1.1"),
    (f"GET /verifikasi/{VERIFICATION_CODE}/ HTTP/1.1", "GET /verifikasi/[kode]/ HTTP/1.1"),
    (f"POST /verifikasi/{VERIFICATION_CODE}/ HTTP/1.1", "POST /verifikasi/[kode]/ HTTP/1.1"),
    (f"GET /verifikasi/{VERIFICATION_CODE} HTTP/1.1", "GET /verifikasi/[kode] HTTP/1.1"),
    # A proxy may send the absolute form; a link may be opened with the code percent-encoded.
    (
        f"GET https://{HOST}/lacak/?kode={TRACKING_CODE}&no={NUMBER} HTTP/1.1",
        "GET /lacak/ HTTP/1.1",
    ),
    (f"GET /lacak/?no={NUMBER}&kode=%41BCD2345 HTTP/1.1", "GET /lacak/ HTTP/1.1"),
    ("GET /berkas/12/pdf/draf/ HTTP/1.1", "GET /berkas/12/pdf/draf/ HTTP/1.1"),
]
ENCODED = "%41BCD2345"
# What nginx's $uri is after the app answers a download with X-Accel-Redirect: the stored name,
# which for a permit is its verification code (permits/models/permit.py).
NGINX_ONLY = [
    (
        f"GET /_private/permits/2026/{VERIFICATION_CODE}.pdf HTTP/1.1",
        "GET /_private/[berkas] HTTP/1.1",
    ),
]

# Runs in its own process, as gunicorn does: reads the shipped config with gunicorn's own loader,
# parses each raw request with gunicorn's parser, builds the WSGI environ, and logs the access
# line (and the line a worker writes when a request fails) with the config's logger class.
PROBE = r"""
import json, sys
from datetime import timedelta
from unittest import mock

from gunicorn.app.base import Application
from gunicorn.http import wsgi
from gunicorn.http.parser import RequestParser


class Probe(Application):
    def init(self, parser, opts, args):
        return None

    def load(self):
        return None


conf, requests = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["gunicorn", "-c", conf, "config.wsgi"]
cfg = Probe().cfg
log = cfg.logger_class(cfg)
peer = ("203.0.113.7", 51000)
for raw in requests:
    req = next(RequestParser(cfg, iter([raw.encode("latin-1")]), peer))
    resp, environ = wsgi.create(req, mock.Mock(), peer, ("127.0.0.1", 8000), cfg)
    resp.start_response("200 OK", [("X-Request-ID", "rid-42"), ("Content-Length", "5")])
    resp.sent = 5
    log.access(resp, req, environ, timedelta(milliseconds=12))
    # When the application fails, the worker logs the error and an access line for its 500,
    # from an environ without PATH_INFO (gunicorn.workers.base.Worker.handle_error).
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("Error handling request %s %s", req.method, req.uri)
    failed = wsgi.Response(req, mock.Mock(), cfg)
    failed.status = "500 Internal Server Error"
    log.access(failed, req, wsgi.default_environ(req, mock.Mock(), cfg), timedelta(0))
    sys.stdout.flush()
    sys.stderr.flush()
"""


def raw_request(line: str) -> str:
    referer = f"https://{HOST}/lacak/?no={NUMBER}&kode={TRACKING_CODE}"
    return (
        f"{line}\r\nHost: {HOST}\r\nUser-Agent: Mozilla/5.0 (Android)\r\n"
        f"Referer: {referer}\r\nX-Request-ID: rid-42\r\nContent-Length: 0\r\n\r\n"
    )


@pytest.fixture(scope="module", params=["plain", "json"])
def gunicorn_log(request) -> list[str]:
    """Every line gunicorn writes, with the shipped config, for the requests above."""
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LOG_FORMAT": request.param,
        "GUNICORN_WORKERS": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(GUNICORN_CONF),
            json.dumps([raw_request(line) for line, _ in REQUESTS]),
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert lines
    return lines


def access_lines(lines: list[str], status: str = "200") -> list[str]:
    found = [line for line in lines if f'" {status} ' in line and "Error handling" not in line]
    assert len(found) == len(REQUESTS), lines
    return found


def test_gunicorn_access_log_records_no_code(gunicorn_log):
    for line in gunicorn_log:
        for secret in (*SECRETS, ENCODED):
            assert secret not in line, line


def test_gunicorn_access_log_still_tells_the_operator_what_was_asked(gunicorn_log):
    for line, (_, seen) in zip(access_lines(gunicorn_log), REQUESTS, strict=True):
        assert seen in line
        assert "203.0.113.7" in line
        assert " 200 " in line
        assert "request_id=rid-42" in line
        assert "Mozilla/5.0 (Android)" in line


def test_gunicorn_logs_of_a_failed_request_record_no_code_but_its_path(gunicorn_log):
    errors = [line for line in gunicorn_log if "Error handling request" in line]
    assert len(errors) == len(REQUESTS)
    for line, (_, seen) in zip(errors, REQUESTS, strict=True):
        method, path, _ = seen.split(" ")
        assert f"Error handling request {method} " in line
        assert path in line
    for line, (_, seen) in zip(access_lines(gunicorn_log, "500"), REQUESTS, strict=True):
        assert seen in line


def test_the_access_log_format_takes_the_path_not_the_request_line(monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    conf = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import runpy; print(runpy.run_path({str(GUNICORN_CONF)!r})['access_log_format'])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    # %(r)s is the request line and %(q)s the query; %(f)s / {referer}i carry the referring
    # page's query. Even a stock gunicorn logger given this format records no query.
    for atom in ("%(r)s", "%(q)s", "%(f)s", "{referer}i", "{raw_uri}e", "{query_string}e"):
        assert atom not in conf
    assert "%(U)s" in conf


# --- nginx ------------------------------------------------------------------------------

FORBIDDEN = ("$request", "$request_uri", "$query_string", "$args", "$arg_", "$http_referer")
TOKEN = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([{};])|([^\s{};'"]+)""")


def nginx_blocks(text: str) -> list:
    """The config as a tree: (directive, [arguments], [children] or None)."""
    text = "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in text.splitlines())
    stack: list[list] = [[]]
    words: list[str] = []
    for match in TOKEN.finditer(text):
        single, double, punct, bare = match.groups()
        if punct is None:
            words.append(single if single is not None else double if double is not None else bare)
        elif punct == ";":
            stack[-1].append((words[0], words[1:], None))
            words = []
        elif punct == "{":
            block = (words[0], words[1:], [])
            stack[-1].append(block)
            stack.append(block[2])
            words = []
        else:
            stack.pop()
    assert len(stack) == 1 and not words, "unbalanced nginx config"
    return stack[0]


def walk(tree, name):
    for directive in tree:
        if directive[0] == name:
            yield directive
        if directive[2]:
            yield from walk(directive[2], name)


@pytest.fixture(scope="module")
def nginx():
    return nginx_blocks(NGINX_CONF.read_text())


def forbidden_in(fmt: str) -> list[str]:
    # `$request` is a prefix of `$request_id`, `$request_time` and `$request_length`.
    return [
        v for v in FORBIDDEN if re.search(re.escape(v) + (r"\w*" if v == "$arg_" else r"\b"), fmt)
    ]


def test_every_nginx_access_log_uses_a_format_without_the_query(nginx):
    formats = {args[0]: "".join(args[1:]) for _, args, _ in walk(nginx, "log_format")}
    logs = list(walk(nginx, "access_log"))
    assert logs
    for _, args, _ in logs:
        if args == ["off"]:
            continue
        # Without a format name nginx uses `combined`, whose "$request" carries the query.
        assert len(args) >= 2, f"access_log {args[0]} has no format: nginx would use combined"
        name = args[1]
        assert name in formats, f"access_log {args[0]} uses {name}, not one of ours"
        assert forbidden_in(formats[name]) == [], (name, formats[name])


def test_every_nginx_server_has_its_own_access_log(nginx):
    # A server without one inherits the http block's, `combined` on Debian: the plain-HTTP
    # server answers links typed without https:// too, query string and all.
    servers = [block for block in walk(nginx, "server") if block[2] is not None]
    assert len(servers) == 2
    for _, _, children in servers:
        assert any(directive[0] == "access_log" for directive in children)


def map_of(entries) -> "callable":
    """A map block as a function of its source value, by nginx's rules: the regular expressions
    in order, the first that matches gives the value (with its captures), else the default."""
    default, patterns = "", []
    for key, values, _ in entries:
        if key == "default":
            default = values[0]
        elif key.startswith("~"):
            flags = re.I if key.startswith("~*") else 0
            patterns.append((re.compile(key.lstrip("~*"), flags), values[0]))

    def value(source: str, variables: dict) -> str:
        for pattern, result in patterns:
            match = pattern.search(source)
            if match:
                named = {f"${k}": v or "" for k, v in match.groupdict().items()}
                numbered = {f"${i}": g or "" for i, g in enumerate(match.groups(), 1)}
                return expand(result, {**variables, **named, **numbered})
        return expand(default, variables)

    return value


def expand(text: str, variables: dict) -> str:
    return re.sub(r"\$\w+", lambda m: variables.get(m.group(0), m.group(0)), text)


@pytest.mark.parametrize(("line", "seen"), REQUESTS + NGINX_ONLY)
def test_nginx_logs_the_path_without_the_code(nginx, line, seen):
    formats = {args[0]: "".join(args[1:]) for _, args, _ in walk(nginx, "log_format")}
    maps = {args[1]: (args[0], map_of(children)) for _, args, children in walk(nginx, "map")}
    method, target, protocol = line.split(" ")
    # nginx's $uri: the path of the request, without the query string (and decoded).
    path = re.sub(r"^https?://[^/]+", "", target).split("?", 1)[0]
    variables = {"$uri": path, "$request_method": method, "$server_protocol": protocol}
    for name in {args[1] for _, args, _ in walk(nginx, "access_log") if args != ["off"]}:
        for variable in re.findall(r"\$\w+", formats[name]):
            if variable in maps and maps[variable][0] in variables:
                source, value = maps[variable]
                variables[variable] = value(variables[source], variables)
        logged = expand(formats[name], variables)
        assert seen in logged, logged
        for secret in SECRETS:
            assert secret not in logged, logged
