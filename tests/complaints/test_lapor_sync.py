"""The SP4N-LAPOR! sync against a fake LAPOR! on loopback: in, out, once, and when LAPOR! fails.

Monday 21 December 2026: LAPOR! forwards complaints to the office. Its limit of 5 working days
skips the cuti bersama (Thursday 24), Christmas (Friday 25) and the weekend: Wednesday 30.
"""

import re
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from complaints import lapor_sync, services
from complaints.models import (
    Channel,
    Complaint,
    ComplaintTier,
    FollowUpState,
    LaporFollowUp,
    LaporSyncRun,
    LaporSyncState,
)
from complaints.services import ActionInput
from complaints.workflow import ComplaintStatus
from office.roles import Role
from tests.clock_fixtures import at
from tests.complaints import fake_lapor
from tests.complaints.fake_lapor import report


@pytest.fixture
def lapor_server(settings):
    yield from fake_lapor.serving(settings)


pytestmark = pytest.mark.django_db

DESK = "/pengaduan/meja/"
MONDAY = at(2026, 12, 21, 10)
SECRET_NOTE = "Catatan internal: pelapor ini kerabat pegawai."
REPLY = "Izin Anda telah terbit; silakan unduh dari halaman lacak berkas."


@pytest.fixture
def clock(travel):
    with travel(MONDAY) as traveller:
        yield traveller


def ran() -> LaporSyncRun:
    record = lapor_sync.run(force=True)
    assert record is not None
    return record


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def desk_html(client, user, query="") -> str:
    client.force_login(user)
    return client.get(DESK + query).content.decode()


# --- complaints in ----------------------------------------------------------------------


def test_forwarded_complaints_arrive_on_the_desk_with_lapor_s_id_and_limit(
    lapor_server, clock, client, officer
):
    lapor_server.forward(report("LPR-0001"), report("LPR-0002", anonymous=True))

    record = ran()

    assert (record.ok, record.fetched, record.created, record.errors) == (True, 2, 2, [])
    first = Complaint.objects.get(lapor_id="LPR-0001")
    assert first.channel == Channel.LAPOR
    assert first.received_on == date(2026, 12, 21)
    assert first.lapor_due_on == date(2026, 12, 30)
    assert first.verify_due_on == date(2026, 12, 28)
    assert first.name == "Rudi Hartono"
    assert Complaint.objects.get(lapor_id="LPR-0002").name == ""

    html = desk_html(client, officer)
    assert "SP4N-LAPOR!" in html
    assert "LPR-0001" in html and "LPR-0002" in html
    assert "LAPOR!: 30 Des 2026" in html

    detail = client.get(f"/pengaduan/{first.pk}/").content.decode()
    assert "Tindak lanjut SP4N-LAPOR! (5 hari kerja)" in detail
    assert "Rabu, 30 Desember 2026" in detail
    assert "Cuti Bersama Hari Raya Natal" in detail
    assert "diteruskan oleh SP4N-LAPOR!" in detail


def test_the_desk_filters_by_channel_and_finds_the_lapor_id(
    lapor_server, clock, client, officer, complaint_at
):
    complaint_at(subject="Pengaduan lewat web")
    lapor_server.forward(report("LPR-0001"))
    ran()

    only_lapor = desk_html(client, officer, "?kanal=lapor")
    assert "LPR-0001" in only_lapor and "Pengaduan lewat web" not in only_lapor
    found = desk_html(client, officer, "?q=lpr-0001")
    assert "LPR-0001" in found and "Pengaduan lewat web" not in found


def test_a_lapor_complaint_past_lapor_s_limit_is_marked_and_comes_first(
    lapor_server, clock, client, officer, complaint_at
):
    lapor_server.forward(report("LPR-0001"))
    ran()
    clock.move_to(at(2027, 1, 4, 9))
    complaint_at(received_on=date(2027, 1, 4), subject="Baru hari ini")
    complaint = Complaint.objects.get(lapor_id="LPR-0001")
    # Verified today as normative (5 working days, Isra Mikraj on the 5th: to 12 January): the
    # office's own deadline is after the new complaint's (8 January), LAPOR!'s (30 December)
    # is past.
    services.perform_action(
        complaint_id=complaint.pk,
        name="verify",
        actor=officer,
        data=ActionInput(tier_id=ComplaintTier.objects.get(code="normative").pk),
    )
    complaint.refresh_from_db()
    assert (complaint.due_on, complaint.is_overdue()) == (date(2027, 1, 12), False)
    assert complaint.is_lapor_overdue()

    html = desk_html(client, officer)
    assert "Lewat batas LAPOR!" in html
    assert html.index("LPR-0001") < html.index("Baru hari ini")
    detail = client.get(f"/pengaduan/{complaint.pk}/").content.decode()
    assert "Melewati batas waktu SP4N-LAPOR!" in detail


def test_a_second_sync_creates_nothing_new(lapor_server, clock):
    lapor_server.forward(report("LPR-0001"), report("LPR-0002"), report("LPR-0003"))
    ran()

    again = ran()

    assert (again.ok, again.fetched, again.created) == (True, 0, 0)
    assert Complaint.objects.filter(channel=Channel.LAPOR).count() == 3
    assert lapor_server.gets()[-1] == "/api/v1/complaints?since=3&page=1"


def test_lapor_sending_the_same_complaints_again_creates_nothing_new(lapor_server, clock):
    lapor_server.forward(report("LPR-0001"), report("LPR-0002"))
    ran()
    LaporSyncState.objects.update(cursor="")  # LAPOR! lists them all again

    again = ran()

    assert (again.fetched, again.created, again.skipped_duplicates) == (2, 0, 2)
    assert Complaint.objects.filter(channel=Channel.LAPOR).count() == 2


def test_a_duplicate_inside_one_page_is_taken_once(lapor_server, clock):
    lapor_server.page_size = 5
    lapor_server.forward(report("LPR-0001"), report("LPR-0001"), report("LPR-0002"))

    record = ran()

    assert (record.created, record.skipped_duplicates) == (2, 1)
    assert Complaint.objects.filter(lapor_id="LPR-0001").count() == 1


def test_a_race_between_two_syncs_is_stopped_by_the_constraint(lapor_server, clock, monkeypatch):
    lapor_server.forward(report("LPR-0001"))
    ran()
    LaporSyncState.objects.update(cursor="")
    # The other sync inserted it after this one looked (the first look sees nothing).
    real, looks = lapor_sync.already_in, []

    def late_look(lapor_id):
        looks.append(lapor_id)
        return len(looks) > 1 and real(lapor_id)

    monkeypatch.setattr(lapor_sync, "already_in", late_look)

    again = ran()

    assert (again.ok, again.created, again.skipped_duplicates, again.errors) == (True, 0, 1, [])
    assert looks == ["LPR-0001", "LPR-0001"]
    assert Complaint.objects.filter(lapor_id="LPR-0001").count() == 1


# --- LAPOR! failing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("break_it", "said"),
    [
        (lambda fake: fake.fail("GET", 500, b"<html>error</html>"), "HTTP 500"),
        (lambda fake: fake.fail("GET", 200, b"{}", delay=2), "tidak menjawab dalam 1 detik"),
        (lambda fake: fake.stop(), "tidak dapat dihubungi"),
    ],
    ids=["server-error", "time-out", "refused"],
)
def test_an_outage_is_recorded_shown_and_backed_off(
    lapor_server, clock, client, officer, break_it, said
):
    lapor_server.forward(report("LPR-0001"))
    ran()
    kept = Complaint.objects.get(lapor_id="LPR-0001")
    lapor_server.forward(report("LPR-0002"))
    break_it(lapor_server)

    failed = ran()

    assert not failed.ok
    assert any(said in error for error in failed.errors)
    assert failed.next_try_at - failed.finished_at == timedelta(minutes=1)
    assert Complaint.objects.get(lapor_id="LPR-0001").status_changed_at == kept.status_changed_at
    assert not Complaint.objects.filter(lapor_id="LPR-0002").exists()
    html = text_of(desk_html(client, officer))
    assert "SP4N-LAPOR!: sinkron terakhir berhasil 21 Desember 2026 10:00; galat terakhir" in html
    assert said in html
    assert "dicoba lagi otomatis 21 Desember 2026 10:01" in html


def test_failed_runs_back_off_1_5_15_then_60_minutes(lapor_server, clock):
    lapor_server.stop()
    waits = []
    for _ in range(5):
        assert lapor_sync.sync() is True  # due: queued and run (immediate backend)
        last = lapor_sync.last_finished()
        assert not last.ok
        waits.append(last.next_try_at - last.finished_at)
        clock.shift(waits[-1] - timedelta(seconds=1))
        assert lapor_sync.sync() is False  # not yet
        clock.shift(timedelta(seconds=1))
    assert waits == [timedelta(minutes=m) for m in (1, 5, 15, 60, 60)]


def test_after_a_good_run_the_next_is_due_in_lapor_sync_minutes(lapor_server, clock):
    assert lapor_sync.sync() is True
    assert lapor_sync.last_finished().ok

    clock.shift(timedelta(minutes=14, seconds=59))
    assert lapor_sync.sync() is False
    clock.shift(timedelta(seconds=1))
    assert lapor_sync.sync() is True
    assert LaporSyncRun.objects.count() == 2


def test_a_good_run_after_an_outage_brings_in_what_was_missed(lapor_server, clock):
    lapor_server.forward(report("LPR-0001"))
    lapor_server.fail("GET", 502, b"")
    assert not ran().ok

    record = ran()

    assert (record.ok, record.created) == (True, 1)


def test_two_runs_never_overlap(lapor_server, clock):
    LaporSyncState.current()
    LaporSyncState.objects.update(lease_until=MONDAY + timedelta(minutes=5), lease_holder="other")

    assert lapor_sync.run(force=True) is None
    assert lapor_sync.sync() is False
    assert lapor_server.requests == []


# --- bad data -------------------------------------------------------------------------------


def test_a_bad_record_is_named_in_the_errors_and_the_good_ones_come_in(
    lapor_server, clock, client, officer
):
    lapor_server.page_size = 5
    lapor_server.forward(
        report("LPR-0001"),
        {k: v for k, v in report("LPR-0002").items() if k != "content"},
        report("LPR-0003"),
    )

    record = ran()

    assert record.ok
    assert (record.fetched, record.created) == (3, 2)
    assert record.errors == ['Laporan SP4N-LAPOR! LPR-0002: kolom "content" tidak ada']
    assert set(Complaint.objects.values_list("lapor_id", flat=True)) == {"LPR-0001", "LPR-0003"}
    assert "LPR-0002: kolom &quot;content&quot; tidak ada" in desk_html(client, officer)


def test_a_page_that_is_not_json_creates_nothing_and_is_read_again(lapor_server, clock):
    lapor_server.forward(report("LPR-0001"))
    lapor_server.fail("GET", 200, b"\x00\xffbukan json")

    failed = ran()

    assert not failed.ok
    assert failed.errors == ["Jawaban SP4N-LAPOR! (halaman 1) tidak dapat dibaca: bukan JSON."]
    assert not Complaint.objects.exists()
    assert ran().created == 1


# --- follow-ups out -------------------------------------------------------------------------


def answer_it(complaint, officer, tier):
    for name in ("verify", "assign", "answer"):
        services.perform_action(
            complaint_id=complaint.pk,
            name=name,
            actor=officer,
            data=ActionInput(
                tier_id=tier.pk, assignee_id=officer.pk, reply=REPLY, note=SECRET_NOTE
            ),
        )


def test_answering_sends_the_reply_to_lapor_once_and_never_the_note(
    lapor_server, clock, officer, simple_tier
):
    lapor_server.forward(report("LPR-0001"))
    ran()
    complaint = Complaint.objects.get(lapor_id="LPR-0001")
    answer_it(complaint, officer, simple_tier)

    record = ran()
    ran()  # a second run sends nothing again

    assert record.pushed == 3
    sent = [(lapor_id, body) for lapor_id, _, body in lapor_server.follow_ups]
    assert [(lapor_id, body["kind"], body["status"]) for lapor_id, body in sent] == [
        ("LPR-0001", "verified", "verified"),
        ("LPR-0001", "assigned", "in_progress"),
        ("LPR-0001", "answered", "answered"),
    ]
    assert sent[2][1]["text"] == REPLY
    assert all(SECRET_NOTE not in body["text"] for _, body in sent)
    assert all("Catatan internal" not in raw.decode() for _, _, _, raw in lapor_server.requests)
    assert set(LaporFollowUp.objects.values_list("state", flat=True)) == {FollowUpState.SENT}


def test_a_complaint_from_another_channel_sends_nothing_to_lapor(lapor_server, clock, complaint_at):
    complaint_at(ComplaintStatus.CLOSED)

    assert not LaporFollowUp.objects.exists()
    assert ran().pushed == 0


def test_a_failed_push_is_retried_next_run_with_the_same_key(
    lapor_server, clock, client, officer, simple_tier
):
    lapor_server.forward(report("LPR-0001"))
    ran()
    complaint = Complaint.objects.get(lapor_id="LPR-0001")
    services.perform_action(
        complaint_id=complaint.pk,
        name="verify",
        actor=officer,
        data=ActionInput(tier_id=simple_tier.pk),
    )
    lapor_server.fail("POST", 503, b"")

    first = ran()
    follow_up = LaporFollowUp.objects.get()
    assert (follow_up.state, follow_up.attempts) == (FollowUpState.PENDING, 1)
    assert "HTTP 503" in follow_up.last_error
    assert first.pushed == 0 and any("HTTP 503" in e for e in first.errors)
    panel = text_of(desk_html(client, officer))
    assert "Tindak lanjut menunggu dikirim ke SP4N-LAPOR!: 1" in panel

    second = ran()

    follow_up.refresh_from_db()
    assert (second.pushed, follow_up.state, follow_up.attempts) == (1, FollowUpState.SENT, 2)
    keys = [h["Idempotency-Key"] for m, _, h, _ in lapor_server.requests if m == "POST"]
    assert keys == [f"kendali-follow-up-{follow_up.pk}"] * 2


def test_a_follow_up_lapor_refuses_is_set_aside_and_shown(
    lapor_server, clock, client, officer, simple_tier
):
    lapor_server.forward(report("LPR-0001"))
    ran()
    complaint = Complaint.objects.get(lapor_id="LPR-0001")
    services.perform_action(
        complaint_id=complaint.pk,
        name="verify",
        actor=officer,
        data=ActionInput(tier_id=simple_tier.pk),
    )
    lapor_server.fail("POST", 422, b'{"error": {"message": "status not allowed"}}')

    ran()
    ran()

    follow_up = LaporFollowUp.objects.get()
    assert (follow_up.state, follow_up.attempts) == (FollowUpState.FAILED, 1)
    client.force_login(officer)
    detail = client.get(f"/pengaduan/{complaint.pk}/").content.decode()
    assert "Ditolak SP4N-LAPOR!" in detail
    assert "status not allowed" in detail


def test_when_lapor_is_down_the_follow_ups_wait(lapor_server, clock, officer, simple_tier):
    lapor_server.forward(report("LPR-0001"))
    ran()
    complaint = Complaint.objects.get(lapor_id="LPR-0001")
    answer_it(complaint, officer, simple_tier)
    lapor_server.stop()

    ran()

    assert set(LaporFollowUp.objects.values_list("state", flat=True)) == {FollowUpState.PENDING}
    # The listing failed: nothing more was tried against a LAPOR! that does not answer.
    assert set(LaporFollowUp.objects.values_list("attempts", flat=True)) == {0}


# --- not configured, the button, the command --------------------------------------------


def test_without_configuration_nothing_happens_and_the_desk_says_so(settings, client, officer, db):
    settings.LAPOR_API_URL = ""
    settings.LAPOR_API_TOKEN = ""

    assert lapor_sync.sync() is False
    assert lapor_sync.run(force=True) is None
    assert not LaporSyncRun.objects.exists()
    html = desk_html(client, officer)
    assert "SP4N-LAPOR! belum dikonfigurasi di server ini" in html
    assert "Sinkronkan sekarang" not in html


def test_the_complaint_officer_syncs_now(
    lapor_server, clock, client, officer, django_capture_on_commit_callbacks
):
    lapor_server.forward(report("LPR-0001"))
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/pengaduan/lapor/sinkronkan/", follow=True)

    assert response.redirect_chain == [("/pengaduan/meja/", 302)]
    html = response.content.decode()
    assert "Sinkronisasi SP4N-LAPOR! dijalankan di latar belakang" in html
    assert Complaint.objects.filter(lapor_id="LPR-0001").exists()
    assert LaporSyncRun.objects.get().ok


@pytest.mark.parametrize("role", [Role.KABID, Role.KEPALA_DINAS, Role.FO])
def test_only_the_complaint_officer_may_sync_now(lapor_server, client, staff, role):
    client.force_login(staff[role])

    assert client.post("/pengaduan/lapor/sinkronkan/").status_code == 403
    assert lapor_server.requests == []


def test_the_panel_is_for_the_complaint_officer(lapor_server, client, staff):
    assert "Sinkronkan sekarang" in desk_html(client, staff[Role.COMPLAINT_OFFICER])
    assert "Sinkronkan sekarang" not in desk_html(client, staff[Role.KABID])


def test_a_request_while_a_run_is_going_is_run_after_it(lapor_server, clock):
    ran()  # the next scheduled run is 15 minutes away
    # Another run is going when the button is pressed: its task finds the lock taken.
    LaporSyncState.objects.update(lease_until=MONDAY + timedelta(minutes=5), lease_holder="other")
    lapor_sync.request_sync()
    assert lapor_sync.run() is None
    assert lapor_sync.sync() is False  # not beside the running one
    LaporSyncState.objects.update(lease_until=None, lease_holder="")  # it ends

    assert lapor_sync.sync() is True  # due at once: it was asked for
    assert LaporSyncRun.objects.count() == 2


def test_the_command_syncs_now(lapor_server, clock, capsys):
    lapor_server.forward(report("LPR-0001"))

    call_command("lapor_sync")

    assert "1 pengaduan baru" in capsys.readouterr().out


def test_the_command_fails_loudly(lapor_server, clock, settings):
    lapor_server.stop()
    with pytest.raises(CommandError, match="tidak dapat dihubungi"):
        call_command("lapor_sync")
    settings.LAPOR_API_TOKEN = ""
    with pytest.raises(CommandError, match="belum dikonfigurasi"):
        call_command("lapor_sync")
