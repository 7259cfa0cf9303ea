"""The renewal of document timestamps (permits/signing/renewal.py), with the clock moved on.

The development PKI on loopback is the TSA and the revocation services. A TSA whose
certificate lives 30 days puts every new B-LTA permit within the 90-day margin at once; the
TSA "renews its certificate" (`devca.issue_new_tsa_certificate`) before the job runs.
"""

import datetime as dt
import errno
import hashlib

import pytest
import time_machine

from office.roles import Role
from permits.models import Letter, Permit
from permits.services import perform_transition
from permits.signing import devca, renewal
from permits.signing.validation import CHECK, VALID, check_pdf_signature
from permits.step_work import StepInput
from tests.signing.conftest import use_pki
from tests.signing.pki import document_timestamps, served_pki, utc
from workflow.table import Status

pytestmark = pytest.mark.django_db


def stored(permit) -> bytes:
    with permit.pdf.open("rb") as handle:
        return handle.read()


def files_in(storage, name: str) -> list[str]:
    """The files stored beside `name` (the permit's folder)."""
    folder = name.rsplit("/", 1)[0]
    return sorted(storage.listdir(folder)[1])


def row(permit) -> tuple:
    permit.refresh_from_db()
    return permit.pdf.name, permit.pdf_sha256, permit.pdf_size, permit.timestamp_expires_at


@pytest.fixture
def short_tsa(tmp_path, settings):
    """Long-term signatures from a PKI whose TSA certificate expires in 30 days."""
    with served_pki(tmp_path / "pki", tsa_days=30) as pki:
        yield use_pki(pki, settings)


@pytest.fixture
def issued(short_tsa, file_at) -> Permit:
    permit = file_at(Status.NUMBERED).permit
    assert permit.timestamp_expires_at is not None
    return permit


def test_a_due_permit_gets_a_new_document_timestamp_and_is_stored_whole(
    short_tsa, issued, django_capture_on_commit_callbacks
):
    before = stored(issued)
    old_name = issued.pdf.name
    storage = issued.pdf.storage
    folder_before = files_in(storage, old_name)
    assert list(renewal.due(Permit)) == [issued]
    new_tsa = devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)

    with django_capture_on_commit_callbacks(execute=True):
        run = renewal.renew_due()

    assert run.renewed == [f"permits.Permit:{issued.pk}"] and not run.failed
    name, sha256, size, expires = row(issued)
    after = stored(issued)
    assert after.startswith(before) and len(after) > len(before)
    assert sha256 == hashlib.sha256(after).hexdigest() and size == len(after)
    assert expires == utc(new_tsa.not_valid_after_utc)
    assert len(document_timestamps(after)) == 2
    assert name != old_name and not storage.exists(old_name)  # the old file is gone
    assert files_in(storage, name) == sorted(
        {*folder_before, name.rsplit("/", 1)[1]} - {old_name.rsplit("/", 1)[1]}
    )
    check = check_pdf_signature(after)
    assert check.summary == VALID
    assert check.long_term_updates == 2
    assert check.long_term_until == expires
    assert list(renewal.due(Permit)) == []


def test_running_twice_changes_nothing_the_second_time(
    short_tsa, issued, django_capture_on_commit_callbacks
):
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.renew_due()
    first = row(issued)
    requests = sum(short_tsa.server.requests.values())

    with django_capture_on_commit_callbacks(execute=True):
        again = renewal.renew_due()

    assert again.renewed == again.failed == again.unchanged == []
    assert row(issued) == first
    assert sum(short_tsa.server.requests.values()) == requests  # nobody was asked


def test_the_renewed_permit_validates_after_the_first_tsa_certificate_expired(
    short_tsa, issued, django_capture_on_commit_callbacks
):
    before = stored(issued)
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.renew_due()
    issued.refresh_from_db()
    after = stored(issued)
    short_tsa.server.stop()  # offline from here on
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=40)  # both the signer's and the first
    # TSA's certificates have expired

    with time_machine.travel(later):
        renewed = check_pdf_signature(after)
        not_renewed = check_pdf_signature(before)

    assert renewed.summary == VALID and renewed.document_timestamps_valid
    assert not_renewed.summary == CHECK


def test_when_the_tsa_still_signs_with_the_same_certificate_nothing_is_written(
    short_tsa, issued, django_capture_on_commit_callbacks
):
    first = row(issued)
    content = stored(issued)
    folder = files_in(issued.pdf.storage, first[0])

    with django_capture_on_commit_callbacks(execute=True):
        run = renewal.renew_due()

    assert run.unchanged == [f"permits.Permit:{issued.pk}"] and not run.renewed
    assert row(issued) == first
    assert stored(issued) == content
    assert files_in(issued.pdf.storage, first[0]) == folder


@pytest.mark.parametrize("service", ["tsa", "ocsp"])
def test_a_failing_service_leaves_the_file_and_the_row_as_they_were(
    short_tsa, issued, service, django_capture_on_commit_callbacks
):
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    first = row(issued)
    content = stored(issued)
    folder = files_in(issued.pdf.storage, first[0])
    short_tsa.server.faults[service] = "500"
    if service == "ocsp":
        short_tsa.server.faults["crl"] = "500"

    with django_capture_on_commit_callbacks(execute=True):
        run = renewal.renew_due()

    assert run.failed == [f"permits.Permit:{issued.pk}"]
    assert row(issued) == first
    assert stored(issued) == content
    assert files_in(issued.pdf.storage, first[0]) == folder


def test_a_full_disk_leaves_no_half_written_file(
    short_tsa, issued, monkeypatch, django_capture_on_commit_callbacks
):
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    first = row(issued)
    content = stored(issued)
    storage = issued.pdf.storage
    folder = files_in(storage, first[0])
    real_save = storage._save

    def half_then_full(name, data):
        written = real_save(name, data)
        with storage.open(written, "wb") as handle:  # what a full disk leaves behind
            handle.write(b"%PDF-1.7\n% terpotong")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_save", half_then_full)

    with django_capture_on_commit_callbacks(execute=True):
        run = renewal.renew_due()

    assert run.failed == [f"permits.Permit:{issued.pk}"]
    assert row(issued) == first
    assert stored(issued) == content
    assert files_in(storage, first[0]) == folder  # the half-written file is gone


def test_a_row_renewed_meanwhile_or_held_by_another_worker_is_skipped(short_tsa, issued):
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    # Another worker renewed it between our list and our lock.
    far = dt.datetime.now(dt.UTC) + dt.timedelta(days=3 * 365)
    Permit.objects.filter(pk=issued.pk).update(timestamp_expires_at=far)
    first = row(issued)

    assert renewal.renew(Permit, issued.pk) is False
    assert row(issued) == first


def test_a_file_that_does_not_match_its_sha256_is_left_alone(short_tsa, issued):
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    Permit.objects.filter(pk=issued.pk).update(pdf_sha256="0" * 64)
    first = row(issued)

    assert renewal.renew(Permit, issued.pk) is False
    assert row(issued) == first


def test_with_the_clock_moved_forward_a_permit_comes_due_and_is_renewed(
    own_long_term, file_at, django_capture_on_commit_callbacks
):
    permit = file_at(Status.NUMBERED).permit
    expires = permit.timestamp_expires_at
    assert renewal.renew_due().renewed == []  # five years to go: not due
    nearly = expires - dt.timedelta(days=60)

    with time_machine.travel(nearly):
        new_tsa = devca.issue_new_tsa_certificate(own_long_term.files, days=5 * 365)
        with django_capture_on_commit_callbacks(execute=True):
            run = renewal.renew_due()
        permit.refresh_from_db()
        check = check_pdf_signature(stored(permit))

    assert run.renewed == [f"permits.Permit:{permit.pk}"]
    assert permit.timestamp_expires_at == utc(new_tsa.not_valid_after_utc)
    assert check.summary == VALID  # the signing certificate expired years ago


def test_the_periodic_job_runs_at_most_once_an_hour(settings, monkeypatch):
    settings.KENDALI_TSA_URL = "http://127.0.0.1:9/tsa"
    calls = []
    monkeypatch.setattr(renewal, "renew_due", lambda: calls.append(1) or renewal.RenewalRun())

    renewal.sweep()
    renewal.sweep()

    assert calls == [1]
    assert "permits.signing.renewal.sweep" in settings.PERIODIC_JOBS


def test_without_a_tsa_the_periodic_job_does_nothing(settings, monkeypatch):
    settings.KENDALI_TSA_URL = None
    monkeypatch.setattr(renewal, "renew_due", lambda: pytest.fail("should not run"))

    assert renewal.sweep() is None


def test_every_model_of_the_renewal_has_the_four_fields():
    from django.apps import apps

    for label in renewal.MODELS:
        names = {field.name for field in apps.get_model(label)._meta.get_fields()}
        assert {"pdf", "pdf_sha256", "pdf_size", "timestamp_expires_at"} <= names


def test_a_copy_downloaded_before_the_renewal_is_recognised_as_issued(
    short_tsa, issued, client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    downloaded = stored(issued)
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)
    with django_capture_on_commit_callbacks(execute=True):
        renewal.renew_due()
    issued.refresh_from_db()
    page = f"/verifikasi/{issued.verification_code}/"

    response = client.post(page, {"document": SimpleUploadedFile("izin.pdf", downloaded)})
    tampered = client.post(
        page, {"document": SimpleUploadedFile("izin.pdf", downloaded + b"% catatan\n")}
    )

    assert response.context["outcome"] == "earlier"
    assert response.context["signed_part"] == "match"
    assert 'data-verdict="valid"' in response.content.decode()
    assert "versi sebelum kantor menambahkan cap waktu dokumen" in response.content.decode()
    assert tampered.context["outcome"] == "mismatch"
    assert 'data-verdict="modified"' in tampered.content.decode()


def test_a_numbered_letter_is_b_lta_and_renewed_like_a_permit(
    short_tsa, file_at, staff, django_capture_on_commit_callbacks
):
    """The letters of the register (permits/letters.py) take the same long-term step."""
    application = file_at(Status.RECEIPTED)
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(
            application_id=application.pk,
            name="reject",
            actor=staff[Role.BACK_OFFICE],
            data=StepInput(note="Lokasi di luar kawasan industri"),
        )
    letter = Letter.objects.get(application=application)
    first = stored(letter)
    check = check_pdf_signature(first)
    assert check.summary == VALID and check.long_term
    assert letter.timestamp_expires_at == utc(short_tsa.tsa_certificate().not_valid_after_utc)
    assert list(renewal.due(Letter)) == [letter]
    devca.issue_new_tsa_certificate(short_tsa.files, days=3 * 365)

    with django_capture_on_commit_callbacks(execute=True):
        run = renewal.renew_due()

    assert f"permits.Letter:{letter.pk}" in run.renewed and not run.failed
    letter.refresh_from_db()
    renewed = stored(letter)
    assert renewed.startswith(first) and len(document_timestamps(renewed)) == 2
    assert letter.pdf_sha256 == hashlib.sha256(renewed).hexdigest()
    assert check_pdf_signature(renewed).summary == VALID
