"""The desks in Chromium where the first week found them clumsy (issue 13, items 20 and 21).

The Kepala Dinas sees what waits for his signature before the statistics, the Sekretaris
sees no empty queue; the FO takes in a correction with its note and new scan, and hands a
permit over to a proxy with the power of attorney.
"""

import re

import pytest
from playwright.sync_api import expect

from office.roles import Role
from permits.models import Application, Handover
from permits.sample import SAMPLE_PDF
from tests.e2e.steps import PDF_UPLOAD
from tests.helpers import last_entry
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def top(page, locator) -> float:
    return locator.first.bounding_box()["y"]


def test_the_head_sees_his_signing_queue_first_and_the_secretary_no_empty_queue(
    staff, file_at, desk, shot
):
    waiting = file_at(Status.INITIALED)

    head = desk(staff[Role.KEPALA_DINAS])
    row = head.locator("td", has_text=waiting.registration_number)
    overview = head.get_by_text("Ringkasan status")
    expect(row).to_be_visible()
    assert top(head, row) < top(head, overview)
    shot(head, "desk-01-beranda-kepala-dinas")

    secretary = desk(staff[Role.SEKRETARIS])
    expect(secretary.get_by_text("Berkas menunggu tindakan Anda")).to_have_count(0)
    expect(secretary.get_by_text("tanpa antrean tindakan")).to_have_count(0)
    expect(secretary.locator("h1")).to_have_text("Ringkasan berkas")
    shot(secretary, "desk-02-beranda-sekretaris")


def test_the_fo_takes_in_a_correction_with_its_note_and_a_new_scan(staff, file_at, desk, shot):
    application = file_at(Status.RETURNED)
    asked = last_entry(application).comment
    check = application.requirement_checks.select_related("requirement").first()

    fo = desk(staff[Role.FO])
    fo.goto(f"/berkas/{application.pk}/")
    fo.locator("a.btn", has_text="Perbaikan diterima").click()
    fo.wait_for_url(re.compile(r"/tindakan/resubmit/"))
    expect(fo.locator(".correction-note")).to_contain_text(asked)
    fo.fill('[name="note"]', "Formulir perbaikan diserahkan pemohon.")
    fo.locator(f'[name="scan_{check.pk}"]').set_input_files(PDF_UPLOAD)
    shot(fo, "desk-03-perbaikan")
    fo.locator("form.stack button[type=submit]").click()
    fo.wait_for_url(re.compile(rf"/berkas/{application.pk}/$"))

    expect(fo.locator("#kartu").locator("..")).to_contain_text("Pindaian baru")
    check.refresh_from_db()
    with check.scan.open("rb") as stored:
        assert stored.read() == SAMPLE_PDF
    assert Application.objects.get(pk=application.pk).status == Status.RECEIPTED


@pytest.fixture
def numbered(file_at):
    """Built before the browser starts: signing at numbering runs its own event loop."""
    return file_at(Status.NUMBERED)


def test_the_fo_hands_a_permit_over_to_a_proxy_with_the_power_of_attorney(
    staff, numbered, desk, shot
):
    application = numbered
    fo = desk(staff[Role.FO])
    fo.goto(f"/berkas/{application.pk}/tindakan/hand_over/")

    name = fo.locator('[name="recipient_name"]')
    letter = fo.locator('[name="power_of_attorney"]')
    expect(name).to_have_value(application.applicant.name)
    expect(letter).to_be_hidden()  # the applicant in person brings no letter

    fo.get_by_label("Kuasa pemohon (dengan surat kuasa)").check()
    expect(name).to_have_value("")  # the applicant's own name gives way to the proxy's
    expect(letter).to_be_visible()
    name.fill("Siti Rahmawati")
    fo.fill('[name="recipient_identity"]', "KTP 1602015502900002")
    fo.locator("form.stack button[type=submit]").click()

    # Without the letter: refused next to the field, the choice and the names kept.
    error = fo.locator("#id_power_of_attorney_error")
    expect(error).to_contain_text("surat kuasa")
    expect(fo.locator('[name="power_of_attorney"]')).to_be_visible()
    expect(name).to_have_value("Siti Rahmawati")
    shot(fo, "desk-04-serah-kuasa-galat")

    fo.locator('[name="power_of_attorney"]').set_input_files(PDF_UPLOAD)
    fo.locator("form.stack button[type=submit]").click()
    fo.wait_for_url(re.compile(rf"/berkas/{application.pk}/$"))
    expect(fo.locator(".handover")).to_contain_text("Kuasa pemohon: Siti Rahmawati")
    expect(fo.locator(".handover a", has_text="Lihat pindaian")).to_be_visible()
    shot(fo, "desk-05-diserahkan-kuasa")
    assert Handover.objects.get(application=application).recipient == Handover.Recipient.PROXY
