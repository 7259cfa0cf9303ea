"""Back office, step 3, as the officer works through it: the IUI typed at intake is already
there, the BAP is the evidence of the field inspection, and the last verification leads
straight to "Selesai diproses"."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits.models import CommitmentCheck
from tests.permits.test_verification import BAP_POST, evidence_post
from workflow.table import TRANSITIONS, Status


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def check_of(application, code: str) -> CommitmentCheck:
    return application.commitment_checks.get(commitment__code=code)


def value_of(response, field: str) -> str:
    match = re.search(rf'<input[^>]*name="{field}"[^>]*>', response.content.decode())
    assert match, field
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


@pytest.fixture
def bo_client(client, staff):
    client.force_login(staff[Role.BACK_OFFICE])
    return client


@pytest.fixture
def receipted(file_at):
    return file_at(Status.RECEIPTED)


# --- (a) the IUI commitment starts from what the FO typed -------------------------------


def test_the_iui_commitment_is_prefilled_with_the_iui_typed_at_intake(bo_client, receipted):
    check = check_of(receipted, "iui")

    response = bo_client.get(reverse("commitment", args=[receipted.pk, check.pk]))

    assert value_of(response, "reference_number") == receipted.iui_number
    assert value_of(response, "evidence_date") == receipted.iui_date.isoformat()
    check.refresh_from_db()
    assert (check.reference_number, check.evidence_date) == ("", None)  # only offered


def test_the_officer_can_change_the_prefilled_iui(bo_client, receipted):
    check = check_of(receipted, "iui")
    url = reverse("commitment", args=[receipted.pk, check.pk])

    bo_client.post(url, evidence_post(check, reference_number="503/9/IUI/2024"))

    check.refresh_from_db()
    assert check.reference_number == "503/9/IUI/2024"
    # What was saved is shown next time, not the intake's number.
    assert value_of(bo_client.get(url), "reference_number") == "503/9/IUI/2024"


def test_other_commitments_are_not_prefilled_with_the_iui(bo_client, receipted):
    check = check_of(receipted, "environment")
    response = bo_client.get(reverse("commitment", args=[receipted.pk, check.pk]))
    assert value_of(response, "reference_number") == ""
    assert receipted.iui_number not in response.content.decode()


# --- (b) the BAP is the evidence of the field inspection --------------------------------


def test_recording_the_bap_verifies_the_field_inspection_commitment(bo_client, staff, receipted):
    check = check_of(receipted, "field_inspection")
    assert check.verified is False

    bo_client.post(reverse("field_inspection", args=[receipted.pk]), BAP_POST)

    check.refresh_from_db()
    assert check.verified is True
    assert check.verified_by == staff[Role.BACK_OFFICE]
    assert check.verified_at is not None
    assert check.evidence_date == timezone.localdate()
    assert not check.evidence_file  # no upload asked
    overview = text_of(bo_client.get(reverse("verification", args=[receipted.pk])))
    assert "Komitmen terverifikasi: 1 dari 4." in overview
    assert f"BAP tanggal {timezone.localdate():%-d}" in overview


def test_the_field_inspection_commitment_asks_for_no_upload(bo_client, receipted):
    check = check_of(receipted, "field_inspection")
    url = reverse("commitment", args=[receipted.pk, check.pk])

    before_bap = bo_client.get(url)
    assert 'name="evidence_file"' not in before_bap.content.decode()
    assert "BAP belum diisi" in text_of(before_bap)
    assert reverse("field_inspection", args=[receipted.pk]) in before_bap.content.decode()

    bo_client.post(reverse("field_inspection", args=[receipted.pk]), BAP_POST)
    after_bap = text_of(bo_client.get(url))
    assert "Bukti: BAP tanggal" in after_bap
    assert "Terverifikasi" in after_bap


def test_a_post_to_the_field_inspection_commitment_changes_nothing(bo_client, receipted):
    check = check_of(receipted, "field_inspection")
    response = bo_client.post(
        reverse("commitment", args=[receipted.pk, check.pk]), evidence_post(check)
    )
    assert response.status_code == 302
    assert response.url == reverse("field_inspection", args=[receipted.pk])
    check.refresh_from_db()
    assert (check.verified, check.reference_number, check.evidence_file.name) == (False, "", "")


def test_editing_the_bap_moves_the_commitments_date(bo_client, receipted):
    url = reverse("field_inspection", args=[receipted.pk])
    bo_client.post(url, BAP_POST)
    earlier = timezone.localdate() - timedelta(days=3)
    bo_client.post(url, {**BAP_POST, "inspected_on": earlier.isoformat()})
    check = check_of(receipted, "field_inspection")
    assert (check.verified, check.evidence_date) == (True, earlier)


# --- (c) the last verification leads to "Selesai diproses" --------------------------------


def test_when_everything_holds_the_overview_offers_the_process_step(bo_client, receipted):
    process_url = reverse("transition", args=[receipted.pk, "process"])
    for code in ("iui", "environment", "industry_data"):
        check = check_of(receipted, code)
        bo_client.post(reverse("commitment", args=[receipted.pk, check.pk]), evidence_post(check))
    before_bap = bo_client.get(reverse("verification", args=[receipted.pk]))
    assert process_url not in before_bap.content.decode()
    assert "Berita Acara Pemeriksaan Lapangan (BAP) belum diisi" in text_of(before_bap)

    response = bo_client.post(reverse("field_inspection", args=[receipted.pk]), BAP_POST)
    overview = bo_client.get(response.url)

    assert process_url in overview.content.decode()
    assert TRANSITIONS["process"].staff_label in text_of(overview)
    assert "dari halaman berkas" not in text_of(overview)


def test_while_something_is_missing_the_overview_lists_it(bo_client, receipted):
    overview = bo_client.get(reverse("verification", args=[receipted.pk]))
    content = text_of(overview)
    assert reverse("transition", args=[receipted.pk, "process"]) not in overview.content.decode()
    assert "Komitmen belum terverifikasi: Memiliki IUI yang berlaku efektif" in content
    assert "Berita Acara Pemeriksaan Lapangan (BAP) belum diisi" in content
