"""The FO intake form in Chromium (issue 13 items 17 and 18): the form shows what applies to
the chosen kind of applicant (static/js/intake.js), takes a rupiah amount with dots, and keeps
the chosen scans when it comes back with an error."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from office.roles import Role
from permits.models import Application
from permits.sample import SAMPLE_PDF
from tests.conftest import PASSWORD
from tests.images import small_png
from tests.permits.test_intake import requirements

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = small_png()


def sign_in(page, user) -> None:
    page.goto("/masuk/")
    page.fill('[name="username"]', user.username)
    page.fill('[name="password"]', PASSWORD)
    page.locator("section.login button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def row(page, requirement):
    return page.locator(f'tr:has([name="req-{requirement.pk}-present"])')


def submit(page):
    page.locator("form.card .actions button[type=submit]").click()


def test_fo_registers_a_wna_with_dots_in_the_amount_and_scans_kept_across_an_error(
    staff, new_context, live_server, console, shot
):
    reqs = requirements()
    page = console.watch(new_context(base_url=live_server.url).new_page())
    sign_in(page, staff[Role.FO])
    page.goto("/berkas/baru/")

    # Before a kind is chosen everything shows; a WNA hides the NIK and the WNI/entity rows.
    expect(page.locator("#id_applicant-nik")).to_be_visible()
    page.locator('[name="applicant-kind"][value="wna"]').check()
    expect(page.locator("#id_applicant-nik")).to_be_hidden()
    expect(page.locator("#id_applicant-ratification_number")).to_be_hidden()
    expect(page.locator("#id_applicant-passport_number")).to_be_visible()
    expect(page.locator("#id_applicant-nationality")).to_be_visible()
    expect(row(page, reqs["wni"])).to_be_hidden()
    expect(row(page, reqs["entity"])).to_be_hidden()
    for key in ("wna", "all4", "all5"):
        expect(row(page, reqs[key])).to_be_visible()

    fields = {
        "applicant-name": "Tan Wei Ming",
        "applicant-passport_number": "A1234567",
        "applicant-nationality": "Malaysia",
        "applicant-npwp": "01.312.166.0-091.000",
        "applicant-kswp_checked_on": timezone.localdate().isoformat(),
        "applicant-email": "tan.wei@contoh.co.id",
        "applicant-phone": "0812-3456-7890",
        "applicant-address": "Jl. Letnan Muchtar Saleh No. 12, Kayuagung",
        "company-company_name": "PT Sawit Lestari Kayuagung",
        "company-company_address": "Jl. Lintas Timur Km 5, Kayuagung",
        "company-nib": "912000000000",  # 12 digits: the error of this first send
        "company-kbli_code": "10431",
        "company-kbli_title": "Industri Minyak Mentah Kelapa Sawit",
        "company-commodity": "CPO",
        "company-capacity_current": "12000",
        "company-capacity_added": "4800.50",
        "company-capacity_unit": "ton",
        "company-investment_value": "25.000.000.000",
        "company-workers_id_men": "120",
        "company-workers_id_women": "45",
        "company-workers_foreign_men": "2",
        "company-workers_foreign_women": "0",
        "company-factory_location": "Desa Celikah, Kecamatan Kayuagung",
        "company-iui_number": "503/101/IUI/DPMPTSP/2023",
        "company-iui_date": "2023-03-14",
    }
    for name, value in fields.items():
        page.fill(f'[name="{name}"]', value)
    page.select_option('[name="company-kbli_edition"]', "2020")
    page.locator('[name="applicant-kswp_result"][value="valid"]').check()
    for key in ("wna", "all4", "all5"):
        page.locator(f'[name="req-{reqs[key].pk}-present"]').check()
    page.set_input_files(
        f'[name="req-{reqs["wna"].pk}-scan"]',
        {"name": "paspor-tan.pdf", "mimeType": "application/pdf", "buffer": SAMPLE_PDF},
    )
    page.set_input_files(
        f'[name="req-{reqs["all4"].pk}-scan"]',
        {"name": "npwp-tan.png", "mimeType": "image/png", "buffer": PNG},
    )
    shot(page, "intake-wna-1280")
    submit(page)

    # Back with the NIB error: the two scans are kept, the kind still hides what does not apply.
    expect(page.locator("#id_company-nib_error")).to_have_text(
        "NIB harus terdiri dari 13 digit angka."
    )
    expect(row(page, reqs["wna"])).to_contain_text("Pindaian tersimpan: paspor-tan.pdf (ganti?)")
    expect(row(page, reqs["all4"])).to_contain_text("Pindaian tersimpan: npwp-tan.png (ganti?)")
    expect(page.get_by_text("Pilih kembali berkasnya")).to_have_count(0)
    expect(page.locator("#id_applicant-nik")).to_be_hidden()
    expect(row(page, reqs["wni"])).to_be_hidden()
    expect(page.locator('[name="company-investment_value"]')).to_have_value("25.000.000.000")
    assert not Application.objects.exists()
    shot(page, "intake-kept-scans-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    shot(page, "intake-kept-scans-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.fill('[name="company-nib"]', "9120000000001")
    submit(page)
    page.wait_for_url(re.compile(r"/berkas/\d+/$"))
    application = Application.objects.get()
    assert application.applicant.kind == "wna"
    assert application.investment_value == 25_000_000_000
    scans = {
        check.requirement_id: check.scan.read()
        for check in application.requirement_checks.exclude(scan="")
    }
    assert scans == {reqs["wna"].pk: SAMPLE_PDF, reqs["all4"].pk: PNG}
    assert not console.errors, console.errors
