"""The whole product in Chromium: every desk, the applicant's pages, and the refusals.

Each officer works in their own browser context, logged in through the login page; the
applicant uses a fresh context without an account.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from office.roles import APPLICANT_ROLE, Role
from permits.models import Application, Permit
from tests.conftest import PASSWORD
from tests.e2e.steps import PDF_UPLOAD, fill_form, take_step
from tests.helpers import valid_post
from tracking.models import ControlCardEntry
from workflow.table import Status

pytestmark = [
    pytest.mark.e2e,
    # The live server runs in another thread: real commits (seeded rows: see conftest).
    pytest.mark.django_db(transaction=True),
]


def test_a_file_goes_from_the_counter_to_the_applicant_in_the_browser(
    staff, desk, new_context, live_server, console, shot
):
    # FO: the login page, the home page, the intake form with an upload.
    anonymous = console.watch(new_context(base_url=live_server.url).new_page())
    anonymous.goto("/masuk/")
    shot(anonymous, "01-masuk")

    fo = desk(staff[Role.FO])
    shot(fo, "02-beranda-fo")
    fo.goto("/berkas/baru/")
    data = valid_post()
    fill_form(fo, {k: v for k, v in data.items() if not k.startswith("req-")})
    for name, value in data.items():
        box = fo.locator(f'[name="{name}"]')
        # Rows for another kind of applicant are hidden (static/js/intake.js): not ticked.
        if name.endswith("-present") and value and box.is_visible():
            box.check()
    first_scan = fo.locator('input[type="file"][name^="req-"]').first
    first_scan.set_input_files(PDF_UPLOAD)
    shot(fo, "03-pendaftaran")
    fo.locator(
        "form.card > button[type=submit], form.card .actions button[type=submit]"
    ).first.click()
    fo.wait_for_url(re.compile(r"/berkas/\d+/$"))
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.requirement_checks.exclude(scan="").count() == 1

    application = take_step(fo, application, "Terbitkan tanda terima")
    assert application.status == Status.RECEIPTED
    shot(fo, "04-berkas-fo")
    receipt = fo.locator("a[href$='/pdf/tanda-terima/']").first.get_attribute("href")
    response = fo.request.get(receipt)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Back office: every commitment with its evidence, then the BAP (which is the evidence of
    # the field-inspection commitment: that one asks for no upload).
    bo = desk(staff[Role.BACK_OFFICE])
    # Before any verification the file page does not offer "Selesai diproses" but says what is
    # still missing (issue 13, item 4); the confirmation page says the same, without a button.
    bo.goto(f"/berkas/{application.pk}/")
    expect(bo.locator("a.btn", has_text="Selesai diproses")).to_have_count(0)
    not_yet = bo.locator(".not-yet", has_text="Selesai diproses")
    expect(not_yet).to_be_visible()
    expect(not_yet.locator("li").first).to_be_visible()
    bo.goto(f"/berkas/{application.pk}/tindakan/process/")
    expect(bo.locator(".not-yet")).to_be_visible()
    expect(bo.locator("form.stack button[type=submit]")).to_have_count(0)
    bo.goto(f"/berkas/{application.pk}/verifikasi/")
    shot(bo, "05-verifikasi")
    links = [a.get_attribute("href") for a in bo.locator("a.btn[href*='/komitmen/']").all()]
    assert len(links) == application.commitment_checks.count() > 0
    for index, href in enumerate(links):
        bo.goto(href)
        if not bo.locator('[name="evidence_file"]').count():
            expect(bo.locator("main")).to_contain_text("BAP")
            continue
        fill_form(
            bo,
            {
                "reference_number": f"BUKTI/{index + 1}/2025",
                "evidence_date": timezone.localdate().isoformat(),
                "verified": True,
            },
        )
        bo.locator('[name="evidence_file"]').set_input_files(PDF_UPLOAD)
        if index == 0:
            shot(bo, "06-komitmen")
        bo.locator("form.card .actions button[type=submit]").click()
        bo.wait_for_url(re.compile(r"/verifikasi/$"))
    assert application.commitment_checks.filter(verified_at__isnull=True).count() == 1
    bo.goto(f"/berkas/{application.pk}/bap/")
    fill_form(
        bo,
        {
            "inspected_on": timezone.localdate().isoformat(),
            "team_members": "Ir. Hendra Wijaya\nRina Marlina, S.T.",
            "findings": "Mesin tambahan terpasang sesuai rencana.",
            "recommendation": "feasible",
        },
    )
    shot(bo, "07-bap")
    bo.locator("form.card button[type=submit]").click()
    bo.wait_for_load_state()
    assert not application.commitment_checks.filter(verified_at__isnull=True).exists()
    application = take_step(bo, application, "Selesai diproses")
    assert application.status == Status.PROCESSED
    application = take_step(bo, application, "Cetak draf izin")
    draft = bo.request.get(f"/berkas/{application.pk}/pdf/draf/")
    assert draft.status == 200
    assert draft.headers["content-type"] == "application/pdf"

    application = take_step(desk(staff[Role.KABID]), application, "Paraf draf izin")
    assert application.status == Status.INITIALED
    head = desk(staff[Role.KEPALA_DINAS])
    application = take_step(
        head, application, "Tandatangani izin", snap=(shot, "08-tanda-tangan"), password=PASSWORD
    )
    assert application.status == Status.SIGNED
    umum = desk(staff[Role.BAGIAN_UMUM])
    application = take_step(umum, application, "Beri nomor izin")
    assert application.status == Status.NUMBERED
    permit = Permit.objects.get(application=application)
    expect(umum.locator(".permit-number")).to_have_text(permit.number)
    shot(umum, "09-berkas-bernomor")

    # The applicant: no account, a fresh browser.
    applicant = console.watch(new_context(base_url=live_server.url).new_page())
    applicant.goto("/lacak/")
    applicant.fill('[name="no"]', application.registration_number)
    applicant.fill('[name="kode"]', application.tracking_code)
    applicant.get_by_role("button", name="Lacak").click()
    expect(applicant.locator("#hasil")).to_contain_text(application.registration_number)
    shot(applicant, "10-lacak")
    with applicant.expect_download() as download_info:
        applicant.get_by_role("button", name="Unduh dokumen izin (PDF)").click()
    downloaded = download_info.value.path()
    with open(downloaded, "rb") as handle:
        assert handle.read(4) == b"%PDF"

    # The QR code on the permit leads to its verification page; the applicant checks the file.
    applicant.goto(f"/verifikasi/{permit.verification_code}/")
    applicant.locator('[name="document"]').set_input_files(downloaded)
    applicant.get_by_role("button", name="Periksa berkas").click()
    expect(applicant.get_by_text("Dokumen SAMA dengan dokumen yang diterbitkan.")).to_be_visible()
    shot(applicant, "11-verifikasi-dokumen")

    # The survey, reached from the tracking page.
    applicant.goto("/lacak/")
    applicant.fill('[name="no"]', application.registration_number)
    applicant.fill('[name="kode"]', application.tracking_code)
    applicant.get_by_role("button", name="Lacak").click()
    applicant.get_by_role("link", name="Isi survei kepuasan").click()
    applicant.wait_for_url(re.compile(r"/survei/"))
    names = applicant.locator("form.survey input[type=radio]").evaluate_all(
        "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        applicant.locator(f'form.survey input[type=radio][name="{name}"]').last.check()
    applicant.fill('[name="suggestion"]', "Pelayanan cepat dan ramah.")
    shot(applicant, "12-survei")
    applicant.get_by_role("button", name="Kirim jawaban survei").click()
    applicant.wait_for_url(re.compile(r"/survei/terima-kasih/"))
    shot(applicant, "13-survei-terima-kasih")

    # A complaint on the public form.
    applicant.goto("/pengaduan/")
    fill_form(
        applicant,
        {
            "name": "Ahmad Fauzi",
            "email": "ahmad.fauzi@contoh.co.id",
            "phone": "0812-3456-7890",
            "related_number": application.registration_number,
            "subject": "Antrean loket terlalu lama",
            "description": "Saya menunggu lebih dari satu jam di loket Front Office.",
        },
    )
    applicant.locator('[name="category"]').select_option(index=1)
    shot(applicant, "14-pengaduan")
    applicant.get_by_role("button", name="Kirim pengaduan").click()
    applicant.wait_for_url(re.compile(r"/pengaduan/terkirim/"))
    shot(applicant, "15-pengaduan-terkirim")

    card = list(
        ControlCardEntry.objects.filter(application=application).values_list(
            "transition", "actor_role"
        )
    )
    assert card == [
        ("register", Role.FO),
        ("issue_receipt", Role.FO),
        ("process", Role.BACK_OFFICE),
        ("print_draft", Role.BACK_OFFICE),
        ("initial", Role.KABID),
        ("sign", Role.KEPALA_DINAS),
        ("number", Role.BAGIAN_UMUM),
        # Downloading the electronic permit hands it over.
        ("hand_over", APPLICANT_ROLE),
    ]
    assert not console.errors, console.errors


def test_a_wrong_role_sees_no_buttons_and_a_forced_post_is_refused(staff, file_at, desk):
    application = file_at(Status.RECEIPTED)
    kabid = desk(staff[Role.KABID])
    kabid.goto(f"/berkas/{application.pk}/")
    expect(kabid.locator("h1")).to_be_visible()
    assert kabid.locator("a[href*='/tindakan/']").count() == 0
    assert kabid.locator("a[href*='/verifikasi/']").count() == 0

    token = next(c["value"] for c in kabid.context.cookies() if c["name"] == "csrftoken")
    response = kabid.request.post(
        f"/berkas/{application.pk}/tindakan/process/",
        form={"csrfmiddlewaretoken": token, "expected_status": Status.RECEIPTED},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 403
    assert "CSRF" not in response.text()
    assert Application.objects.get(pk=application.pk).status == Status.RECEIPTED


def test_a_double_click_on_a_step_performs_it_once(staff, file_at, desk, shot):
    application = file_at(Status.PROCESSED)
    before = ControlCardEntry.objects.filter(application=application).count()
    bo = desk(staff[Role.BACK_OFFICE])
    bo.goto(f"/berkas/{application.pk}/tindakan/print_draft/")
    shot(bo, "16-konfirmasi-langkah")
    bo.dblclick("form.stack button[type=submit]")
    # The step renders the draft PDF before it answers: wait for the file's page, however
    # long that takes on a busy machine, then for any second request to have settled.
    bo.wait_for_url(f"**/berkas/{application.pk}/", timeout=30_000)
    bo.wait_for_load_state("networkidle")
    bo.wait_for_timeout(300)
    entries = ControlCardEntry.objects.filter(application=application)
    assert entries.count() == before + 1
    assert entries.filter(transition="print_draft").count() == 1
    assert Application.objects.get(pk=application.pk).status == Status.PRINTED
