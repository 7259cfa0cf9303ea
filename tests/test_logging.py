"""Structured logs: the request id on every response and log line, one line per transition."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from complaints import services as complaint_services
from complaints.workflow import ComplaintStatus
from config.request_id import RequestContextFilter
from office.roles import Role
from tests.complaints.conftest import complaint_at, officer, simple_tier  # noqa: F401
from tracking.models import ControlCardEntry
from workflow.table import Status

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GENERATED = re.compile(r"[0-9a-f]{32}")


def configured_formatter(name: str) -> logging.Formatter:
    """The formatter config/settings.py gives the console handler for LOG_FORMAT=`name`."""
    config = dict(settings.LOGGING["formatters"][name])
    if "()" in config:
        return import_string(config.pop("()"))(**config)
    return logging.Formatter(config["format"])


@pytest.fixture
def records(caplog):
    """Log records as the console handler sees them: with the request id and the user."""
    caplog.set_level(logging.INFO)
    context = RequestContextFilter()
    caplog.handler.addFilter(context)
    yield caplog
    caplog.handler.removeFilter(context)


def transitions(caplog, event="application.transition"):
    return [r for r in caplog.records if getattr(r, "event", None) == event]


# The step's line is written once its transaction commits, which happens inside the request
# only when the test does not wrap everything in a transaction of its own.
in_real_transactions = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@in_real_transactions
def test_a_step_through_the_desk_logs_one_json_line_with_request_user_file_and_statuses(
    client, staff, file_at, records
):
    application = file_at(Status.PROCESSED)
    officer_user = staff[Role.BACK_OFFICE]
    client.force_login(officer_user)
    records.clear()

    response = client.post(
        reverse("transition", args=[application.pk, "print_draft"]),
        {"expected_status": Status.PROCESSED},
        HTTP_X_REQUEST_ID="nginx-7f3a9c21",
    )

    assert response.status_code == 302
    assert response["X-Request-ID"] == "nginx-7f3a9c21"
    [record] = transitions(records)
    line = json.loads(configured_formatter("json").format(record))
    assert line["request_id"] == "nginx-7f3a9c21"
    assert line["user"] == officer_user.username
    assert line["actor"] == officer_user.username
    assert line["role"] == Role.BACK_OFFICE.value
    assert line["application_id"] == application.pk
    assert line["registration_number"] == application.registration_number
    assert (line["from_status"], line["to_status"]) == (Status.PROCESSED, Status.PRINTED)
    assert line["transition"] == "print_draft"
    assert line["step"] == 4
    assert line["level"] == "INFO"
    assert line["logger"] == "permits.services"
    assert line["time"]


@in_real_transactions
def test_the_plain_format_names_the_request_and_user_too(client, staff, file_at, records):
    application = file_at(Status.PROCESSED)
    client.force_login(staff[Role.BACK_OFFICE])
    records.clear()
    client.post(
        reverse("transition", args=[application.pk, "print_draft"]),
        {"expected_status": Status.PROCESSED},
        HTTP_X_REQUEST_ID="abc-123",
    )
    [record] = transitions(records)
    line = configured_formatter("plain").format(record)
    assert f"[abc-123 {staff[Role.BACK_OFFICE].username}]" in line
    assert f"{application.registration_number}: processed -> printed" in line


def test_a_refused_step_logs_no_transition(
    client, staff, file_at, records, django_capture_on_commit_callbacks
):
    application = file_at(Status.PROCESSED)
    client.force_login(staff[Role.BACK_OFFICE])
    records.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # The officer saw an older status: someone else moved the file meanwhile.
        client.post(
            reverse("transition", args=[application.pk, "print_draft"]),
            {"expected_status": Status.RECEIPTED},
        )
    assert transitions(records) == []


def test_every_step_of_a_whole_journey_logs_one_line(
    file_at, records, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = file_at(Status.HANDED_OVER)
    lines = transitions(records)
    assert lines[0].to_status == Status.SUBMITTED
    assert lines[-1].to_status == Status.HANDED_OVER
    assert {r.application_id for r in lines} == {application.pk}
    # One line for each entry on the control card: no step unlogged, none twice.
    assert len(lines) == ControlCardEntry.objects.filter(application=application).count()
    # Outside a request there is no id and no user, and the filter says so.
    assert {(r.request_id, r.user) for r in lines} == {("-", "-")}


def test_a_complaint_action_logs_one_line_without_the_ticket(
    complaint_at,  # noqa: F811
    officer,  # noqa: F811
    simple_tier,  # noqa: F811
    records,
    django_capture_on_commit_callbacks,
):
    complaint = complaint_at(ComplaintStatus.RECEIVED)
    records.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.perform_action(
            complaint_id=complaint.pk,
            name="verify",
            actor=officer,
            data=complaint_services.ActionInput(tier_id=simple_tier.pk),
        )
    [record] = transitions(records, "complaint.transition")
    line = json.loads(configured_formatter("json").format(record))
    assert line["complaint_id"] == complaint.pk
    assert (line["from_status"], line["to_status"]) == ("received", "verified")
    assert line["actor"] == officer.username
    # The ticket opens the public status page: it is not written to the logs.
    assert complaint.ticket not in json.dumps(line)


# --- the request id -----------------------------------------------------------------


def test_every_response_carries_a_request_id(client, db):
    first = client.get(reverse("login"))
    second = client.get(reverse("login"))
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "incoming",
    ["", "x" * 65, "abc def", "evil\nINFO forged line", '"}{"user": "admin', "../../etc"],
)
def test_an_invalid_incoming_request_id_is_replaced(client, db, incoming):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=incoming)
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_a_proxy_id_is_kept(client, db):
    nginx_id = "5f2b0c8e9d4a4c7f8e6b1a2d3c4e5f60"
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id


def test_djangos_own_lines_for_a_request_carry_its_id_and_none_come_after(client, staff, records):
    client.force_login(staff[Role.FO])
    records.clear()
    response = client.get("/berkas/999999/", HTTP_X_REQUEST_ID="req-not-found")
    assert response.status_code == 404
    [not_found] = [r for r in records.records if r.name == "django.request"]
    assert not_found.request_id == "req-not-found"
    assert not_found.user == staff[Role.FO].username
    logging.getLogger("kendali.test").info("after the request")
    assert records.records[-1].request_id == "-"


# --- the format chosen by the environment -------------------------------------------


def start(tmp_path, code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "KENDALI_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_log_format_json_writes_one_json_object_per_line(tmp_path):
    code = "import logging; logging.getLogger('permits.services').warning('berkas %s', 'X')"
    result = start(tmp_path, code, LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "berkas X"
    assert line["level"] == "WARNING"
    assert (line["request_id"], line["user"]) == ("-", "-")


def test_plain_text_is_the_default(tmp_path):
    result = start(tmp_path, "import logging; logging.getLogger('x').warning('halo')")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING x [- -] halo")


def test_an_unknown_log_format_stops_start_up(tmp_path):
    result = start(tmp_path, "", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr
