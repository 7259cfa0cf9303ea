"""An administrator adds a service in the browser and a file of it goes from the counter to the
handover with its own receipt, permit and number (issue 14, "Administrator in the browser").

Everything is typed into the admin's own pages: the service, its version with the declared
fields, requirements, commitments, legal basis and decree. Then each officer takes the file
through the procedure in their own browser, as in the IUPI journey.
"""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from office.roles import Role
from permits.models import Application, Permit, Service, ServiceStandard
from tests.conftest import PASSWORD
from tests.e2e.steps import PDF_UPLOAD, fill_form, take_step
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIELDS = [
    {"name": "nomor_str", "type": "text", "label": "Nomor STR Perawat", "searchable": True},
    {"name": "tempat_praktik", "type": "text", "label": "Tempat praktik"},
    {"name": "pengalaman", "type": "integer", "label": "Pengalaman kerja", "unit": "tahun"},
]
CLAUSES = (
    "Memberikan Surat Izin Praktik Perawat kepada:\n\n"
    "Izin ini berlaku untuk praktik di {{ data.tempat_praktik }} selama STR Nomor "
    "{{ data.nomor_str }} berlaku.\n\n"
    "Keputusan ini mulai berlaku pada tanggal {{ izin.tanggal | tanggal }}."
)


def add_inline_row(page, group: str, values: dict) -> None:
    """Click the inline's "add another" link and type into the new row."""
    rows = page.locator(f"#{group}-group tr.form-row:not(.empty-form)")
    index = rows.count()
    page.locator(f"#{group}-group .add-row a").click()
    for name, value in values.items():
        field = page.locator(f'[name="{group}-{index}-{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(str(value))


def test_an_administrator_adds_a_non_business_permit_and_a_file_of_it_is_handed_over(
    staff, desk, shot, console
):
    admin = desk(get_user_model().objects.create_superuser("super", "super@contoh.id", PASSWORD))

    # The service.
    admin.goto("/admin/permits/service/add/")
    fill_form(admin, {"code": "sipp", "name": "Surat Izin Praktik Perawat"})
    admin.locator('[name="category"]').select_option("non_business")
    admin.locator('input[name="_save"]').click()
    expect(admin.locator(".messagelist")).to_be_visible()

    # Its first version, with everything the standard says.
    admin.goto("/admin/permits/servicestandard/add/")
    admin.locator('[name="service"]').select_option(label="Surat Izin Praktik Perawat")
    fill_form(
        admin,
        {
            "effective_from": timezone.localdate().isoformat(),
            "product": "Surat Izin Praktik Perawat",
            "service_days": "4",
            "permit_number_format": "503/{seq:03d}/SIPP/{year}",
            "registration_prefix": "SIPP",
            "data_fields": json.dumps(FIELDS),
            "decree_title": "Surat Izin Praktik Perawat",
            "decree_clauses": CLAUSES,
        },
    )
    for switch in ("requires_inspection", "asks_company"):
        admin.locator(f'[name="{switch}"]').uncheck()
    add_inline_row(admin, "requirements", {"order": 1, "text": "KTP pemohon"})
    add_inline_row(admin, "requirements", {"order": 2, "text": "STR Perawat"})
    add_inline_row(
        admin, "commitment_types", {"code": "rekomendasi", "order": 1, "text": "Rekomendasi PPNI"}
    )
    add_inline_row(
        admin,
        "items",
        {
            "component": "legal_basis",
            "order": 1,
            "text": "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
        },
    )
    shot(admin, "layanan-01-versi-baru")
    admin.locator('input[name="_save"]').click()
    expect(admin.locator(".messagelist")).to_be_visible()
    expect(admin.locator(".errorlist")).to_have_count(0)
    version = ServiceStandard.objects.get(service__code="sipp")
    assert version.requirements.count() == 2
    assert version.commitment_types.count() == 1

    # The public catalog lists it.
    admin.goto("/standar-pelayanan/")
    expect(admin.locator("main")).to_contain_text("Surat Izin Praktik Perawat")

    # FO: picks the service, fills in its own form.
    fo = desk(staff[Role.FO])
    fo.goto("/berkas/baru/")
    fo.fill('[name="q"]', "perawat")
    fo.get_by_role("button", name="Cari").click()
    fo.get_by_role("link", name="Surat Izin Praktik Perawat").click()
    fo.wait_for_url(re.compile(r"/berkas/baru/sipp/$"))
    expect(fo.locator('[name="company-company_name"]')).to_have_count(0)
    fill_form(
        fo,
        {
            "applicant-kind": "wni",
            "applicant-name": "Rahmat Hidayat",
            "applicant-nik": "12345",
            "applicant-npwp": "01.312.166.0-091.000",
            "applicant-kswp_result": "valid",
            "applicant-kswp_checked_on": timezone.localdate().isoformat(),
            "applicant-email": "rahmat@contoh.id",
            "applicant-phone": "0812-3456-7890",
            "applicant-address": "Jl. Merdeka No. 9, Kayuagung",
            "data-nomor_str": "STR-PRW-0091",
            "data-tempat_praktik": "Klinik Sehat Kayuagung",
            "data-pengalaman": "6",
        },
    )
    for box in fo.locator('input[name$="-present"]').all():
        box.check()
    fo.locator("form.card .actions button[type=submit]").click()
    # A wrong NIK is refused next to its field, and the service's own data typed stays.
    expect(fo.locator("#id_applicant-nik_error")).to_be_visible()
    expect(fo.locator('[name="data-nomor_str"]')).to_have_value("STR-PRW-0091")
    fo.fill('[name="applicant-nik"]', "1602011708850001")
    shot(fo, "layanan-02-pendaftaran")
    fo.locator("form.card .actions button[type=submit]").click()
    fo.wait_for_url(re.compile(r"/berkas/\d+/$"))
    application = Application.objects.get(standard=version)
    assert application.registration_number.startswith("SIPP-")
    expect(fo.locator("main")).to_contain_text("Data Surat Izin Praktik Perawat")
    expect(fo.locator("main")).to_contain_text("6 tahun")

    application = take_step(fo, application, "Terbitkan tanda terima")
    receipt = fo.request.get(f"/berkas/{application.pk}/pdf/tanda-terima/")
    assert receipt.status == 200
    receipt_text = PdfReader(io.BytesIO(receipt.body())).pages[0].extract_text()
    assert "SURAT IZIN PRAKTIK PERAWAT" in receipt_text
    assert "STR Perawat" in receipt_text

    # Back office: its one commitment; no field inspection for this service.
    bo = desk(staff[Role.BACK_OFFICE])
    bo.goto(f"/berkas/{application.pk}/verifikasi/")
    bo.locator("a.btn[href*='/komitmen/']").first.click()
    fill_form(
        bo,
        {
            "reference_number": "PPNI/123/2026",
            "evidence_date": timezone.localdate().isoformat(),
            "verified": True,
        },
    )
    bo.locator('[name="evidence_file"]').set_input_files(PDF_UPLOAD)
    bo.locator("form.card .actions button[type=submit]").click()
    bo.wait_for_url(re.compile(r"/verifikasi/$"))
    application = take_step(bo, application, "Selesai diproses")
    assert application.status == Status.PROCESSED
    application = take_step(bo, application, "Cetak draf izin")
    application = take_step(desk(staff[Role.KABID]), application, "Paraf draf izin")
    application = take_step(
        desk(staff[Role.KEPALA_DINAS]), application, "Tandatangani izin", password=PASSWORD
    )
    umum = desk(staff[Role.BAGIAN_UMUM])
    application = take_step(umum, application, "Beri nomor izin")
    permit = Permit.objects.get(application=application)
    assert permit.series == "sipp"
    assert permit.number == f"503/001/SIPP/{permit.year}"
    expect(umum.locator(".permit-number")).to_have_text(permit.number)

    pdf = umum.request.get(f"/berkas/{application.pk}/pdf/izin/")
    assert pdf.status == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "TENTANG SURAT IZIN PRAKTIK PERAWAT" in text
    # Justified lines may break anywhere in the clause: compared without the spaces.
    assert "praktikdiKlinikSehatKayuagungselamaSTRNomorSTR-PRW-0091" in text.replace(" ", "")
    assert "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan" in text

    application = take_step(fo, application, "Serahkan izin kepada pemohon")
    assert application.status == Status.HANDED_OVER
    shot(fo, "layanan-03-diserahkan")
    assert Service.objects.get(code="sipp").versions.count() == 1
    assert not console.errors, console.errors
