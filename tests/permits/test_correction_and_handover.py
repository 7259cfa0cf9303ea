"""The FO takes in a correction and hands the permit over (issue 13, item 20).

A correction comes with a note of what the applicant corrected and, where documents were
corrected, their new scans, which replace the earlier ones. The handover form starts from
the applicant's own name and identity; a proxy (kuasa) brings a power of attorney, kept
with the file and opened from its page.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from office.roles import Role
from permits.models import Handover, RequirementCheck
from permits.sample import SAMPLE_PDF
from permits.services import (
    StepInput,
    TransitionError,
    perform_transition,
    record_electronic_handover,
)
from tests.helpers import footprint, last_entry
from tests.images import small_png
from workflow.table import Status

pytestmark = pytest.mark.django_db


def step_url(application, name: str) -> str:
    return reverse("transition", args=[application.pk, name])


def field_error(page: str, field: str) -> str:
    """The text of the error partial under `field`, or '' when there is none."""
    marker = f'id="id_{field}_error"'
    if marker not in page:
        return ""
    return page.split(marker, 1)[1].split("</div>", 1)[0]


# --- the correction ---------------------------------------------------------------------


def test_the_correction_page_shows_what_the_back_office_asked_for(client, staff, file_at):
    application = file_at(Status.RETURNED)
    asked = last_entry(application).comment
    client.force_login(staff[Role.FO])

    page = client.get(step_url(application, "resubmit")).content.decode()

    assert "Catatan perbaikan dari Petugas Back Office" in page
    assert asked in page
    assert 'enctype="multipart/form-data"' in page
    # One optional upload per requirement of the file, labelled with the requirement.
    for check in application.requirement_checks.select_related("requirement"):
        assert f'name="scan_{check.pk}"' in page
        assert check.requirement.text in page


def test_a_correction_without_a_note_is_refused_next_to_the_note(client, staff, file_at):
    application = file_at(Status.RETURNED)
    before = footprint(application)
    client.force_login(staff[Role.FO])

    response = client.post(step_url(application, "resubmit"), {"expected_status": Status.RETURNED})

    assert response.status_code == 200
    assert "Yang diperbaiki pemohon wajib diisi." in field_error(response.content.decode(), "note")
    assert footprint(application) == before


def test_new_scans_replace_the_earlier_ones_and_the_card_names_them(client, staff, file_at):
    application = file_at(Status.RETURNED)
    check = application.requirement_checks.select_related("requirement").first()
    earlier = RequirementCheck.objects.get(pk=check.pk).scan
    earlier_name = earlier.name
    client.force_login(staff[Role.FO])

    response = client.post(
        step_url(application, "resubmit"),
        {
            "expected_status": Status.RETURNED,
            "note": "Formulir diperbaiki: kapasitas tambahan 25% sesuai BAP.",
            f"scan_{check.pk}": SimpleUploadedFile("formulir-baru.pdf", SAMPLE_PDF),
        },
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.RECEIPTED
    check.refresh_from_db()
    assert check.scan.name != earlier_name
    assert check.scan.name.endswith(".pdf")
    assert check.present
    assert check.checked_by == staff[Role.FO]
    with check.scan.open("rb") as stored:
        assert stored.read() == SAMPLE_PDF
    entry = last_entry(application)
    assert entry.comment == "Formulir diperbaiki: kapasitas tambahan 25% sesuai BAP."
    assert entry.context == {"corrected_scans": [check.requirement.text]}
    if earlier_name:
        assert not check.scan.storage.exists(earlier_name)

    # The file page shows the corrected document on the control card.
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "Pindaian baru" in page


def test_a_correction_without_new_scans_keeps_the_scans(client, staff, file_at):
    application = file_at(Status.RETURNED)
    scans = dict(application.requirement_checks.values_list("pk", "scan"))
    client.force_login(staff[Role.FO])

    client.post(
        step_url(application, "resubmit"),
        {"expected_status": Status.RETURNED, "note": "Pemohon menjelaskan secara lisan."},
    )

    application.refresh_from_db()
    assert application.status == Status.RECEIPTED
    assert dict(application.requirement_checks.values_list("pk", "scan")) == scans
    assert last_entry(application).context == {}


def test_a_scan_that_is_not_a_document_is_refused_at_its_row(client, staff, file_at):
    application = file_at(Status.RETURNED)
    check = application.requirement_checks.first()
    before = footprint(application)
    client.force_login(staff[Role.FO])

    response = client.post(
        step_url(application, "resubmit"),
        {
            "expected_status": Status.RETURNED,
            "note": "Perbaikan.",
            f"scan_{check.pk}": SimpleUploadedFile("surat.pdf", b"bukan dokumen"),
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "PDF, JPEG atau PNG" in field_error(page, f"scan_{check.pk}")
    assert "Pilih kembali berkasnya" in page  # the browser dropped the chosen file
    assert footprint(application) == before


def test_an_image_over_the_pixel_limit_is_refused_at_its_row(client, staff, file_at, settings):
    settings.UPLOAD_MAX_PIXELS = 100 * 100
    application = file_at(Status.RETURNED)
    check = application.requirement_checks.first()
    client.force_login(staff[Role.FO])

    response = client.post(
        step_url(application, "resubmit"),
        {
            "expected_status": Status.RETURNED,
            "note": "Perbaikan.",
            f"scan_{check.pk}": SimpleUploadedFile("foto.png", small_png(200, 200)),
        },
    )

    assert "Gambar terlalu besar" in field_error(response.content.decode(), f"scan_{check.pk}")
    assert type(application).objects.get(pk=application.pk).status == Status.RETURNED


# --- the handover -----------------------------------------------------------------------


def test_the_handover_form_starts_from_the_applicant(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    applicant = application.applicant
    client.force_login(staff[Role.FO])

    response = client.get(step_url(application, "hand_over"))

    form = response.context["form"]
    assert form["recipient"].value() == Handover.Recipient.APPLICANT
    assert form["recipient_name"].value() == applicant.name
    expected = f"KTP {applicant.nik}" if applicant.nik else ""
    if applicant.kind == applicant.Kind.WNA:
        expected = f"Paspor {applicant.passport_number}"
    assert form["recipient_identity"].value() == expected
    assert 'name="power_of_attorney"' in response.content.decode()


def hand_over(client, application, **fields):
    data = {
        "expected_status": Status.NUMBERED,
        "recipient": "proxy",
        "recipient_name": "Siti Rahmawati",
        "recipient_identity": "KTP 1602015502900002",
        **fields,
    }
    return client.post(step_url(application, "hand_over"), data)


def test_a_proxy_without_a_power_of_attorney_is_refused(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    before = footprint(application)
    client.force_login(staff[Role.FO])

    response = hand_over(client, application)

    assert "surat kuasa" in field_error(response.content.decode(), "power_of_attorney")
    assert footprint(application) == before
    assert not Handover.objects.filter(application=application).exists()


def test_a_proxy_with_the_applicants_own_identity_is_refused(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    applicant = application.applicant
    applicant.kind, applicant.nik = applicant.Kind.WNI, "1602011708850001"
    applicant.save()
    client.force_login(staff[Role.FO])

    response = hand_over(
        client,
        application,
        recipient_identity="ktp 1602 0117 0885 0001",
        power_of_attorney=SimpleUploadedFile("kuasa.pdf", SAMPLE_PDF),
    )

    assert "Pemohon sendiri" in field_error(response.content.decode(), "recipient_identity")
    assert type(application).objects.get(pk=application.pk).status == Status.NUMBERED


def test_a_proxy_hands_over_with_the_letter_kept_and_opened_from_the_file(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    client.force_login(staff[Role.FO])

    response = hand_over(
        client, application, power_of_attorney=SimpleUploadedFile("kuasa.pdf", SAMPLE_PDF)
    )

    assert response.status_code == 302
    handover = Handover.objects.get(application=application)
    assert handover.recipient == Handover.Recipient.PROXY
    assert handover.recipient_name == "Siti Rahmawati"
    assert handover.handed_over_by == staff[Role.FO]
    entry = last_entry(application)
    assert entry.context["recipient"] == "proxy"
    assert entry.context["recipient_name"] == "Siti Rahmawati"

    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    link = reverse("document", args=[application.pk, "kuasa", handover.pk])
    assert "Kuasa pemohon: Siti Rahmawati" in page
    assert f'href="{link}"' in page
    opened = client.get(link)
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == SAMPLE_PDF

    # Bagian Umum works on the file but never opens the applicant's uploads.
    client.force_login(staff[Role.BAGIAN_UMUM])
    assert client.get(link).status_code == 403


def test_the_applicant_in_person_needs_no_letter(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    client.force_login(staff[Role.FO])

    response = hand_over(client, application, recipient="applicant")

    assert response.status_code == 302
    handover = Handover.objects.get(application=application)
    assert handover.recipient == Handover.Recipient.APPLICANT
    assert not handover.power_of_attorney
    assert "recipient" not in last_entry(application).context


def test_a_download_by_the_applicant_is_recorded_as_an_electronic_handover(staff, file_at):
    application = file_at(Status.NUMBERED)

    assert record_electronic_handover(application_id=application.pk)

    handover = Handover.objects.get(application=application)
    assert handover.recipient == Handover.Recipient.DOWNLOAD
    assert handover.handed_over_by is None


def test_the_service_refuses_a_recipient_longer_than_the_record_keeps(staff, file_at):
    application = file_at(Status.NUMBERED)
    data = StepInput(recipient_name="Siti", recipient_identity="K" * 101)

    with pytest.raises(TransitionError) as refused:
        perform_transition(
            application_id=application.pk, name="hand_over", actor=staff[Role.FO], data=data
        )

    assert refused.value.field == "recipient_identity"
    assert "paling banyak 100 karakter" in refused.value.message
    assert not Handover.objects.filter(application=application).exists()
