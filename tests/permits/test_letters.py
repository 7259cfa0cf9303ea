"""Numbered letters (issue 16): the register, the letters the steps write, their documents.

The rejection letter, the notice of an incomplete file, the notice of a return for
correction and the handover record are numbered in the step's transaction (no gap, no
repeat, per series and year), written by a task after the commit (rendered once, signed,
stored with their hash), offered on the tracking page and verifiable from their QR code.
"""

import hashlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from office.models import OfficeProfile
from office.roles import Role
from permits import letters, notifications
from permits.models import Letter, LetterKind, LetterSeries, Signatory
from permits.sample import SAMPLE_PDF
from permits.services import TransitionError, perform_transition
from permits.signing import SigningError
from permits.signing.validation import INTACT, check_pdf_signature
from permits.step_work import StepInput
from tests.helpers import error_at
from tests.pdfa import assert_pdfa
from tracking.models import Document, DocumentDownload
from workflow.table import Status

pytestmark = pytest.mark.django_db

REASONS = "- Lokasi pabrik di luar kawasan peruntukan industri\n- NPWP tidak sesuai akta"
CORRECTIONS = "Perbaiki luas lahan pada formulir\nLampirkan denah lokasi terbaru"


def take(application, name, actor, capture, **data):
    with capture(execute=True):
        return perform_transition(
            application_id=application.pk, name=name, actor=actor, data=StepInput(**data)
        )


def text_of(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def stored_bytes(letter: Letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def office():
    profile = OfficeProfile.current()
    profile.head_name = "Drs. H. Ahmad Kepala, M.Si."
    profile.head_nip = "197001011990031001"
    profile.kabid_name = "Siti Kabid, S.T."
    profile.kabid_nip = "198002022005012002"
    profile.save()
    return profile


@pytest.fixture
def rejected(file_at, staff, django_capture_on_commit_callbacks, office):
    application = file_at(Status.RECEIPTED)
    take(
        application,
        "reject",
        staff[Role.BACK_OFFICE],
        django_capture_on_commit_callbacks,
        note=REASONS,
    )
    return application


def test_a_rejection_writes_a_numbered_signed_letter_with_the_reasons(rejected):
    letter = Letter.objects.get(application=rejected)
    year = timezone.localdate().year

    assert letter.kind == LetterKind.REJECTION
    assert letter.number == f"503/001/PNL/DPMPTSP/{year}"
    assert letter.pdf and letter.last_error == ""
    data = stored_bytes(letter)
    assert hashlib.sha256(data).hexdigest() == letter.pdf_sha256
    assert len(data) == letter.pdf_size
    check = check_pdf_signature(data)
    assert check.verdict == INTACT and check.trusted
    text = text_of(letter)
    assert letter.number in text
    assert "Lokasi pabrik di luar kawasan peruntukan industri" in text
    assert "NPWP tidak sesuai akta" in text
    # Signed by the head named in the office profile (the series' signatory).
    assert "Drs. H. Ahmad Kepala, M.Si." in text
    assert f"/verifikasi/surat/{letter.verification_code}/" in text
    # Archival: PDF/A-3b with the letter's number, date, title and office in its XMP.
    assert_pdfa(
        data,
        title=f"{letter.subject} Nomor {letter.number}",
        number=letter.number,
        issued_on=letter.dated,
    )


def test_each_series_counts_on_its_own_without_gaps(
    file_at, staff, django_capture_on_commit_callbacks, office
):
    year = timezone.localdate().year
    for _ in range(2):
        take(
            file_at(Status.RECEIPTED),
            "reject",
            staff[Role.BACK_OFFICE],
            django_capture_on_commit_callbacks,
            note="Tidak memenuhi syarat",
        )
    take(
        file_at(Status.SUBMITTED),
        "mark_incomplete",
        staff[Role.FO],
        django_capture_on_commit_callbacks,
        note="KTP tidak terbaca",
    )
    numbers = sorted(Letter.objects.values_list("number", flat=True))

    assert numbers == [
        f"503/001/BLK/DPMPTSP/{year}",
        f"503/001/PNL/DPMPTSP/{year}",
        f"503/002/PNL/DPMPTSP/{year}",
    ]


def test_a_step_that_rolls_back_gives_its_letter_number_back(
    file_at, staff, django_capture_on_commit_callbacks, office, monkeypatch
):
    application = file_at(Status.RECEIPTED)

    def broken(*args, **kwargs):
        raise RuntimeError("notices are down")

    monkeypatch.setattr(notifications, "queue_step_notices", broken)
    with pytest.raises(RuntimeError):
        take(
            application,
            "reject",
            staff[Role.BACK_OFFICE],
            django_capture_on_commit_callbacks,
            note="x",
        )
    assert not Letter.objects.exists()
    monkeypatch.undo()

    take(
        application, "reject", staff[Role.BACK_OFFICE], django_capture_on_commit_callbacks, note="x"
    )
    assert Letter.objects.get().sequence == 1


def test_numbers_start_again_each_year(file_at, staff, django_capture_on_commit_callbacks, office):
    take(
        file_at(Status.RECEIPTED),
        "reject",
        staff[Role.BACK_OFFICE],
        django_capture_on_commit_callbacks,
        note="x",
    )
    next_year = timezone.localdate().year + 1
    application = file_at(Status.RECEIPTED)
    with time_machine.travel(
        timezone.datetime(next_year, 1, 5, 9, tzinfo=timezone.get_current_timezone())
    ):
        take(
            application,
            "reject",
            staff[Role.BACK_OFFICE],
            django_capture_on_commit_callbacks,
            note="x",
        )

    letter = Letter.objects.get(application=application)
    assert (letter.year, letter.sequence) == (next_year, 1)
    assert letter.number == f"503/001/PNL/DPMPTSP/{next_year}"


def test_the_incomplete_notice_lists_what_is_missing(
    file_at, staff, django_capture_on_commit_callbacks, office
):
    application = file_at(Status.SUBMITTED)
    take(
        application,
        "mark_incomplete",
        staff[Role.FO],
        django_capture_on_commit_callbacks,
        note="Scan KTP buram, mohon dibawa aslinya",
    )
    letter = Letter.objects.get(application=application)
    text = text_of(letter)

    assert letter.kind == LetterKind.INCOMPLETE
    assert "belum lengkap" in text
    for item in letter.content["missing"]:
        assert " ".join(item.split())[:40] in text
    assert "Scan KTP buram" in text
    # The Kabid signs these, on behalf of the head (the series' data).
    assert "a.n. Kepala Dinas" in text and "Siti Kabid, S.T." in text


def test_the_return_notice_says_what_to_correct_and_by_when(
    file_at, staff, django_capture_on_commit_callbacks, office
):
    application = file_at(Status.RECEIPTED)
    standard = application.standard
    standard.correction_days = 5
    standard.save(update_fields=["correction_days"])
    take(
        application,
        "return_for_correction",
        staff[Role.BACK_OFFICE],
        django_capture_on_commit_callbacks,
        note=CORRECTIONS,
    )
    letter = Letter.objects.get(application=application)
    text = text_of(letter)

    from office.calendar import add_working_days
    from office.indonesian import hari_tanggal

    due = add_working_days(letter.dated, 5)
    assert letter.content["due_on"] == due.isoformat()
    assert hari_tanggal(due) in text
    assert "Perbaiki luas lahan pada formulir" in text
    assert "Lampirkan denah lokasi terbaru" in text


def test_the_handover_record_names_the_recipient_and_the_officer(
    file_at, staff, django_capture_on_commit_callbacks, office
):
    application = file_at(Status.NUMBERED)
    fo = staff[Role.FO]
    take(
        application,
        "hand_over",
        fo,
        django_capture_on_commit_callbacks,
        recipient="proxy",
        power_of_attorney=SimpleUploadedFile("kuasa.pdf", SAMPLE_PDF),
        recipient_name="Budi Santoso",
        recipient_identity="1602010101800001",
    )
    letter = Letter.objects.get(application=application, kind=LetterKind.HANDOVER)
    text = text_of(letter)

    assert "BERITA ACARA SERAH TERIMA" in text
    assert_pdfa(stored_bytes(letter), number=letter.number, issued_on=letter.dated)
    assert application.permit.number in text
    assert "Budi Santoso" in text and "1602010101800001" in text
    assert "Kuasa pemohon" in text
    assert (fo.get_full_name() or fo.get_username()) in text


def test_an_electronic_handover_records_the_first_download(
    client, file_at, django_capture_on_commit_callbacks, office
):
    application = file_at(Status.NUMBERED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:download"),
            {"no": application.registration_number, "kode": application.tracking_code},
            REMOTE_ADDR="203.0.113.7",
        )
    assert response.status_code == 200
    letter = Letter.objects.get(application=application, kind=LetterKind.HANDOVER)
    text = text_of(letter)

    assert "diunduh oleh pemohon" in text
    assert "203.0.113.7" in text
    # A second download is not a second handover, and writes no second record.
    client.post(
        reverse("public:download"),
        {"no": application.registration_number, "kode": application.tracking_code},
    )
    assert Letter.objects.filter(application=application, kind=LetterKind.HANDOVER).count() == 1


class FailingSigner:
    def sign(self, pdf, **kwargs):
        raise SigningError("Layanan cap waktu (TSA) tidak dapat dihubungi.")


def test_a_letter_that_cannot_be_signed_keeps_its_number_and_is_retried(
    file_at, staff, django_capture_on_commit_callbacks, office, monkeypatch
):
    monkeypatch.setattr("permits.documents.letter.get_signer", lambda *who: FailingSigner())
    application = file_at(Status.RECEIPTED)
    take(
        application, "reject", staff[Role.BACK_OFFICE], django_capture_on_commit_callbacks, note="x"
    )

    letter = Letter.objects.get(application=application)
    assert letter.sequence == 1 and not letter.pdf
    assert "TSA" in letter.last_error and letter.attempts == 1
    application.refresh_from_db()
    assert application.status == Status.REJECTED  # the step itself went through

    # Not before the pause; then the sweep queues it again and it is written.
    assert letters.sweep() == 0
    monkeypatch.undo()
    later = timezone.now() + letters.RETRY_PAUSE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert letters.sweep() == 1
    letter.refresh_from_db()
    assert letter.pdf and letter.last_error == "" and letter.attempts == 2
    assert letter.sequence == 1  # the same number


def test_a_letter_the_worker_gave_up_on_waits_for_bagian_umum(
    client, file_at, staff, django_capture_on_commit_callbacks, office, monkeypatch
):
    monkeypatch.setattr("permits.documents.letter.get_signer", lambda *who: FailingSigner())
    application = file_at(Status.RECEIPTED)
    take(
        application, "reject", staff[Role.BACK_OFFICE], django_capture_on_commit_callbacks, note="x"
    )
    Letter.objects.update(attempts=letters.MAX_ATTEMPTS)
    assert letters.sweep() == 0

    client.force_login(staff[Role.BAGIAN_UMUM])
    page = client.get(reverse("letter_register")).content.decode()
    assert "Surat yang belum dapat dibuat" in page and "TSA" in page

    monkeypatch.undo()
    letter = Letter.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letter_retry", args=[letter.pk]), follow=True)
    assert "Pembuatan surat diulang" in response.content.decode()
    letter.refresh_from_db()
    assert letter.pdf


def test_running_the_task_twice_writes_one_document(rejected):
    letter = Letter.objects.get(application=rejected)
    name, digest = letter.pdf.name, letter.pdf_sha256

    assert letters.write_document(letter.pk) is False
    letter.refresh_from_db()
    assert (letter.pdf.name, letter.pdf_sha256) == (name, digest)


# --- the applicant's side --------------------------------------------------------------


def credentials(application) -> dict:
    return {"no": application.registration_number, "kode": application.tracking_code}


def test_the_tracking_page_offers_the_letters(client, rejected):
    letter = Letter.objects.get(application=rejected)
    html = client.post(reverse("public:track"), credentials(rejected)).content.decode()

    assert "Surat untuk Anda" in html
    assert letter.number in html
    assert reverse("public:download_letter", args=[letter.pk]) in html


def test_the_applicant_downloads_a_letter_with_the_file_codes(client, rejected):
    letter = Letter.objects.get(application=rejected)
    response = client.post(
        reverse("public:download_letter", args=[letter.pk]), credentials(rejected)
    )

    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == letter.pdf_sha256
    row = DocumentDownload.objects.get(document=Document.LETTER)
    assert (row.application_id, row.item_id, row.user) == (rejected.pk, letter.pk, None)


def test_a_wrong_code_or_another_files_letter_is_refused(client, rejected, file_at):
    letter = Letter.objects.get(application=rejected)
    wrong = client.post(
        reverse("public:download_letter", args=[letter.pk]),
        {"no": rejected.registration_number, "kode": "SALAH123"},
    )
    other = file_at(Status.SUBMITTED)
    elsewhere = client.post(reverse("public:download_letter", args=[letter.pk]), credentials(other))

    assert wrong.status_code == 200 and wrong["Content-Type"].startswith("text/html")
    assert elsewhere.status_code == 404
    assert "belum dapat diunduh" in elsewhere.content.decode()
    assert not DocumentDownload.objects.filter(document=Document.LETTER).exists()


def test_the_verification_page_shows_the_register_record_and_the_signature(client, rejected):
    letter = Letter.objects.get(application=rejected)
    html = client.get(
        reverse("public:verify_letter", args=[letter.verification_code])
    ).content.decode()

    assert letter.number in html
    assert letter.subject in html
    assert letter.pdf_sha256 in html
    assert "Drs. H. Ahmad Kepala, M.Si." in html


def test_uploading_the_letter_matches_and_a_changed_copy_does_not(client, rejected):
    letter = Letter.objects.get(application=rejected)
    url = reverse("public:verify_letter", args=[letter.verification_code])
    data = stored_bytes(letter)
    same = client.post(url, {"document": io.BytesIO(data)}, format="multipart")
    changed = client.post(url, {"document": io.BytesIO(data + b"\n%tambahan\n")})

    assert "Berkas SAMA dengan surat yang dikeluarkan" in same.content.decode()
    assert "Berkas TIDAK sama" in changed.content.decode()


def test_an_unknown_letter_code_is_not_found(client, db):
    response = client.get(reverse("public:verify_letter", args=["tidak-ada"]))
    assert response.status_code == 404
    assert "Surat tidak ditemukan." in response.content.decode()


# --- the staff's side ------------------------------------------------------------------


def test_the_file_page_lists_its_letters_and_opens_the_stored_one(client, staff, rejected):
    letter = Letter.objects.get(application=rejected)
    client.force_login(staff[Role.BACK_OFFICE])
    page = client.get(reverse("application_detail", args=[rejected.pk])).content.decode()
    url = reverse("pdf_letter", args=[rejected.pk, letter.pk])

    assert letter.number in page and url in page
    # The stored letter replaces the unnumbered rejection letter rendered on request.
    assert reverse("pdf_rejection", args=[rejected.pk]) not in page
    response = client.get(url)
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == letter.pdf_sha256


def test_bagian_umum_may_not_open_letters_to_the_applicant(client, staff, rejected):
    letter = Letter.objects.get(application=rejected)
    client.force_login(staff[Role.BAGIAN_UMUM])
    response = client.get(reverse("pdf_letter", args=[rejected.pk, letter.pk]))
    assert response.status_code == 403


def test_the_register_lists_filters_and_searches(
    client, staff, rejected, file_at, django_capture_on_commit_callbacks
):
    take(
        file_at(Status.SUBMITTED),
        "mark_incomplete",
        staff[Role.FO],
        django_capture_on_commit_callbacks,
        note="x",
    )
    client.force_login(staff[Role.BAGIAN_UMUM])
    everything = client.get(reverse("letter_register")).content.decode()
    only_rejections = client.get(reverse("letter_register"), {"seri": "PNL"}).content.decode()
    searched = client.get(
        reverse("letter_register"), {"q": rejected.registration_number}
    ).content.decode()
    nothing = client.get(reverse("letter_register"), {"q": "tidak-ada-surat"}).content.decode()

    assert "/PNL/" in everything and "/BLK/" in everything
    assert "/PNL/" in only_rejections and "/BLK/" not in only_rejections
    assert "/PNL/" in searched and "/BLK/" not in searched
    assert "Tidak ada surat yang cocok" in nothing


def test_the_register_is_for_bagian_umum_and_the_supervisors(client, staff, db):
    for role, expected in [
        (Role.BAGIAN_UMUM, 200),
        (Role.KEPALA_DINAS, 200),
        (Role.FO, 403),
        (Role.COMPLAINT_OFFICER, 403),
    ]:
        client.force_login(staff[role])
        assert client.get(reverse("letter_register")).status_code == expected, role


def test_the_empty_register_says_so(client, staff, db):
    client.force_login(staff[Role.BAGIAN_UMUM])
    assert "Register masih kosong" in client.get(reverse("letter_register")).content.decode()


def test_bagian_umum_takes_a_number_for_a_letter_written_elsewhere(client, staff, db):
    client.force_login(staff[Role.BAGIAN_UMUM])
    today = timezone.localdate()
    response = client.post(
        reverse("letter_new"),
        {
            "dated": today.isoformat(),
            "subject": "Undangan rapat koordinasi perizinan",
            "addressee": "Kepala Dinas Perindustrian",
            "understood": "on",
        },
        follow=True,
    )
    letter = Letter.objects.get()

    assert letter.number == f"001/DPMPTSP/{today.year}"
    assert letter.kind == LetterKind.GENERAL and not letter.pdf
    assert f"Surat dicatat dengan nomor {letter.number}" in response.content.decode()


def test_a_general_letter_with_bad_input_takes_no_number(client, staff, db):
    client.force_login(staff[Role.BAGIAN_UMUM])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("letter_new"),
        {"dated": tomorrow.isoformat(), "subject": "", "addressee": "Bupati"},
    )

    assert response.status_code == 200
    assert "tidak boleh setelah hari ini" in error_at(response, "id_dated")
    assert "Isi perihal surat." in error_at(response, "id_subject")
    assert "Centang pernyataan ini" in error_at(response, "id_understood")
    assert not Letter.objects.exists()
    # What was typed stays in the form.
    assert 'value="Bupati"' in response.content.decode()


def test_only_bagian_umum_takes_a_general_number(client, staff, db):
    client.force_login(staff[Role.FO])
    assert client.get(reverse("letter_new")).status_code == 403


def test_the_register_costs_the_same_queries_for_more_letters(
    client, staff, file_at, django_capture_on_commit_callbacks, django_assert_num_queries, office
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(staff[Role.BAGIAN_UMUM])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("letter_register")).status_code == 200
        return len(queries)

    take(
        file_at(Status.RECEIPTED),
        "reject",
        staff[Role.BACK_OFFICE],
        django_capture_on_commit_callbacks,
        note="x",
    )
    one = count()
    for _ in range(3):
        take(
            file_at(Status.RECEIPTED),
            "reject",
            staff[Role.BACK_OFFICE],
            django_capture_on_commit_callbacks,
            note="x",
        )
    assert count() == one


def test_each_official_signs_with_their_own_certificate(
    file_at, staff, django_capture_on_commit_callbacks, office
):
    """The notice of an incomplete file is the Kabid's (series BLK), the rejection the head's
    (PNL): the certificate in each signature is that official's, as the letter prints."""
    take(
        file_at(Status.SUBMITTED),
        "mark_incomplete",
        staff[Role.FO],
        django_capture_on_commit_callbacks,
        note="KTP buram",
    )
    take(
        file_at(Status.RECEIPTED),
        "reject",
        staff[Role.BACK_OFFICE],
        django_capture_on_commit_callbacks,
        note="x",
    )
    kabid_letter = Letter.objects.get(kind=LetterKind.INCOMPLETE)
    head_letter = Letter.objects.get(kind=LetterKind.REJECTION)

    kabid_check = check_pdf_signature(stored_bytes(kabid_letter))
    head_check = check_pdf_signature(stored_bytes(head_letter))
    assert kabid_check.is_valid and head_check.is_valid
    # The test CA's certificates (config/settings_test.py) carry these names.
    assert kabid_check.signer_name == "Hj. SRI WAHYUNI, S.T., M.M."
    assert head_check.signer_name == "H. AHMAD RIZAL, S.STP., M.Si."
    assert (kabid_letter.signatory, head_letter.signatory) == (Signatory.KABID, Signatory.HEAD)


def test_changing_a_series_signatory_takes_effect_for_the_next_letter(
    file_at, staff, django_capture_on_commit_callbacks, office
):
    series = LetterSeries.objects.get(kind=LetterKind.REJECTION)
    series.signatory = Signatory.KABID
    series.on_behalf = "a.n. Kepala Dinas"
    series.save()
    application = file_at(Status.RECEIPTED)
    take(
        application, "reject", staff[Role.BACK_OFFICE], django_capture_on_commit_callbacks, note="x"
    )
    letter = Letter.objects.get(application=application)
    text = text_of(letter)

    assert "Siti Kabid, S.T." in text and "198002022005012002" in text
    assert "a.n. Kepala Dinas" in text
    assert check_pdf_signature(stored_bytes(letter)).signer_name == "Hj. SRI WAHYUNI, S.T., M.M."


def test_a_missing_series_refuses_the_step_with_a_reason(file_at, staff, office):
    LetterSeries.objects.filter(kind=LetterKind.REJECTION).delete()
    application = file_at(Status.RECEIPTED)
    with pytest.raises(TransitionError, match="Seri nomor surat"):
        perform_transition(
            application_id=application.pk,
            name="reject",
            actor=staff[Role.BACK_OFFICE],
            data=StepInput(note="x"),
        )
    application.refresh_from_db()
    assert application.status == Status.RECEIPTED


def test_a_letter_whose_task_was_lost_is_queued_again_by_the_sweep(file_at, staff, office):
    """The step committed but its task never ran (a worker lost it): the sweep finds it."""
    application = file_at(Status.RECEIPTED)
    perform_transition(  # no on_commit callbacks here: the task is never enqueued
        application_id=application.pk,
        name="reject",
        actor=staff[Role.BACK_OFFICE],
        data=StepInput(note="x"),
    )
    letter = Letter.objects.get(application=application)
    assert not letter.pdf and letter.attempts == 0
    assert letters.sweep() == 0  # not yet lost

    with time_machine.travel(timezone.now() + letters.LOST_AFTER + timedelta(seconds=1)):
        assert letters.sweep() == 1  # the immediate backend writes it at once
    letter.refresh_from_db()
    assert letter.pdf and letter.attempts == 1


def test_a_series_in_use_keeps_its_code_and_kind_in_the_admin(admin_client, rejected):
    series = LetterSeries.objects.get(kind=LetterKind.REJECTION)
    unused = LetterSeries.objects.get(kind=LetterKind.GENERAL)

    used_page = admin_client.get(reverse("admin:permits_letterseries_change", args=[series.pk]))
    unused_page = admin_client.get(reverse("admin:permits_letterseries_change", args=[unused.pk]))

    assert 'name="code"' not in used_page.content.decode()
    assert 'name="code"' in unused_page.content.decode()
    assert (
        admin_client.post(
            reverse("admin:permits_letterseries_delete", args=[series.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert LetterSeries.objects.filter(pk=series.pk).exists()


def test_the_register_says_how_many_letters_it_holds_without_counting_them(
    client, staff, rejected, file_at, django_capture_on_commit_callbacks
):
    """The total under the list comes from the number counters, so it must match the rows:
    every series, one series, one year, and a search (which is counted)."""
    take(
        file_at(Status.SUBMITTED),
        "mark_incomplete",
        staff[Role.FO],
        django_capture_on_commit_callbacks,
        note="x",
    )
    client.force_login(staff[Role.BAGIAN_UMUM])
    client.post(
        reverse("letter_new"),
        {
            "dated": timezone.localdate().isoformat(),
            "subject": "Undangan rapat",
            "addressee": "Bupati",
            "understood": "on",
        },
    )
    year = timezone.localdate().year
    cases = [
        ({}, Letter.objects.count()),
        ({"seri": "PNL"}, Letter.objects.filter(series__code="PNL").count()),
        ({"tahun": year}, Letter.objects.filter(year=year).count()),
        ({"q": "Undangan"}, 1),
    ]
    assert Letter.objects.count() == 3
    for query, expected in cases:
        page = client.get(reverse("letter_register"), query).content.decode()
        assert f"dari {expected} surat" in page, query
