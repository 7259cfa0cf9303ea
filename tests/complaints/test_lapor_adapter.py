"""The SP4N-LAPOR! adapter against a fake LAPOR! on loopback: paging, bad records, every failure."""

import json
import time

import pytest

from complaints import lapor
from tests.complaints import fake_lapor
from tests.complaints.fake_lapor import TOKEN, report


@pytest.fixture
def lapor_server(settings):
    yield from fake_lapor.serving(settings)


def refused(call) -> lapor.LaporError:
    with pytest.raises(lapor.LaporError) as error:
        call()
    assert TOKEN not in error.value.message
    return error.value


def test_every_page_is_read_with_the_token_and_the_cursor_comes_back(lapor_server):
    lapor_server.forward(report("LPR-1"), report("LPR-2"), report("LPR-3"))

    fetched = lapor.fetch_forwarded("")

    assert [r.lapor_id for r in fetched.reports] == ["LPR-1", "LPR-2", "LPR-3"]
    assert fetched.next_cursor == "3"
    assert fetched.rejected == []
    assert lapor_server.gets() == ["/api/v1/complaints?page=1", "/api/v1/complaints?page=2"]
    assert {h["Authorization"] for _, _, h, _ in lapor_server.requests} == {f"Bearer {TOKEN}"}
    first = fetched.reports[0]
    assert first.subject == "Izin belum terbit (LPR-1)"
    assert first.name == "Rudi Hartono"
    assert first.forwarded_on.isoformat() == "2026-12-21"


def test_the_next_listing_asks_from_the_cursor(lapor_server):
    lapor_server.forward(report("LPR-1"), report("LPR-2"), report("LPR-3"))

    fetched = lapor.fetch_forwarded("2")

    assert [r.lapor_id for r in fetched.reports] == ["LPR-3"]
    assert lapor_server.gets() == ["/api/v1/complaints?since=2&page=1"]


def test_a_bad_record_is_named_and_the_good_ones_still_come(lapor_server):
    lapor_server.forward(
        report("LPR-1"),
        {k: v for k, v in report("LPR-2").items() if k != "title"},
        report(["not", "an", "id"]),
        report("LPR-4", forwarded_at="2026-12-21 09:00"),
        report("LPR-5", content=42),
        report("LPR-6", anonymous="ya"),
        "bukan objek",
        report("LPR-8"),
    )
    lapor_server.page_size = 3

    fetched = lapor.fetch_forwarded("")

    assert [r.lapor_id for r in fetched.reports] == ["LPR-1", "LPR-8"]
    assert fetched.rejected == [
        'Laporan SP4N-LAPOR! LPR-2: kolom "title" tidak ada',
        'Laporan ke-3 di halaman 1: kolom "id" harus teks atau angka',
        'Laporan SP4N-LAPOR! LPR-4: kolom "forwarded_at" tidak menyebut zona waktu',
        'Laporan SP4N-LAPOR! LPR-5: kolom "content" harus teks',
        'Laporan SP4N-LAPOR! LPR-6: kolom "anonymous" harus true atau false',
        "Laporan ke-1 di halaman 3: bukan objek JSON",
    ]


def test_an_anonymous_reporter_keeps_no_name_and_hidden_characters_go(lapor_server):
    lapor_server.forward(
        report(1234567, anonymous=True, title="Pungutan\u202e liar\u200b di loket\x00"),
    )

    [found] = lapor.fetch_forwarded("").reports

    assert found.lapor_id == "1234567"
    assert found.anonymous and found.name == ""
    assert found.subject == "Pungutan liar di loket"


def test_a_page_that_is_not_json_stops_the_listing_and_says_so(lapor_server):
    lapor_server.fail("GET", 200, b"<html>Gateway</html>")

    error = refused(lambda: lapor.fetch_forwarded(""))

    assert error.retry
    assert "bukan JSON" in error.message


def test_a_page_without_the_listing_shape_is_refused(lapor_server):
    lapor_server.fail("GET", 200, json.dumps({"items": []}).encode())

    error = refused(lambda: lapor.fetch_forwarded(""))

    assert error.retry
    assert '"data" dan "meta"' in error.message


def test_a_server_error_is_retried(lapor_server):
    lapor_server.fail("GET", 503, b"<html>down</html>")

    error = refused(lambda: lapor.fetch_forwarded(""))

    assert (error.retry, error.status) == (True, 503)
    assert "HTTP 503" in error.message


def test_a_wrong_token_is_said_and_not_shown(lapor_server, settings):
    settings.LAPOR_API_TOKEN = "token-lama-rahasia"

    error = refused(lambda: lapor.fetch_forwarded(""))

    assert not error.retry
    assert error.token_refused
    assert "token-lama-rahasia" not in error.message
    assert "LAPOR_API_TOKEN salah" in error.message


def test_a_time_out_is_retried_and_says_so(lapor_server):
    lapor_server.fail("GET", 200, b"{}", delay=2)
    started = time.monotonic()

    error = refused(lambda: lapor.fetch_forwarded(""))

    assert time.monotonic() - started < 1.9
    assert error.retry and error.unreachable
    assert "tidak menjawab dalam 1 detik" in error.message


def test_an_unreachable_lapor_is_retried(lapor_server):
    lapor_server.stop()

    error = refused(lambda: lapor.fetch_forwarded(""))

    assert error.retry and error.unreachable
    assert "tidak dapat dihubungi" in error.message


def test_a_follow_up_is_posted_as_json_with_its_idempotency_key(lapor_server):
    lapor_server.forward(report("LPR/7"))

    reference = lapor.send_follow_up(
        "LPR/7", "answered", "Izin Anda terbit hari ini.", "answered", key="kendali-follow-up-9"
    )

    assert reference == "TL-1"
    [(method, path, headers, raw)] = lapor_server.requests
    assert (method, path) == ("POST", "/api/v1/complaints/LPR%2F7/follow-ups")
    assert headers["Idempotency-Key"] == "kendali-follow-up-9"
    assert headers["Content-Type"] == "application/json"
    assert json.loads(raw) == {
        "kind": "answered",
        "status": "answered",
        "text": "Izin Anda terbit hari ini.",
    }


def test_a_follow_up_of_a_complaint_lapor_does_not_know_is_not_retried(lapor_server):
    error = refused(lambda: lapor.send_follow_up("LPR-404", "closed", "Selesai.", "closed"))

    assert not error.retry
    assert "tidak mengenal laporan LPR-404" in error.message


def test_lapor_s_own_refusal_is_quoted_without_the_token(lapor_server):
    lapor_server.forward(report("LPR-1"))
    echo = json.dumps({"error": {"message": f"text too long (token {TOKEN})"}}).encode()
    lapor_server.fail("POST", 422, echo)

    error = refused(lambda: lapor.send_follow_up("LPR-1", "answered", "x" * 9000, "answered"))

    assert not error.retry
    assert "HTTP 422: text too long (token ***)" in error.message


def test_without_configuration_nothing_is_asked(settings):
    settings.LAPOR_API_URL = ""

    assert not lapor.is_configured()
    error = refused(lambda: lapor.fetch_forwarded(""))
    assert not error.retry
    assert "belum dikonfigurasi" in error.message
