"""A second service beside the IUPI: the shipped Surat Izin Praktik Bidan (data/services/sipb.yaml),
a permit for individuals with no company, no field inspection, its own fields and decree.

The FO picks it at intake, its form asks its own fields with Indonesian errors, the file keeps
its data, and it goes to a numbered, signed permit from its own series (issue 14)."""

import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from office.roles import Role
from permits.documents.draft import render_draft
from permits.models import (
    Application,
    DeclaredFile,
    KeptUpload,
    Permit,
    Service,
    ServiceStandard,
)
from permits.sample import SAMPLE_PDF
from tests.helpers import error_at
from tracking.models import ControlCardEntry
from workflow.table import Status


def sipb_post(**overrides) -> dict:
    """What a clerk types for a midwife applying in her own name."""
    data = {
        "applicant-kind": "wni",
        "applicant-name": "Siti Aminah",
        "applicant-nik": "1602015502900002",
        "applicant-npwp": "01.312.166.0-091.000",
        "applicant-kswp_result": "valid",
        "applicant-kswp_checked_on": "2026-11-30",
        "applicant-email": "siti.aminah@contoh.id",
        "applicant-phone": "0812-7777-1234",
        "applicant-address": "Jl. Merdeka No. 5, Kayuagung",
        "data-nomor_str": "STR-1602-2023-0045",
        "data-tempat_praktik": "Praktik Mandiri Bidan Siti",
        "data-alamat_praktik": "Jl. Merdeka No. 5, Kelurahan Kayuagung Asli",
        "data-jenis_praktik": "mandiri",
        "data-pengalaman": "7",
        "data-telepon_praktik": "0812 7777 1234",
    }
    return {**data, **overrides}


def with_requirements(standard: ServiceStandard, data: dict) -> dict:
    for requirement in standard.requirements.all():
        data[f"req-{requirement.pk}-present"] = "on"
    return data


def text_of(pdf: bytes) -> str:
    return " ".join(
        re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


# --- the FO picks the service first -----------------------------------------------------


def test_with_two_services_the_fo_picks_one_and_can_search_by_name(client, staff, sipb):
    client.force_login(staff[Role.FO])
    page = html.unescape(client.get(reverse("intake")).content.decode())
    assert "Pilih layanan" in page
    assert "Izin Usaha Perluasan Industri" in page
    assert "Surat Izin Praktik Bidan" in page
    assert reverse("intake_service", args=["sipb"]) in page

    found = html.unescape(client.get(reverse("intake"), {"q": "bidan"}).content.decode())
    assert "Surat Izin Praktik Bidan" in found
    assert "Izin Usaha Perluasan Industri" not in found
    assert "1 dari 2 layanan" in found

    none = html.unescape(client.get(reverse("intake"), {"q": "reklame"}).content.decode())
    assert "Tidak ada layanan yang cocok dengan “reklame”" in none


def test_only_one_service_offered_goes_straight_to_its_form(client, staff):
    client.force_login(staff[Role.FO])
    response = client.get(reverse("intake"))
    assert response.status_code == 302
    assert response.url == reverse("intake_service", args=["iupi"])


def test_an_inactive_or_unknown_service_has_no_intake_form(client, staff, sipb):
    client.force_login(staff[Role.FO])
    Service.objects.filter(code="sipb").update(active=False)
    assert client.get(reverse("intake_service", args=["sipb"])).status_code == 404
    assert client.get(reverse("intake_service", args=["tidak-ada"])).status_code == 404
    # The only active service left: the choice is made for the clerk.
    assert client.get(reverse("intake")).url == reverse("intake_service", args=["iupi"])


def test_with_no_service_in_force_the_choice_says_why(client, staff):
    Service.objects.update(active=False)
    client.force_login(staff[Role.FO])
    page = client.get(reverse("intake")).content.decode()
    assert "Belum ada layanan aktif" in page


def test_the_choice_costs_the_same_with_two_and_thirty_services(client, staff, sipb):
    client.force_login(staff[Role.FO])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("intake")).status_code == 200
        return len(captured)

    before = count()
    for index in range(28):
        service = Service.objects.create(
            code=f"layanan-{index}", name=f"Layanan {index}", category="non_permit"
        )
        ServiceStandard.objects.create(
            service=service,
            effective_from=sipb.effective_from,
            product=f"Surat Keterangan {index}",
            permit_number_format="470/{seq:04d}/SK/{year}",
            registration_prefix=f"L{index}",
        )
    assert count() == before


# --- the form asks what the version declares ---------------------------------------------


def test_the_form_asks_no_company_and_the_services_own_fields(client, staff, sipb):
    client.force_login(staff[Role.FO])
    page = html.unescape(client.get(reverse("intake_service", args=["sipb"])).content.decode())
    assert "Pendaftaran berkas Surat Izin Praktik Bidan" in page
    assert "B. Data Surat Izin Praktik Bidan" in page
    assert "C. Persyaratan administrasi" in page
    assert 'name="company-company_name"' not in page
    assert 'name="company-kbli_code"' not in page
    assert 'name="data-nomor_str"' in page
    assert 'name="data-rekomendasi_ibi"' in page
    assert "Surat Tanda Registrasi (STR) Bidan" in page  # its own requirement
    assert "Memiliki IUI yang berlaku efektif" not in page
    assert "5 hari kerja" in page


def test_bad_input_in_declared_fields_is_refused_next_to_each_field_and_nothing_saved(
    client, staff, sipb
):
    client.force_login(staff[Role.FO])
    before = (Application.objects.count(), ControlCardEntry.objects.count())
    data = with_requirements(
        sipb,
        sipb_post(
            **{
                "data-nomor_str": "",
                "data-jenis_praktik": "rumah-sakit",
                "data-pengalaman": "-3",
                "data-telepon_praktik": "12",
            }
        ),
    )
    response = client.post(reverse("intake_service", args=["sipb"]), data)
    assert response.status_code == 200
    assert error_at(response, "id_data-nomor_str") == (
        "Nomor Surat Tanda Registrasi (STR) wajib diisi."
    )
    assert "Pilih" in error_at(response, "id_data-jenis_praktik")
    assert error_at(response, "id_data-pengalaman") == "Pengalaman kerja tidak boleh negatif."
    assert error_at(response, "id_data-telepon_praktik")
    assert (Application.objects.count(), ControlCardEntry.objects.count()) == before


def test_a_registered_file_keeps_its_data_its_upload_and_its_own_registration_series(
    client, staff, sipb
):
    client.force_login(staff[Role.FO])
    data = with_requirements(sipb, sipb_post())
    data["data-rekomendasi_ibi"] = SimpleUploadedFile(
        "rekomendasi.pdf", SAMPLE_PDF, content_type="application/pdf"
    )
    response = client.post(reverse("intake_service", args=["sipb"]), data)
    assert response.status_code == 302, error_at(response, "id_data-rekomendasi_ibi")
    application = Application.objects.get()
    assert application.standard == sipb
    assert application.registration_number.startswith("SIPB-")
    assert application.company_name == "Siti Aminah"  # the holder is the applicant
    assert application.nib == ""
    assert application.data["nomor_str"] == "STR-1602-2023-0045"
    assert application.data["jenis_praktik"] == "mandiri"
    assert application.data["pengalaman"] == 7
    assert application.data["telepon_praktik"] == "+6281277771234"
    upload = DeclaredFile.objects.get(application=application)
    assert (upload.field_name, upload.original_name) == ("rekomendasi_ibi", "rekomendasi.pdf")
    assert upload.file.read().startswith(b"%PDF")
    assert application.commitment_checks.count() == 2

    page = html.unescape(client.get(response.url).content.decode())
    assert "Data Surat Izin Praktik Bidan" in page
    assert "STR-1602-2023-0045" in page
    assert "Praktik mandiri bidan" in page
    assert "7 tahun" in page
    assert "+62 812-7777-1234" in page
    assert "Perusahaan dan rencana perluasan" not in page
    document = reverse("document", args=[application.pk, "isian", upload.pk])
    assert document in page
    opened = client.get(document)
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content).startswith(b"%PDF")


def test_one_person_may_apply_twice_for_a_service_for_individuals(client, staff, sipb):
    client.force_login(staff[Role.FO])
    url = reverse("intake_service", args=["sipb"])
    assert client.post(url, with_requirements(sipb, sipb_post())).status_code == 302
    again = with_requirements(sipb, sipb_post(intake_token=""))
    assert client.post(url, again).status_code == 302
    assert Application.objects.filter(standard=sipb).count() == 2


# --- through the workflow to its own permit ----------------------------------------------


def test_the_file_goes_to_a_permit_from_its_own_series_without_a_field_inspection(file_at, sipb):
    iupi = file_at(Status.NUMBERED)
    application = file_at(Status.NUMBERED, standard=sipb)
    assert not hasattr(application, "field_inspection")
    permit = Permit.objects.get(application=application)
    year = permit.year
    assert permit.series == "sipb"
    assert permit.sequence == 1  # its own count: the IUPI's number 1 is another series
    assert permit.number == f"503/0001/SIPB/DPMPTSP/{year}"
    assert Permit.objects.get(application=iupi).number == f"503/0001/IUPI/DPMPTSP/{year}"

    text = text_of(permit.pdf.read())
    assert "TENTANG SURAT IZIN PRAKTIK BIDAN" in text
    assert "Memberikan Surat Izin Praktik Bidan kepada:" in text
    assert "Nomor Surat Tanda Registrasi (STR)" in text
    assert "Contoh isian" in text  # the sample's STR number, from the declared data
    assert "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan" in text  # its Mengingat
    assert "KEEMPAT" in text
    assert "KELIMA" not in text
    assert "Nama Perusahaan" not in text
    assert "Tenaga Kerja" not in text
    assert "Berita Acara Pemeriksaan" not in text


def test_a_version_with_the_certificate_page_prints_one_behind_the_decree(file_at, sipb):
    sipb.certificate_page = True
    sipb.save(update_fields=["certificate_page"])
    application = file_at(Status.PRINTED, standard=sipb)
    pages = PdfReader(io.BytesIO(render_draft(application))).pages
    last = re.sub(r"\s+", " ", pages[-1].extract_text())
    assert "SERTIFIKAT" in last
    assert "SURAT IZIN PRAKTIK BIDAN" in last
    assert application.applicant.name in last


# --- the desk names the service and filters by it ------------------------------------------


def test_the_file_list_names_each_files_service_and_filters_and_searches_by_it(
    client, staff, file_at, sipb
):
    iupi = file_at(Status.SUBMITTED)
    midwife = file_at(Status.SUBMITTED, standard=sipb)
    midwife.data["nomor_str"] = "STR-UNIK-778899"
    midwife.save(update_fields=["data"])
    client.force_login(staff[Role.FO])
    url = reverse("application_list")

    page = html.unescape(client.get(url).content.decode())
    assert '<span class="service-name">Surat Izin Praktik Bidan</span>' in page
    assert '<span class="service-name">Izin Usaha Perluasan Industri</span>' in page
    assert '<option value="sipb">Surat Izin Praktik Bidan</option>' in page

    only = client.get(url, {"layanan": "sipb"}).content.decode()
    assert midwife.registration_number in only
    assert iupi.registration_number not in only

    # A declared field marked searchable is found by the list's search.
    found = client.get(url, {"q": "unik-7788"}).content.decode()
    assert midwife.registration_number in found
    assert iupi.registration_number not in found

    # An unknown service code is ignored rather than emptying the list.
    assert iupi.registration_number in client.get(url, {"layanan": "xyz"}).content.decode()


def test_a_service_asking_a_company_warns_of_the_same_nib_in_the_same_service(client, staff, sipb):
    sipb.asks_company = True
    sipb.save(update_fields=["asks_company"])
    client.force_login(staff[Role.FO])
    url = reverse("intake_service", args=["sipb"])
    company = {
        "company-company_name": "Klinik Bersalin Sehat",
        "company-company_address": "Jl. Merdeka No. 5, Kayuagung",
        "company-nib": "9120000000077",
    }
    assert client.post(url, with_requirements(sipb, sipb_post(**company))).status_code == 302
    first = Application.objects.get()
    assert first.company_name == "Klinik Bersalin Sehat"

    again = client.post(url, with_requirements(sipb, sipb_post(**company)))
    assert again.status_code == 200
    assert Application.objects.count() == 1
    assert error_at(again, "id_intake-confirm_duplicate").startswith(
        "Berkas dengan NIB yang sama untuk layanan Surat Izin Praktik Bidan sudah ada."
    )
    assert first.registration_number in again.content.decode()


def test_a_refused_form_keeps_a_declared_upload_for_the_next_send(client, staff, sipb):
    client.force_login(staff[Role.FO])
    data = with_requirements(sipb, sipb_post(**{"data-nomor_str": ""}))
    data["data-rekomendasi_ibi"] = SimpleUploadedFile(
        "rekomendasi-ibi.pdf", SAMPLE_PDF, content_type="application/pdf"
    )
    response = client.post(reverse("intake_service", args=["sipb"]), data)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Tersimpan: rekomendasi-ibi.pdf" in page
    assert "Pilih kembali berkasnya" not in page
    assert not DeclaredFile.objects.exists()
    assert KeptUpload.objects.filter(field_name="rekomendasi_ibi").count() == 1

    # Sent again with the number typed and no file chosen: the kept one is registered.
    again = with_requirements(sipb, sipb_post())
    again["intake_token"] = str(response.context["intake_token"])
    registered = client.post(reverse("intake_service", args=["sipb"]), again)

    assert registered.status_code == 302, error_at(registered, "id_data-rekomendasi_ibi")
    upload = DeclaredFile.objects.get()
    assert (upload.field_name, upload.original_name) == ("rekomendasi_ibi", "rekomendasi-ibi.pdf")
    assert upload.file.read() == SAMPLE_PDF
    assert not KeptUpload.objects.exists()
