"""Bagian Umum numbers a batch of signed files in the background (issue 15): numbers in the
order chosen, one file that fails consumes no number and does not stop the others, a progress
page with a JSON status, and a batch that survives a run cut off in the middle."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from sequences import get_last_value

from office.models import WorkerBeat
from office.roles import Role
from permits import batches
from permits.models import Application, BatchItem, NumberingBatch, Permit
from tests.helpers import error_at, permit_sequence_name
from workflow.table import Status

pytestmark = pytest.mark.django_db


def start(client, files, *, order="waiting", understood=True):
    data = {"files": [f.pk for f in files], "urut": order}
    if understood:
        data["understood"] = "on"
    return client.post(reverse("numbering"), data)


@pytest.fixture
def umum(client, staff):
    client.force_login(staff[Role.BAGIAN_UMUM])
    return staff[Role.BAGIAN_UMUM]


def test_a_batch_numbers_the_files_in_the_order_of_the_list(
    client, umum, file_at, django_capture_on_commit_callbacks
):
    files = [file_at(Status.SIGNED) for _ in range(3)]
    # The list sorted by the applicant's name; the browser sends the ids in another order.
    for application, name in zip(files, ["Citra", "Adi", "Budi"], strict=True):
        application.applicant.name = name
        application.applicant.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, list(reversed(files)), order="applicant")

    batch = NumberingBatch.objects.get()
    assert response.url == reverse("numbering_batch", args=[batch.pk])
    by_name = sorted(files, key=lambda f: f.applicant.name)  # Adi, Budi, Citra
    sequences = [Permit.objects.get(application=f).sequence for f in by_name]
    assert sequences == [1, 2, 3]
    assert get_last_value(permit_sequence_name()) == 3
    assert {Application.objects.get(pk=f.pk).status for f in files} == {Status.NUMBERED}
    assert batch.items.filter(state=BatchItem.State.DONE).count() == 3
    batch.refresh_from_db()
    assert batch.finished_at is not None

    page = client.get(response.url).content.decode()
    assert "Penomoran selesai" in page
    for f in files:
        assert Permit.objects.get(application=f).number in page
    status = client.get(reverse("numbering_status", args=[batch.pk])).json()
    assert (status["done"], status["failed"], status["left"], status["finished"]) == (3, 0, 0, True)
    assert [item["position"] for item in status["items"]] == [1, 2, 3]


def test_a_file_that_fails_consumes_no_number_and_the_others_go_on(
    client, umum, file_at, monkeypatch, django_capture_on_commit_callbacks
):
    files = [file_at(Status.SIGNED) for _ in range(3)]
    from permits.documents import permit as permit_document

    real = permit_document.render_pdf_with_layout
    calls = []

    def second_breaks(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("WeasyPrint: unsupported image")
        return real(*args, **kwargs)

    monkeypatch.setattr("permits.documents.permit.render_pdf_with_layout", second_breaks)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, files)

    batch = NumberingBatch.objects.get()
    first, second, third = batch.items.order_by("position")
    assert (first.state, second.state, third.state) == ("done", "failed", "done")
    assert "dokumen izin tidak dapat dibuat" in second.error
    assert Application.objects.get(pk=second.application_id).status == Status.SIGNED
    assert not Permit.objects.filter(application_id=second.application_id).exists()
    # No gap: the third file took the number the second did not use.
    assert sorted(Permit.objects.values_list("sequence", flat=True)) == [1, 2]

    page = client.get(reverse("numbering_batch", args=[batch.pk])).content.decode()
    assert "1 izin yang gagal" in page
    monkeypatch.setattr("permits.documents.permit.render_pdf_with_layout", real)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("numbering_retry", args=[batch.pk]))
    retry = NumberingBatch.objects.exclude(pk=batch.pk).get()
    assert again.url == reverse("numbering_batch", args=[retry.pk])
    assert Permit.objects.get(application_id=second.application_id).sequence == 3


def test_the_confirmation_must_be_ticked_and_nothing_starts_without_it(client, umum, file_at):
    application = file_at(Status.SIGNED)

    response = start(client, [application], understood=False)

    assert "Centang pernyataan ini" in error_at(response, "id_understood")
    assert not NumberingBatch.objects.exists()
    nothing = start(client, [])
    assert error_at(nothing, "id_files") == "Pilih minimal satu berkas."


def test_a_file_that_moved_on_is_left_out_and_said_so(
    client, umum, file_at, django_capture_on_commit_callbacks
):
    signed, handed = file_at(Status.SIGNED), file_at(Status.HANDED_OVER)
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, [signed, handed])
    page = client.get(response.url).content.decode()
    assert f"{handed.registration_number} tidak ikut" in page
    assert NumberingBatch.objects.get().items.count() == 1


def test_a_run_cut_off_in_the_middle_is_taken_again_and_the_page_says_so(client, umum, file_at):
    files = [file_at(Status.SIGNED) for _ in range(2)]
    # What a worker killed in the middle of the first file leaves: the attempt recorded,
    # the step rolled back with the dead connection (no number, no permit).
    started = batches.start(application_ids=[f.pk for f in files], actor=umum)
    BatchItem.objects.filter(batch=started.batch, position=1).update(attempts=1)

    batches.number_next.call(started.batch.pk)

    first = started.batch.items.get(position=1)
    assert (first.state, first.attempts) == ("done", 2)
    assert sorted(Permit.objects.values_list("sequence", flat=True)) == [1, 2]
    page = client.get(reverse("numbering_batch", args=[started.batch.pk])).content.decode()
    assert "Penomoran sempat terputus" in page
    assert files[0].registration_number in page


def test_a_file_the_worker_dies_on_again_and_again_is_set_aside(client, umum, file_at):
    files = [file_at(Status.SIGNED) for _ in range(2)]
    started = batches.start(application_ids=[f.pk for f in files], actor=umum)
    BatchItem.objects.filter(batch=started.batch, position=1).update(attempts=batches.MAX_ATTEMPTS)

    batches.number_next.call(started.batch.pk)

    first, second = started.batch.items.order_by("position")
    assert first.state == "failed" and "terputus 3 kali" in first.error
    assert second.state == "done"
    assert Permit.objects.get().sequence == 1


def test_running_a_finished_batch_again_changes_nothing(
    client, umum, file_at, django_capture_on_commit_callbacks
):
    files = [file_at(Status.SIGNED) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        start(client, files)
    batch = NumberingBatch.objects.get()

    batches.number_next.call(batch.pk)
    batches.run_one(batch.pk)

    assert Permit.objects.count() == 2
    assert get_last_value(permit_sequence_name()) == 2


def test_the_sweep_queues_again_a_batch_whose_run_was_lost(umum, file_at, monkeypatch):
    application = file_at(Status.SIGNED)
    started = batches.start(application_ids=[application.pk], actor=umum)
    # The commit callback never ran (the process died just after the commit).
    assert started.batch.queued_at is None
    assert batches.sweep() == 0  # too soon to say it is lost

    later = timezone.now() + batches.LOST_AFTER + timedelta(seconds=1)
    assert batches.sweep(now=later) == 1
    assert Application.objects.get(pk=application.pk).status == Status.NUMBERED


@pytest.mark.parametrize("role", [Role.FO, Role.KEPALA_DINAS, Role.SEKRETARIS])
def test_only_bagian_umum_opens_the_numbering_pages(client, staff, umum, file_at, role):
    started = batches.start(application_ids=[file_at(Status.SIGNED).pk], actor=umum)
    client.force_login(staff[role])
    for url in (
        reverse("numbering"),
        reverse("numbering_batch", args=[started.batch.pk]),
        reverse("numbering_status", args=[started.batch.pk]),
    ):
        assert client.get(url).status_code == 403


def test_the_progress_status_costs_the_same_queries_for_2_files_as_for_5(client, umum, file_at):
    def status_queries(count):
        files = [file_at(Status.SIGNED) for _ in range(count)]
        batch = batches.start(application_ids=[f.pk for f in files], actor=umum).batch
        url = reverse("numbering_status", args=[batch.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        assert body["left"] == count
        return len(queries)

    assert status_queries(2) == status_queries(5)


def test_the_list_offers_signed_files_not_already_in_a_running_batch(client, umum, file_at):
    waiting, queued = file_at(Status.SIGNED), file_at(Status.SIGNED)
    batches.start(application_ids=[queued.pk], actor=umum)

    body = client.get(reverse("numbering")).content.decode()

    assert waiting.registration_number in body
    assert f'value="{queued.pk}"' not in body
    assert "1 izin menunggu nomor" in body


def test_a_running_batch_reloads_without_scripts_and_says_when_no_worker_runs(
    client, umum, file_at
):
    started = batches.start(application_ids=[file_at(Status.SIGNED).pk], actor=umum)
    url = reverse("numbering_batch", args=[started.batch.pk])

    page = client.get(url).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "batch-progress.js" in page
    assert "Pekerja latar belakang sedang tidak berjalan" in page
    assert "data-worker-stale hidden" not in page
    assert client.get(reverse("numbering_status", args=[started.batch.pk])).json()["worker_stale"]

    now = timezone.now()
    WorkerBeat.objects.create(worker_id="w-1", started_at=now, last_seen=now, hostname="x")
    assert "data-worker-stale hidden" in client.get(url).content.decode()

    batches.number_next.call(started.batch.pk)
    finished = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in finished
    assert "batch-progress.js" not in finished
    assert "Penomoran selesai" in finished
