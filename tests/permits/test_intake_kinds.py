"""Issue 13 items 18 and 20e on the intake form: what applies to the kind of applicant is marked
for static/js/intake.js, rupiah amounts are typed as Indonesians write them, and a second file
for the same NIB and KBLI asks the clerk to confirm."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from office.roles import Role
from permits.form_fields import RUPIAH_MESSAGE
from permits.models import Application
from tests.helpers import valid_post
from tests.permits.test_intake import error_at, requirements
from workflow.table import Status


@pytest.fixture
def fo_client(client, staff):
    client.force_login(staff[Role.FO])
    return client


# --- what applies to the kind (item 18) ------------------------------------------------


def test_identity_fields_and_requirement_rows_say_which_kind_they_apply_to(fo_client):
    content = fo_client.get(reverse("intake_service", args=["iupi"])).content.decode()
    for name, kinds in (
        ("nik", "wni"),
        ("passport_number", "wna"),
        ("nationality", "wna"),
        ("ratification_number", "entity"),
    ):
        assert re.search(
            rf'<div data-applies-to="{kinds}">\s*<div class="field[^"]*">\s*'
            rf'<label for="id_applicant-{name}"',
            content,
        ), name
    for requirement in requirements().values():
        assert re.search(
            rf'<tr data-applies-to="{requirement.applies_to}"[^>]*>\s*'
            rf"<th scope=\"row\">{re.escape(html.escape(requirement.text))}",
            content,
        ), requirement.text


def test_the_intake_script_and_stylesheet_are_local_files_loaded_without_inline_code(fo_client):
    content = fo_client.get(reverse("intake_service", args=["iupi"])).content.decode()
    assert re.search(r'<script src="/static/js/intake\.js" defer></script>', content)
    assert re.search(r'<link rel="stylesheet" href="/static/css/intake\.css">', content)
    assert not re.search(r"<script(?![^>]*\bsrc=)", content, re.I)
    assert not re.search(r"\sstyle=|<style", content, re.I)


def test_without_the_script_a_wna_still_gets_every_identity_check_from_the_server(fo_client):
    data = valid_post(**{"applicant-kind": "wna", "applicant-nik": "1602 0117 0885 0001"})
    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    assert error_at(response, "id_applicant-passport_number") == (
        "Nomor paspor wajib diisi untuk pemohon perseorangan WNA."
    )
    assert error_at(response, "id_applicant-nationality") == (
        "Kewarganegaraan wajib diisi untuk pemohon perseorangan WNA."
    )


# --- rupiah (item 18) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["25.000.000.000", "25000000000", "Rp 25.000.000.000", "25.000.000.000,00", "Rp25000000000"],
)
def test_the_investment_is_accepted_as_indonesians_write_it(fo_client, typed):
    response = fo_client.post(
        reverse("intake_service", args=["iupi"]), valid_post(**{"company-investment_value": typed})
    )
    assert response.status_code == 302
    assert Application.objects.get().investment_value == Decimal("25000000000")


@pytest.mark.parametrize(
    "typed",
    ["25,000,000,000", "25.5", "25.0000", "25 000 000", "25.000.000.000,5x", "dua puluh"],
)
def test_an_ambiguous_amount_is_refused_with_a_clear_message(fo_client, typed):
    response = fo_client.post(
        reverse("intake_service", args=["iupi"]), valid_post(**{"company-investment_value": typed})
    )
    assert response.status_code == 200
    assert error_at(response, "id_company-investment_value") == RUPIAH_MESSAGE
    assert not Application.objects.exists()


@pytest.mark.parametrize("typed", ["1" + "0" * 28, "1" + "0" * 40 + ",00"])
def test_an_amount_too_long_for_any_column_is_refused_not_a_crash(fo_client, typed):
    response = fo_client.post(
        reverse("intake_service", args=["iupi"]), valid_post(**{"company-investment_value": typed})
    )
    assert response.status_code == 200
    assert "tidak melebihi 18 angka" in error_at(response, "id_company-investment_value")
    assert not Application.objects.exists()


def test_an_amount_with_cents_is_refused(fo_client):
    data = valid_post(**{"company-investment_value": "25.000.000.000,50"})
    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    assert error_at(response, "id_company-investment_value") == (
        "Nilai rupiah tidak boleh memuat sen selain ,00."
    )


def test_the_amount_comes_back_with_dots_and_is_a_text_box_that_takes_them(fo_client):
    data = valid_post(**{"company-investment_value": "25000000000", "applicant-nik": "1"})
    content = fo_client.post(reverse("intake_service", args=["iupi"]), data).content.decode()
    field = re.search(r'<input [^>]*name="company-investment_value"[^>]*>', content).group(0)
    assert 'value="25.000.000.000"' in field
    assert 'type="text"' in field and 'inputmode="numeric"' in field
    assert "step=" not in field


# --- the same NIB and KBLI again (item 20e) ---------------------------------------------------


def test_the_same_nib_and_kbli_again_shows_the_files_and_asks_to_confirm(fo_client, file_at):
    earlier = file_at(Status.NUMBERED)
    before = Application.objects.count()

    data = valid_post(**{"company-nib": earlier.nib, "company-kbli_code": earlier.kbli_code})
    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    content = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert Application.objects.count() == before
    assert "Berkas dengan NIB dan KBLI yang sama sudah ada" in content
    assert f"{earlier.registration_number}</strong>: Diberi nomor" in content
    assert "Saya sudah memeriksa, tetap daftarkan" in content
    assert error_at(response, "id_intake-confirm_duplicate").startswith(
        "Berkas dengan NIB dan KBLI yang sama sudah ada."
    )

    data["intake-confirm_duplicate"] = "on"
    response = fo_client.post(reverse("intake_service", args=["iupi"]), data)
    assert response.status_code == 302
    assert Application.objects.count() == before + 1
    assert Application.objects.latest("pk").nib == earlier.nib


def test_a_file_still_in_progress_is_listed_too(fo_client, file_at):
    in_progress = file_at(Status.SUBMITTED)
    data = valid_post(
        **{"company-nib": in_progress.nib, "company-kbli_code": in_progress.kbli_code}
    )
    content = html.unescape(
        fo_client.post(reverse("intake_service", args=["iupi"]), data).content.decode()
    )
    assert f"{in_progress.registration_number}</strong>: Berkas diajukan" in content


def test_only_a_rejected_file_for_the_nib_and_kbli_registers_without_asking(fo_client, file_at):
    rejected = file_at(Status.REJECTED)
    data = valid_post(**{"company-nib": rejected.nib, "company-kbli_code": rejected.kbli_code})
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302


def test_another_kbli_of_the_same_nib_is_not_a_duplicate(fo_client, file_at):
    earlier = file_at(Status.NUMBERED)
    other_kbli = "10432" if earlier.kbli_code != "10432" else "10431"
    data = valid_post(**{"company-nib": earlier.nib, "company-kbli_code": other_kbli})
    assert fo_client.post(reverse("intake_service", args=["iupi"]), data).status_code == 302
