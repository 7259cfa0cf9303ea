"""FO intake (step 1) and the requirement checklist of a file at the counter."""

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits.models import Applicant, Application, Requirement, RequirementCheck, ServiceStandard
from permits.sample import SAMPLE_PDF
from tests.helpers import error_at, valid_post
from tests.images import png_bomb, small_png
from tracking.models import ControlCardEntry
from workflow.table import Status

PNG = small_png()
HIDDEN_MESSAGE = (
    "Teks ini berisi karakter tersembunyi yang tidak diizinkan ({}), misalnya pembalik arah "
    "tulisan atau spasi tanpa lebar. Ketik ulang teksnya tanpa menyalin dari dokumen lain."
)
FAKE_PDF = b"Ini hanya catatan teks yang diberi nama .pdf\n"


# --- helpers ---------------------------------------------------------------------


def requirements() -> dict[str, Requirement]:
    """The seeded requirements of the standard, keyed by whom they apply to (plus "all4/all5")."""
    found = {}
    for requirement in ServiceStandard.objects.current().requirements.filter(active=True):
        key = requirement.applies_to
        if key == "all":
            key = f"all{requirement.order}"
        found[key] = requirement
    return found


def stored_files() -> set[Path]:
    return {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


def counts() -> tuple[int, ...]:
    return (
        Applicant.objects.count(),
        Application.objects.count(),
        RequirementCheck.objects.count(),
        ControlCardEntry.objects.count(),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def fo_client(client, staff):
    client.force_login(staff[Role.FO])
    return client


# --- a valid intake ----------------------------------------------------------------


def test_a_valid_intake_creates_one_submitted_file_with_its_checks_and_one_card_entry(
    fo_client, staff
):
    before = counts()
    response = fo_client.post(reverse("intake_service", args=["iupi"]), valid_post())

    assert Application.objects.count() == before[1] + 1
    application = Application.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("application_detail", args=[application.pk])
    assert application.status == Status.SUBMITTED
    assert application.created_by == staff[Role.FO]
    assert application.registration_number.startswith("IUPI-")
    assert messages_of(response) == [
        f"Berkas {application.registration_number} berhasil didaftarkan."
    ]

    # WNI: the NIK requirement and the two for everyone; not the passport or entity ones.
    reqs = requirements()
    kept = set(application.requirement_checks.values_list("requirement_id", flat=True))
    assert kept == {reqs["wni"].pk, reqs["all4"].pk, reqs["all5"].pk}
    assert all(c.present for c in application.requirement_checks.all())
    assert application.commitment_checks.count() == 4

    entries = ControlCardEntry.objects.filter(application=application)
    assert entries.count() == 1
    assert entries.get().transition == "register"
    assert entries.get().to_status == Status.SUBMITTED


def test_identifiers_are_stored_in_compact_form_and_kswp_is_checked_by_the_clerk(fo_client, staff):
    fo_client.post(reverse("intake_service", args=["iupi"]), valid_post())
    application = Application.objects.latest("pk")
    applicant = application.applicant
    assert applicant.nik == "1602011708850001"
    assert applicant.npwp == "013121660091000"
    assert applicant.kswp_result == Applicant.KswpResult.VALID
    assert applicant.kswp_checked_by == staff[Role.FO]
    assert application.nib == "9120000000001"
    assert str(application.capacity_added) == "4800.50"
    assert application.in_industrial_estate is True
    assert application.workers_total == 167


def test_kswp_checked_by_cannot_be_typed_by_the_clerk(fo_client, staff):
    other = staff[Role.BACK_OFFICE]
    fo_client.post(
        reverse("intake_service", args=["iupi"]),
        valid_post(**{"applicant-kswp_checked_by": str(other.pk)}),
    )
    assert Application.objects.latest("pk").applicant.kswp_checked_by == staff[Role.FO]


def test_an_entity_keeps_only_the_requirements_for_entities_and_everyone(fo_client):
    data = valid_post(
        **{
            "applicant-kind": "entity",
            "applicant-name": "PT Sawit Lestari Kayuagung",
            "applicant-nik": "1602011708850001",  # typed but not an entity's identity
            "applicant-ratification_number": "AHU-0012345.AH.01.01.Tahun 2019",
        }
    )
    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    assert response.status_code == 302
    application = Application.objects.latest("pk")
    reqs = requirements()
    kept = set(application.requirement_checks.values_list("requirement_id", flat=True))
    assert kept == {reqs["entity"].pk, reqs["all4"].pk, reqs["all5"].pk}
    assert application.applicant.ratification_number == "AHU-0012345.AH.01.01.Tahun 2019"
    assert application.applicant.nik == ""


def test_a_wna_is_registered_with_passport_and_nationality(fo_client):
    data = valid_post(
        **{
            "applicant-kind": "wna",
            "applicant-nik": "",
            "applicant-passport_number": "A12345678",
            "applicant-nationality": "Malaysia",
        }
    )
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302
    applicant = Application.objects.latest("pk").applicant
    assert (applicant.kind, applicant.passport_number, applicant.nationality) == (
        "wna",
        "A12345678",
        "Malaysia",
    )
    reqs = requirements()
    kept = set(
        Application.objects.latest("pk").requirement_checks.values_list("requirement_id", flat=True)
    )
    assert reqs["wna"].pk in kept and reqs["wni"].pk not in kept


@pytest.mark.parametrize("typed", ["a1234567", " A 123 4567 ", "a-1234567"])
def test_a_wna_passport_is_stored_without_spaces_in_capitals_however_it_is_typed(fo_client, typed):
    data = valid_post(
        **{
            "applicant-kind": "wna",
            "applicant-nik": "",
            "applicant-passport_number": typed,
            "applicant-nationality": "Malaysia",
        }
    )
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302
    assert Application.objects.latest("pk").applicant.passport_number == "A1234567"


def test_an_address_of_exactly_the_limit_is_accepted_and_the_field_says_its_limit(fo_client):
    address = ("Jl. Lintas Timur Km 5, Kayuagung " * 10)[:300]
    page = fo_client.get(reverse("intake_service", args=["iupi"])).content.decode()
    for name in ("applicant-address", "company-company_address", "company-factory_location"):
        assert re.search(rf'<textarea name="{name}"[^>]*maxlength="300"', page), name

    data = valid_post(**{"applicant-address": address, "company-company_address": address})
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302
    application = Application.objects.latest("pk")
    assert application.applicant.address == application.company_address == address.strip()


def test_a_missing_requirement_is_recorded_as_not_present_with_its_note(fo_client):
    email = requirements()["all5"]
    data = valid_post(
        **{
            f"req-{email.pk}-present": None,
            f"req-{email.pk}-note": "Pemohon belum punya e-mail aktif",
        }
    )
    fo_client.post(reverse("intake_service", args=["iupi"]), data)
    check = Application.objects.latest("pk").requirement_checks.get(requirement=email)
    assert check.present is False
    assert check.note == "Pemohon belum punya e-mail aktif"


def test_a_stored_scan_gets_a_generated_name_under_the_private_media_root(fo_client):
    nik_row = requirements()["wni"]
    client_name = "KTP Ahmad Fauzi asli.pdf"
    data = valid_post(**{f"req-{nik_row.pk}-scan": SimpleUploadedFile(client_name, SAMPLE_PDF)})
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302

    application = Application.objects.latest("pk")
    check = application.requirement_checks.get(requirement=nik_row)
    assert check.scan.name.startswith(f"applications/{application.pk}/requirements/")
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", Path(check.scan.name).name)
    assert "Ahmad" not in check.scan.name and "KTP" not in check.scan.name
    stored = Path(check.scan.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert stored.read_bytes() == SAMPLE_PDF


def test_a_png_named_pdf_is_stored_with_the_extension_of_its_content(fo_client):
    nik_row = requirements()["wni"]
    data = valid_post(**{f"req-{nik_row.pk}-scan": SimpleUploadedFile("foto-ktp.pdf", PNG)})
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302
    check = Application.objects.latest("pk").requirement_checks.get(requirement=nik_row)
    assert check.scan.name.endswith(".png")


def test_a_scan_on_a_row_that_does_not_apply_is_not_stored(fo_client):
    passport_row = requirements()["wna"]
    before = stored_files()
    data = valid_post(
        **{f"req-{passport_row.pk}-scan": SimpleUploadedFile("paspor.pdf", SAMPLE_PDF)}
    )
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302
    assert stored_files() == before


# --- invalid input: message at the field, nothing saved ----------------------------------

BAD_INPUT = [
    pytest.param(
        {"applicant-nik": "160201170885000"},
        "id_applicant-nik",
        "NIK harus terdiri dari 16 digit.",
        id="nik-too-short",
    ),
    pytest.param(
        {"applicant-nik": "1602013208850001"},
        "id_applicant-nik",
        "NIK tidak valid: kode wilayah atau tanggal lahir tidak sesuai.",
        id="nik-bad-birth-date",
    ),
    pytest.param(
        {"applicant-nik": "0002011708850001"},
        "id_applicant-nik",
        "NIK tidak valid: kode wilayah atau tanggal lahir tidak sesuai.",
        id="nik-bad-region",
    ),
    pytest.param(
        {"applicant-npwp": "01.312.166.1-091.000"},
        "id_applicant-npwp",
        "NPWP tidak valid: digit pemeriksa tidak cocok. Periksa kembali nomornya.",
        id="npwp-checksum",
    ),
    pytest.param(
        {"applicant-npwp": "1602 0132 0885 0001"},
        "id_applicant-npwp",
        "NPWP 16 digit yang tidak diawali 0 adalah NIK pemiliknya, tetapi nomor ini bukan NIK "
        "yang valid: tanggal lahir pada digit ke-7 sampai ke-12 tidak mungkin.",
        id="npwp-16-digits-not-a-nik",
    ),
    pytest.param(
        {"applicant-npwp": "01.312.166.O-091.000"},
        "id_applicant-npwp",
        "NPWP hanya boleh berisi angka; titik, tanda hubung dan spasi boleh diketik.",
        id="npwp-letter-o",
    ),
    pytest.param(
        {
            "applicant-kind": "wna",
            "applicant-nik": "",
            "applicant-nationality": "Malaysia",
            "applicant-passport_number": "A123",
        },
        "id_applicant-passport_number",
        "Nomor paspor terdiri dari 6 sampai 12 huruf dan angka.",
        id="passport-too-short",
    ),
    pytest.param(
        {
            "applicant-kind": "wna",
            "applicant-nik": "",
            "applicant-nationality": "Malaysia",
            "applicant-passport_number": "A123/4567",
        },
        "id_applicant-passport_number",
        "Nomor paspor hanya boleh berisi huruf A-Z dan angka 0-9 "
        "(spasi dan tanda hubung boleh diketik).",
        id="passport-slash",
    ),
    pytest.param(
        # Shown as "Ahmad Fauzi", stored as "Ahmad izuaF" behind a right-to-left override.
        {"applicant-name": "Ahmad \u202eizuaF"},
        "id_applicant-name",
        HIDDEN_MESSAGE.format("U+202E"),
        id="name-right-to-left-override",
    ),
    pytest.param(
        {"company-company_name": "PT Sawit\u200b Lestari"},
        "id_company-company_name",
        HIDDEN_MESSAGE.format("U+200B"),
        id="company-name-zero-width-space",
    ),
    pytest.param(
        {"applicant-address": "Jl. \u2067Letnan\u2069 Muchtar Saleh"},
        "id_applicant-address",
        HIDDEN_MESSAGE.format("U+2067, U+2069"),
        id="address-isolates",
    ),
    pytest.param(
        {"company-company_address": "Jl. Lintas\u00adTimur"},
        "id_company-company_address",
        HIDDEN_MESSAGE.format("U+00AD"),
        id="company-address-soft-hyphen",
    ),
    pytest.param(
        {"company-factory_location": "\ufeffDesa Celikah"},
        "id_company-factory_location",
        HIDDEN_MESSAGE.format("U+FEFF"),
        id="factory-location-bom",
    ),
    pytest.param(
        {"company-commodity": "CPO\u200e"},
        "id_company-commodity",
        HIDDEN_MESSAGE.format("U+200E"),
        id="commodity-mark",
    ),
    pytest.param(
        {
            "applicant-kind": "wna",
            "applicant-nik": "",
            "applicant-passport_number": "A1234567",
            "applicant-nationality": "Malay\u200dsia",
        },
        "id_applicant-nationality",
        HIDDEN_MESSAGE.format("U+200D"),
        id="nationality-joiner",
    ),
    pytest.param(
        {"applicant-address": "x" * 301},
        "id_applicant-address",
        "Alamat paling banyak 300 karakter.",
        id="address-too-long",
    ),
    pytest.param(
        {"company-company_address": "x" * 301},
        "id_company-company_address",
        "Alamat perusahaan paling banyak 300 karakter.",
        id="company-address-too-long",
    ),
    pytest.param(
        {"company-factory_location": "x" * 301},
        "id_company-factory_location",
        "Lokasi pabrik paling banyak 300 karakter.",
        id="factory-location-too-long",
    ),
    pytest.param(
        {"company-nib": "912000000000"},
        "id_company-nib",
        "NIB harus terdiri dari 13 digit angka.",
        id="nib-12-digits",
    ),
    pytest.param(
        {"company-nib": "91200000000AB"},
        "id_company-nib",
        "NIB harus terdiri dari 13 digit angka.",
        id="nib-letters",
    ),
    pytest.param(
        {"company-kbli_code": "01111"},
        "id_company-kbli_code",
        "Kode KBLI harus termasuk kategori C Industri Pengolahan (golongan pokok 10-33).",
        id="kbli-agriculture",
    ),
    pytest.param(
        {"company-kbli_code": "47111"},
        "id_company-kbli_code",
        "Kode KBLI harus termasuk kategori C Industri Pengolahan (golongan pokok 10-33).",
        id="kbli-retail",
    ),
    pytest.param(
        {"company-kbli_code": "1043"},
        "id_company-kbli_code",
        "Kode KBLI harus terdiri dari 5 digit angka.",
        id="kbli-4-digits",
    ),
    pytest.param(
        {"company-capacity_added": "0"},
        "id_company-capacity_added",
        "Penambahan kapasitas harus lebih dari 0.",
        id="added-capacity-zero",
    ),
    pytest.param(
        {"company-capacity_added": "-10"},
        "id_company-capacity_added",
        "Penambahan kapasitas harus lebih dari 0.",
        id="added-capacity-negative",
    ),
    pytest.param(
        {"company-capacity_current": "-1"},
        "id_company-capacity_current",
        "Kapasitas terpasang tidak boleh negatif.",
        id="current-capacity-negative",
    ),
    pytest.param(
        {"company-investment_value": "-1000000"},
        "id_company-investment_value",
        "Nilai investasi harus lebih dari 0.",
        id="investment-negative",
    ),
    pytest.param(
        {"company-workers_id_women": "-3"},
        "id_company-workers_id_women",
        "Jumlah tenaga kerja tidak boleh negatif.",
        id="workers-negative",
    ),
    pytest.param(
        {"company-workers_foreign_men": "1.5"},
        "id_company-workers_foreign_men",
        "Jumlah tenaga kerja harus berupa bilangan bulat.",
        id="workers-fraction",
    ),
    pytest.param(
        {"applicant-email": "ahmad.fauzi-at-contoh"},
        "id_applicant-email",
        "Alamat e-mail tidak valid.",
        id="email",
    ),
    pytest.param(
        {"applicant-nik": ""},
        "id_applicant-nik",
        "NIK wajib diisi untuk pemohon perseorangan WNI.",
        id="wni-without-nik",
    ),
    pytest.param(
        {"applicant-kind": "wna", "applicant-nik": "", "applicant-nationality": "Malaysia"},
        "id_applicant-passport_number",
        "Nomor paspor wajib diisi untuk pemohon perseorangan WNA.",
        id="wna-without-passport",
    ),
    pytest.param(
        {"applicant-kind": "entity", "applicant-nik": ""},
        "id_applicant-ratification_number",
        "Nomor pengesahan atau dasar hukum pembentukan badan usaha wajib diisi untuk badan usaha.",
        id="entity-without-ratification",
    ),
    pytest.param(
        {"company-iui_date": (timezone.localdate() + timedelta(days=1)).isoformat()},
        "id_company-iui_date",
        "Tanggal tidak boleh melewati hari ini.",
        id="iui-date-in-future",
    ),
    pytest.param(
        {"applicant-kswp_checked_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
        "id_applicant-kswp_checked_on",
        "Tanggal tidak boleh melewati hari ini.",
        id="kswp-date-in-future",
    ),
]


@pytest.mark.parametrize(("overrides", "field_id", "message"), BAD_INPUT)
def test_bad_input_gets_its_message_at_the_field_and_nothing_is_saved(
    fo_client, overrides, field_id, message
):
    nik_row = requirements()["wni"]
    # A valid scan goes along: it is kept for this form only (tests/permits/test_kept_scans.py).
    data = valid_post(
        **overrides, **{f"req-{nik_row.pk}-scan": SimpleUploadedFile("ktp.pdf", SAMPLE_PDF)}
    )
    before, files_before = counts(), stored_files()

    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert response.status_code == 200
    assert error_at(response, field_id) == message
    assert "Data belum tersimpan." in response.content.decode()
    assert "Pindaian tersimpan: <strong>ktp.pdf</strong>" in response.content.decode()
    assert "Pilih kembali berkasnya" not in response.content.decode()
    assert counts() == before
    kept_root = Path(settings.PRIVATE_MEDIA_ROOT, "kept").resolve()
    new_files = stored_files() - files_before
    assert len(new_files) == 1 and new_files.pop().resolve().is_relative_to(kept_root)


def test_a_fake_pdf_is_refused_at_its_row_and_nothing_is_saved(fo_client):
    nik_row = requirements()["wni"]
    data = valid_post(**{f"req-{nik_row.pk}-scan": SimpleUploadedFile("ktp.pdf", FAKE_PDF)})
    before, files_before = counts(), stored_files()

    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert response.status_code == 200
    assert error_at(response, f"id_req-{nik_row.pk}-scan") == (
        "Berkas harus berupa PDF, JPEG atau PNG (isi berkas diperiksa, bukan nama berkasnya)."
    )
    assert "Pilih kembali berkasnya" in response.content.decode()
    assert counts() == before
    assert stored_files() == files_before


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_oversize_upload_is_refused_at_its_row_and_nothing_is_saved(fo_client):
    email_row = requirements()["all5"]
    big = SimpleUploadedFile("bukti-email.pdf", SAMPLE_PDF + b"%" * 2048)
    data = valid_post(**{f"req-{email_row.pk}-scan": big})
    before, files_before = counts(), stored_files()

    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert response.status_code == 200
    assert error_at(response, f"id_req-{email_row.pk}-scan").startswith(
        "Ukuran berkas melebihi batas"
    )
    assert counts() == before
    assert stored_files() == files_before


def test_a_png_decompression_bomb_is_refused_at_its_row_and_nothing_is_saved(fo_client):
    nik_row = requirements()["wni"]
    bomb = SimpleUploadedFile("ktp.png", png_bomb(20_000, 20_000))  # 400 megapixels, ~50 KB
    data = valid_post(**{f"req-{nik_row.pk}-scan": bomb})
    before, files_before = counts(), stored_files()

    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert response.status_code == 200
    assert error_at(response, f"id_req-{nik_row.pk}-scan") == (
        "Gambar terlalu besar: paling banyak 50 megapiksel (misalnya 8.000 × 6.000 piksel). "
        "Perkecil resolusi pindaian atau foto, lalu unggah kembali."
    )
    assert counts() == before
    assert stored_files() == files_before


def test_a_hidden_character_in_a_requirement_note_is_refused_and_nothing_is_saved(fo_client):
    email_row = requirements()["all5"]
    data = valid_post(
        **{f"req-{email_row.pk}-present": None, f"req-{email_row.pk}-note": "Menyusul\u202e"}
    )
    before = counts()

    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert response.status_code == 200
    assert error_at(response, f"id_req-{email_row.pk}-note") == HIDDEN_MESSAGE.format("U+202E")
    assert counts() == before


def test_the_form_comes_back_with_everything_the_clerk_typed(fo_client):
    email_row = requirements()["all5"]
    data = valid_post(
        **{
            "applicant-nik": "160201170885000",
            f"req-{email_row.pk}-present": None,
            f"req-{email_row.pk}-note": "Menyusul besok",
        }
    )
    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    content = response.content.decode()

    assert response.status_code == 200
    assert 'value="160201170885000"' in content
    assert 'value="PT Sawit Lestari Kayuagung"' in content
    assert 'value="01.312.166.0-091.000"' in content
    assert 'value="4800.50"' in content
    assert 'value="2023-03-14"' in content
    assert "Jl. Lintas Timur Km 5, Kayuagung</textarea>" in content
    assert 'value="Menyusul besok"' in content
    assert re.search(r'<input type="radio" name="applicant-kind" value="wni"[^>]*checked', content)
    assert re.search(r'name="company-in_industrial_estate"[^>]*checked', content)
    # The ticked rows stay ticked, the unticked one stays unticked.
    nik_row = requirements()["wni"]
    assert re.search(rf'name="req-{nik_row.pk}-present"[^>]*checked', content)
    assert not re.search(rf'name="req-{email_row.pk}-present"[^>]*checked', content)


def test_without_uploads_the_page_does_not_ask_to_choose_files_again(fo_client):
    response = fo_client.post(
        reverse("intake_service", args=["iupi"]), valid_post(**{"applicant-nik": "1"})
    )
    assert response.status_code == 200
    assert "Data belum tersimpan." in response.content.decode()
    assert "Pilih kembali berkasnya" not in response.content.decode()


def test_the_empty_form_lists_every_active_requirement_with_whom_it_applies_to(fo_client):
    response = fo_client.get(reverse("intake_service", args=["iupi"]))
    content = html.unescape(response.content.decode())
    assert response.status_code == 200
    for requirement in requirements().values():
        assert requirement.text in content
        assert f'name="req-{requirement.pk}-present"' in content
    assert "Badan usaha (non perseorangan)" in content
    # A strict CSP is coming: no inline scripts or styles.
    assert not re.search(r"<script(?![^>]*\bsrc=)", content, re.I)
    assert not re.search(r"\sstyle=|<style", content, re.I)


# --- who may register ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.BACK_OFFICE, Role.KABID, Role.KEPALA_DINAS])
def test_other_roles_cannot_open_or_post_the_intake(client, staff, role):
    client.force_login(staff[role])
    before = counts()
    assert client.get(reverse("intake_service", args=["iupi"])).status_code == 403
    assert client.post(reverse("intake_service", args=["iupi"]), valid_post()).status_code == 403
    assert counts() == before


def test_an_account_without_a_role_cannot_open_the_intake(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("intake_service", args=["iupi"])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("intake_service", args=["iupi"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- the requirement checklist of a registered file -----------------------------------------


def formset_post(response, changes: dict[int, dict] | None = None) -> dict:
    """POST data for the requirements formset as the page shows it, with `changes` applied.

    `changes` maps a form index to a dict of field values (None removes a field).
    """
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        data[f"{form.prefix}-id"] = str(form.instance.pk)
        if form.instance.present:
            data[f"{form.prefix}-present"] = "on"
        data[f"{form.prefix}-note"] = form.instance.note
        for key, value in (changes or {}).get(index, {}).items():
            if value is None:
                data.pop(f"{form.prefix}-{key}", None)
            else:
                data[f"{form.prefix}-{key}"] = value
    return data


def index_of_missing(response) -> int:
    forms = response.context["formset"].forms
    return next(i for i, form in enumerate(forms) if not form.instance.present)


def test_fo_ticks_a_missing_requirement_and_it_is_saved(fo_client, file_at, staff):
    application = file_at(Status.INCOMPLETE)
    missing = application.missing_requirements()
    assert len(missing) == 1
    url = reverse("requirements", args=[application.pk])
    page = fo_client.get(url)
    assert page.status_code == 200

    index = index_of_missing(page)
    response = fo_client.post(
        url, formset_post(page, {index: {"present": "on", "note": "Sudah dibawa"}})
    )

    assert response.status_code == 302
    assert response.url == reverse("application_detail", args=[application.pk])
    check = RequirementCheck.objects.get(pk=missing[0].pk)
    assert check.present is True
    assert check.note == "Sudah dibawa"
    assert check.checked_by == staff[Role.FO]
    assert application.has_all_requirements()
    assert messages_of(response) == ["Daftar persyaratan berhasil disimpan."]


def test_a_new_scan_replaces_the_old_and_no_upload_keeps_it(fo_client, file_at):
    application = file_at(Status.SUBMITTED)
    url = reverse("requirements", args=[application.pk])

    page = fo_client.get(url)
    first = application.requirement_checks.first()
    data = formset_post(page, {0: {"scan": SimpleUploadedFile("scan.pdf", SAMPLE_PDF)}})
    assert fo_client.post(url, data).status_code == 302
    first.refresh_from_db()
    stored = first.scan.name
    assert stored.startswith(f"applications/{application.pk}/requirements/")

    page = fo_client.get(url)
    assert fo_client.post(url, formset_post(page, {0: {"note": "diperbarui"}})).status_code == 302
    first.refresh_from_db()
    assert first.scan.name == stored
    assert first.note == "diperbarui"

    page = fo_client.get(url)
    data = formset_post(page, {0: {"scan": SimpleUploadedFile("baru.png", PNG)}})
    assert fo_client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.scan.name != stored
    assert first.scan.name.endswith(".png")


def test_a_fake_pdf_on_the_checklist_is_refused_and_nothing_changes(fo_client, file_at):
    application = file_at(Status.INCOMPLETE)
    url = reverse("requirements", args=[application.pk])
    page = fo_client.get(url)
    index = index_of_missing(page)
    files_before = stored_files()

    data = formset_post(
        page, {index: {"present": "on", "scan": SimpleUploadedFile("x.pdf", FAKE_PDF)}}
    )
    response = fo_client.post(url, data)

    assert response.status_code == 200
    form = response.context["formset"].forms[index]
    assert error_at(response, f"id_{form.prefix}-scan").startswith("Berkas harus berupa PDF")
    assert "Pilih kembali berkasnya" in response.content.decode()
    assert len(application.missing_requirements()) == 1
    assert stored_files() == files_before


def test_a_tampered_row_id_of_another_file_is_not_accepted(fo_client, file_at):
    mine = file_at(Status.INCOMPLETE)
    other = file_at(Status.INCOMPLETE)
    other_missing = other.missing_requirements()[0]
    url = reverse("requirements", args=[mine.pk])
    page = fo_client.get(url)
    index = index_of_missing(page)

    data = formset_post(page, {index: {"present": "on", "note": "diubah dari berkas lain"}})
    data[f"checks-{index}-id"] = str(other_missing.pk)
    response = fo_client.post(url, data)

    assert response.status_code == 200
    assert "Data persyaratan tidak cocok dengan berkas ini." in response.content.decode()
    other_missing.refresh_from_db()
    assert other_missing.present is False
    assert other_missing.note == ""
    assert len(mine.missing_requirements()) == 1


def test_an_extra_row_added_to_the_formset_is_not_created(fo_client, file_at):
    application = file_at(Status.INCOMPLETE)
    url = reverse("requirements", args=[application.pk])
    page = fo_client.get(url)
    data = formset_post(page)
    total = int(data["checks-TOTAL_FORMS"])
    data["checks-TOTAL_FORMS"] = str(total + 1)
    data[f"checks-{total}-present"] = "on"
    data[f"checks-{total}-note"] = "baris tambahan"
    before = RequirementCheck.objects.count()

    fo_client.post(url, data)

    assert RequirementCheck.objects.count() == before
    assert not RequirementCheck.objects.filter(note="baris tambahan").exists()


def test_the_checklist_cannot_be_changed_after_the_receipt(fo_client, file_at):
    application = file_at(Status.RECEIPTED)
    url = reverse("requirements", args=[application.pk])
    response = fo_client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("application_detail", args=[application.pk])
    assert "Persyaratan hanya dapat diubah" in messages_of(response)[0]


def test_back_office_cannot_open_the_checklist(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    client.force_login(staff[Role.BACK_OFFICE])
    assert client.get(reverse("requirements", args=[application.pk])).status_code == 403


def test_a_stored_scan_is_linked_on_the_checklist(fo_client, file_at):
    application = file_at(Status.SUBMITTED)
    check = application.requirement_checks.first()
    check.scan.save("x.pdf", ContentFile(SAMPLE_PDF), save=True)
    response = fo_client.get(reverse("requirements", args=[application.pk]))
    link = reverse("document", args=[application.pk, "persyaratan", check.pk])
    assert f'href="{link}"' in response.content.decode()


def test_a_failure_while_saving_leaves_no_file_and_no_scan_behind(fo_client, monkeypatch):
    def broken_card(**kwargs):
        raise RuntimeError("kartu kendali tidak dapat ditulis")

    monkeypatch.setattr("permits.services.record_entry", broken_card)
    nik_row = requirements()["wni"]
    data = valid_post(**{f"req-{nik_row.pk}-scan": SimpleUploadedFile("ktp.pdf", SAMPLE_PDF)})
    before, files_before = counts(), stored_files()

    with pytest.raises(RuntimeError):
        fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert counts() == before
    assert stored_files() == files_before


def test_a_checklist_saved_after_the_file_moved_on_is_refused(fo_client, file_at, monkeypatch):
    # The page was opened before the receipt was issued by another clerk.
    application = file_at(Status.RECEIPTED)
    monkeypatch.setattr(
        "permits.verification.can_edit_requirements", lambda user, application: True
    )
    url = reverse("requirements", args=[application.pk])
    page = fo_client.get(url)
    data = formset_post(page, {0: {"present": None, "note": "dihapus"}})

    response = fo_client.post(url, data)

    assert response.status_code == 302
    assert response.url == reverse("application_detail", args=[application.pk])
    assert messages_of(response)[0].startswith("Data ini tidak dapat diubah pada berkas berstatus")
    assert application.has_all_requirements()
    assert not application.requirement_checks.filter(note="dihapus").exists()


# --- double submit -----------------------------------------------------------------


def test_the_intake_form_carries_a_fresh_token_each_time_it_is_opened(fo_client):
    first = fo_client.get(reverse("intake_service", args=["iupi"])).content.decode()
    second = fo_client.get(reverse("intake_service", args=["iupi"])).content.decode()
    token = re.compile(r'name="intake_token" value="([0-9a-f-]{36})"')
    assert token.search(first).group(1) != token.search(second).group(1)


def test_submitting_the_same_form_twice_registers_one_file(fo_client):
    data = valid_post(intake_token="6f1c1d0e-3a55-4c57-9a2e-2d1f0f5b7a11")
    first = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    before = counts()
    second = fo_client.post(reverse("intake_service", args=["iupi"]), data)

    assert Application.objects.count() == 1
    assert counts() == before
    application = Application.objects.get()
    assert second.status_code == 302
    assert second.url == first.url == reverse("application_detail", args=[application.pk])
    assert any("tidak didaftarkan dua kali" in m for m in messages_of(second))


def test_two_forms_opened_separately_register_two_files(fo_client):
    fo_client.post(
        reverse("intake_service", args=["iupi"]),
        valid_post(intake_token="11111111-1111-4111-8111-111111111111"),
    )
    # The same NIB and KBLI again: registered once the clerk confirms (test_intake_kinds.py).
    fo_client.post(
        reverse("intake_service", args=["iupi"]),
        valid_post(
            intake_token="22222222-2222-4222-8222-222222222222",
            **{"intake-confirm_duplicate": "on"},
        ),
    )
    assert Application.objects.count() == 2
