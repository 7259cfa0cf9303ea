"""Kill the worker in the middle of a numbering batch (issue 15, "Faults"): after a restart
the batch finishes, no number is repeated or skipped, no file is half-issued, and the progress
page says what happened.

The worker is a real process on a database of its own (the test database of an SQLite run
lives in this process's memory), killed with SIGKILL while it renders a permit inside the
numbering transaction; tests/notices/batch_scenario.py drives each process.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = 4


@pytest.fixture
def scenario(tmp_path):
    database = tmp_path / "batch.sqlite3"
    media = tmp_path / "media"
    media.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notices.worker_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "KENDALI_SCENARIO_MEDIA": str(media),
        "PYTHONPATH": str(ROOT),
    }

    def run(*args, timeout=300) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.notices.batch_scenario", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def spawn(*args) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.notices.batch_scenario", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def items() -> list[tuple[int, str, int]]:
        with sqlite3.connect(database, timeout=30) as db:
            return db.execute(
                "SELECT position, state, attempts FROM permits_batchitem ORDER BY position"
            ).fetchall()

    return run, spawn, items, media


def wait_for(condition, *, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("waited too long")


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing(scenario):
    run, spawn, items, media = scenario
    run("setup", str(FILES))
    doomed = spawn("doomed")
    try:
        # The first file numbered, the second claimed: the worker is rendering it now.
        wait_for(lambda: [row[1:] for row in items()[:2]] == [("done", 1), ("waiting", 1)])
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    assert [state for _, state, _ in items()] == ["done", "waiting", "waiting", "waiting"]

    run("restart")
    report = json.loads(run("report"))

    assert report["finished"]
    assert [item["state"] for item in report["items"]] == ["done"] * FILES
    # Numbers in the order of the batch, none repeated, none skipped, the counter at the last.
    by_file = {p["application_id"]: p["sequence"] for p in report["permits"]}
    assert [by_file[item["application_id"]] for item in report["items"]] == [1, 2, 3, 4]
    assert report["counter"] == FILES
    assert report["statuses"] == ["numbered"]
    # The second file was taken twice; the page says so.
    assert [item["attempts"] for item in report["items"]] == [1, 2, 1, 1]
    assert report["page_says_interrupted"] and report["page_says_finished"]
    # No half-issued file: every permit has its PDF, and no PDF without its permit.
    stored = {str(p.relative_to(media)) for p in (media / "permits").rglob("*.pdf")}
    kept = {p["pdf"] for p in report["permits"]}
    assert "" not in kept
    assert stored == kept
