"""The desk pages: queues, the list, one file, and taking a step through the transition page."""

import random
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits.models import Application
from permits.sample import register_sample
from tests.conftest import PASSWORD
from tests.helpers import footprint, last_entry
from workflow.table import Status

REGNO = re.compile(r'class="regno"[^>]*>([^<]+)<')


def listed(response) -> list[str]:
    """Registration numbers in the page's table, in the order shown."""
    return REGNO.findall(response.content.decode())


def detail_url(application) -> str:
    return reverse("application_detail", args=[application.pk])


def transition_url(application, name: str) -> str:
    return reverse("transition", args=[application.pk, name])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def staff_pages(application) -> list[str]:
    return [
        reverse("home"),
        reverse("application_list"),
        detail_url(application),
        transition_url(application, "issue_receipt"),
    ]


# --- access -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_page(client, file_at):
    application = file_at(Status.SUBMITTED)
    for url in staff_pages(application):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_the_login_page_is_open_and_in_indonesian(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Masuk ke Kendali" in response.content.decode()


def test_an_account_without_a_staff_role_gets_403_on_every_page(client, outsider, file_at):
    application = file_at(Status.SUBMITTED)
    client.force_login(outsider)
    for url in staff_pages(application):
        assert client.get(url).status_code == 403, url


def test_the_header_names_the_user_and_role_and_offers_intake_only_to_fo(client, staff):
    client.force_login(staff[Role.FO])
    page = client.get(reverse("home")).content.decode()
    assert "Petugas Front Office" in page
    assert reverse("intake") in page
    assert reverse("admin:index") not in page
    assert f'action="{reverse("logout")}"' in page

    client.force_login(staff[Role.KABID])
    page = client.get(reverse("home")).content.decode()
    assert reverse("intake") not in page


def test_the_admin_link_shows_only_for_the_admin_role(client, staff):
    client.force_login(staff[Role.ADMIN])
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


# --- home: the queue ------------------------------------------------------------

QUEUES = {
    Role.FO: {Status.SUBMITTED, Status.INCOMPLETE, Status.RETURNED, Status.NUMBERED},
    Role.BACK_OFFICE: {Status.RECEIPTED, Status.PROCESSED},
    Role.KABID: {Status.PRINTED},
    Role.KEPALA_DINAS: {Status.INITIALED},
    Role.BAGIAN_UMUM: {Status.SIGNED},
    Role.SEKRETARIS: set(),
    Role.ADMIN: set(),
}


@pytest.mark.parametrize("role", list(QUEUES), ids=lambda r: r.value)
def test_each_role_home_shows_exactly_its_queue(client, staff, file_at, role):
    by_status = {
        status: file_at(status).registration_number
        for status in (
            Status.SUBMITTED,
            Status.INCOMPLETE,
            Status.RECEIPTED,
            Status.RETURNED,
            Status.PROCESSED,
            Status.PRINTED,
            Status.INITIALED,
            Status.SIGNED,
            Status.NUMBERED,
            Status.HANDED_OVER,
            Status.REJECTED,
        )
    }
    client.force_login(staff[role])
    shown = set(listed(client.get(reverse("home"))))
    assert shown == {by_status[status] for status in QUEUES[role]}


def test_a_printed_file_waits_for_the_kabid_and_not_for_the_fo(client, staff, file_at):
    application = file_at(Status.PRINTED)
    client.force_login(staff[Role.KABID])
    assert listed(client.get(reverse("home"))) == [application.registration_number]
    client.force_login(staff[Role.FO])
    assert listed(client.get(reverse("home"))) == []


def test_the_queue_shows_the_oldest_file_first_with_its_age_in_indonesian(client, staff, file_at):
    older = file_at(Status.SUBMITTED)
    newer = file_at(Status.SUBMITTED)
    # The older one has waited two days and three hours.
    Application.objects.filter(pk=older.pk).update(
        status_changed_at=timezone.now() - timedelta(days=2, hours=3, minutes=5)
    )
    client.force_login(staff[Role.FO])
    response = client.get(reverse("home"))
    assert listed(response) == [older.registration_number, newer.registration_number]
    page = response.content.decode()
    assert "2 hari 3 jam" in page
    assert older.company_name in page
    assert older.nib in page
    assert "Berkas diajukan" in page


@pytest.mark.parametrize("field", ["registration_number", "company_name", "nib"])
def test_the_queue_search_finds_a_file_by(client, staff, file_at, field):
    files = [file_at(Status.SUBMITTED) for _ in range(3)]
    wanted = files[1]
    client.force_login(staff[Role.FO])
    response = client.get(reverse("home"), {"q": getattr(wanted, field)})
    assert listed(response) == [wanted.registration_number]


def test_a_search_that_finds_nothing_says_so(client, staff, file_at):
    file_at(Status.SUBMITTED)
    client.force_login(staff[Role.FO])
    page = client.get(reverse("home"), {"q": "tidak-ada-yang-cocok"}).content.decode()
    assert not REGNO.findall(page)
    assert "cocok dengan pencarian" in page


def test_the_queue_is_paginated_by_25_and_page_links_keep_the_search(client, staff):
    rng = random.Random(7)
    for index in range(27):
        register_sample(fo=staff[Role.FO], rng=rng, index=index)
    # One more file that the search leaves out.
    register_sample(fo=staff[Role.FO], rng=rng, index=500)
    client.force_login(staff[Role.FO])

    first = client.get(reverse("home"), {"q": "91200000000"})
    assert len(listed(first)) == 25
    page = first.content.decode()
    assert "?q=91200000000&amp;page=2" in page

    second = client.get(reverse("home"), {"q": "91200000000", "page": 2})
    assert len(listed(second)) == 2
    assert not set(listed(first)) & set(listed(second))


def test_an_empty_queue_says_so_in_a_friendly_sentence(client, staff, file_at):
    file_at(Status.PRINTED)
    client.force_login(staff[Role.FO])
    page = client.get(reverse("home")).content.decode()
    assert "Tidak ada berkas yang menunggu tindakan Anda." in page


def test_sekretaris_sees_a_count_per_status(client, staff, file_at):
    file_at(Status.PRINTED)
    file_at(Status.PRINTED)
    client.force_login(staff[Role.SEKRETARIS])
    page = client.get(reverse("home")).content.decode()
    assert "Ringkasan status" in page
    assert re.search(r'\?status=printed"[^>]*>\s*<span class="overview-count">2</span>', page)


def test_the_fo_does_not_see_the_status_overview(client, staff, file_at):
    file_at(Status.PRINTED)
    client.force_login(staff[Role.FO])
    assert "Ringkasan status" not in client.get(reverse("home")).content.decode()


# --- the list of all files --------------------------------------------------------


def test_the_list_shows_every_file_to_a_role_that_works_on_every_file(client, staff, file_at):
    files = {file_at(s).registration_number for s in (Status.SUBMITTED, Status.REJECTED)}
    # Bagian Umum sees only files from signing on (tests/test_object_access.py).
    client.force_login(staff[Role.BACK_OFFICE])
    assert set(listed(client.get(reverse("application_list")))) == files


def test_the_list_filters_by_status_and_search(client, staff, file_at):
    printed = file_at(Status.PRINTED)
    file_at(Status.SUBMITTED)
    other_printed = file_at(Status.PRINTED)
    client.force_login(staff[Role.SEKRETARIS])
    by_status = client.get(reverse("application_list"), {"status": Status.PRINTED})
    assert set(listed(by_status)) == {
        printed.registration_number,
        other_printed.registration_number,
    }
    both = client.get(
        reverse("application_list"), {"status": Status.PRINTED, "q": printed.company_name}
    )
    assert listed(both) == [printed.registration_number]


def test_the_list_is_paginated_and_page_links_keep_the_filter(client, staff):
    rng = random.Random(3)
    for index in range(26):
        register_sample(fo=staff[Role.FO], rng=rng, index=index)
    client.force_login(staff[Role.KABID])
    first = client.get(reverse("application_list"), {"status": Status.SUBMITTED})
    assert len(listed(first)) == 25
    assert "?status=submitted&amp;page=2" in first.content.decode()
    second = client.get(reverse("application_list"), {"status": Status.SUBMITTED, "page": 2})
    assert len(listed(second)) == 1


# --- one file -------------------------------------------------------------------


def test_the_detail_page_shows_the_data_and_the_control_card(client, staff, file_at):
    application = file_at(Status.HANDED_OVER)
    client.force_login(staff[Role.SEKRETARIS])
    page = client.get(detail_url(application)).content.decode()
    assert "8 dari 8 langkah selesai" in page
    assert "01.312.166.0-091.000" in page  # NPWP, formatted
    assert application.applicant.nik in page
    assert f"Rp {application.investment_value:,.0f}".replace(",", ".") in page
    assert application.permit.number in page
    # The card: one entry per step, with the officer, the role and the step's details.
    assert page.count('class="timeline-entry"') == 8
    assert "Pendaftaran berkas di loket" in page
    assert "Tandatangani izin" in page
    assert f"{staff[Role.KEPALA_DINAS].get_full_name()} · Kepala Dinas" in page
    assert "Catatan contoh dari petugas." in page
    assert "KTP 1602011708850001" in page  # the recipient, from the hand-over context


def test_the_detail_page_links_the_commitment_evidence(client, staff, file_at):
    application = file_at(Status.PROCESSED)
    check = application.commitment_checks.first()
    client.force_login(staff[Role.FO])
    page = client.get(detail_url(application)).content.decode()
    assert reverse("document", args=[application.pk, "komitmen", check.pk]) in page
    assert "Terverifikasi" in page
    assert staff[Role.BACK_OFFICE].get_full_name() in page


def test_the_detail_page_offers_only_the_steps_the_user_may_take(client, staff, file_at):
    application = file_at(Status.PRINTED)

    client.force_login(staff[Role.KABID])
    page = client.get(detail_url(application)).content.decode()
    assert "Paraf draf izin" in page
    assert transition_url(application, "initial") in page
    assert transition_url(application, "send_back_by_kabid") in page
    assert transition_url(application, "withdraw") not in page

    client.force_login(staff[Role.FO])
    page = client.get(detail_url(application)).content.decode()
    assert "Paraf draf izin" not in page
    assert transition_url(application, "initial") not in page
    assert transition_url(application, "withdraw") in page


def test_the_fo_gets_the_requirement_checklist_link_only_while_the_file_is_at_the_counter(
    client, staff, file_at
):
    at_counter = file_at(Status.SUBMITTED)
    receipted = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.FO])
    assert (
        reverse("requirements", args=[at_counter.pk])
        in client.get(detail_url(at_counter)).content.decode()
    )
    assert (
        reverse("requirements", args=[receipted.pk])
        not in client.get(detail_url(receipted)).content.decode()
    )


def test_the_back_office_gets_the_verification_link_on_a_receipted_file(client, staff, file_at):
    application = file_at(Status.RECEIPTED)
    url = reverse("verification", args=[application.pk])
    client.force_login(staff[Role.BACK_OFFICE])
    assert url in client.get(detail_url(application)).content.decode()
    client.force_login(staff[Role.FO])
    assert url not in client.get(detail_url(application)).content.decode()


def test_an_unknown_file_is_404(client, staff, db):
    client.force_login(staff[Role.FO])
    assert client.get(reverse("application_detail", args=[999_999])).status_code == 404


# --- the transition page ---------------------------------------------------------------


def test_the_transition_page_renders_the_form_the_step_needs(client, staff, file_at):
    application = file_at(Status.PRINTED)
    client.force_login(staff[Role.KABID])
    response = client.get(transition_url(application, "send_back_by_kabid"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<textarea name="note"' in page
    assert "Catatan perbaikan untuk back office" in page
    assert 'name="expected_status" value="printed"' in page
    assert 'name="password"' not in page
    assert application.company_name in page
    assert "Tindakan ini tidak dapat dibatalkan." not in page


def test_an_irreversible_step_warns_that_it_cannot_be_undone(client, staff, file_at):
    application = file_at(Status.INITIALED)
    client.force_login(staff[Role.KEPALA_DINAS])
    page = client.get(transition_url(application, "sign")).content.decode()
    assert "Tindakan ini tidak dapat dibatalkan." in page
    assert 'type="password" name="password"' in page


def test_an_unknown_step_is_404(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    client.force_login(staff[Role.FO])
    assert client.get(transition_url(application, "teleport")).status_code == 404
    assert client.post(transition_url(application, "teleport")).status_code == 404


def test_a_step_not_possible_from_the_current_status_sends_the_officer_back(client, staff, file_at):
    application = file_at(Status.SUBMITTED)
    client.force_login(staff[Role.KABID])
    response = client.get(transition_url(application, "initial"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(application)
    assert "tidak dapat dilakukan" in messages_of(response)[0]


def test_a_post_by_the_right_role_moves_the_file_and_writes_the_card(client, staff, file_at):
    application = file_at(Status.PRINTED)
    before = footprint(application)
    client.force_login(staff[Role.KABID])
    response = client.post(
        transition_url(application, "initial"), {"expected_status": Status.PRINTED}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(application)
    assert "Paraf draf izin" in messages_of(response)[0]
    after = footprint(application)
    assert after.status == Status.INITIALED
    assert after.card_entries == before.card_entries + 1
    entry = last_entry(application)
    assert (entry.transition, entry.actor_id) == ("initial", staff[Role.KABID].pk)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_wrong_role_gets_403_and_nothing_is_written(client, staff, file_at, method):
    application = file_at(Status.PRINTED)
    before = footprint(application)
    client.force_login(staff[Role.FO])
    response = getattr(client, method)(
        transition_url(application, "initial"), {"expected_status": Status.PRINTED}
    )
    assert response.status_code == 403
    assert footprint(application) == before


def test_a_double_click_is_refused_as_stale_and_the_card_has_one_entry(client, staff, file_at):
    application = file_at(Status.PRINTED)
    before = footprint(application)
    client.force_login(staff[Role.KABID])
    url = transition_url(application, "initial")
    first = client.post(url, {"expected_status": Status.PRINTED}, follow=True)
    assert "berhasil" in first.content.decode()
    second = client.post(url, {"expected_status": Status.PRINTED})
    assert second.status_code == 302
    assert second["Location"] == detail_url(application)
    assert "sudah diproses" in messages_of(second)[0]
    after = footprint(application)
    assert after.status == Status.INITIALED
    assert after.card_entries == before.card_entries + 1


def test_a_missing_note_is_shown_at_the_note_field_and_nothing_is_written(client, staff, file_at):
    application = file_at(Status.PRINTED)
    before = footprint(application)
    client.force_login(staff[Role.KABID])
    response = client.post(
        transition_url(application, "send_back_by_kabid"),
        {"expected_status": Status.PRINTED, "note": "   "},
    )
    assert response.status_code == 200
    assert "wajib diisi" in " ".join(response.context["form"].errors["note"])
    assert footprint(application) == before


def test_the_note_is_kept_on_the_card(client, staff, file_at):
    application = file_at(Status.PRINTED)
    client.force_login(staff[Role.KABID])
    client.post(
        transition_url(application, "send_back_by_kabid"),
        {"expected_status": Status.PRINTED, "note": "Perbaiki kapasitas pada halaman 2."},
    )
    assert last_entry(application).comment == "Perbaiki kapasitas pada halaman 2."
    page = client.get(detail_url(application)).content.decode()
    assert "Perbaiki kapasitas pada halaman 2." in page


def test_signing_with_a_wrong_password_is_refused_at_the_password_field(client, staff, file_at):
    application = file_at(Status.INITIALED)
    before = footprint(application)
    client.force_login(staff[Role.KEPALA_DINAS])
    response = client.post(
        transition_url(application, "sign"),
        {"expected_status": Status.INITIALED, "password": "salah-sandi-999"},
    )
    assert response.status_code == 200
    assert "Kata sandi salah" in " ".join(response.context["form"].errors["password"])
    assert "salah-sandi-999" not in response.content.decode()
    assert footprint(application) == before


def test_signing_with_the_right_password_signs(client, staff, file_at):
    application = file_at(Status.INITIALED)
    client.force_login(staff[Role.KEPALA_DINAS])
    client.post(
        transition_url(application, "sign"),
        {"expected_status": Status.INITIALED, "password": PASSWORD},
    )
    assert footprint(application).status == Status.SIGNED


def test_hand_over_requires_the_recipient_and_keeps_what_was_typed(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    before = footprint(application)
    client.force_login(staff[Role.FO])
    url = transition_url(application, "hand_over")
    response = client.post(
        url, {"expected_status": Status.NUMBERED, "recipient_name": "Siti Rahmawati"}
    )
    assert response.status_code == 200
    assert "recipient_identity" in response.context["form"].errors
    assert 'value="Siti Rahmawati"' in response.content.decode()
    assert footprint(application) == before

    client.post(
        url,
        {
            "expected_status": Status.NUMBERED,
            "recipient": "applicant",
            "recipient_name": "Siti Rahmawati",
            "recipient_identity": "KTP 1602015502900002",
        },
    )
    assert footprint(application).status == Status.HANDED_OVER
    assert last_entry(application).context["recipient_name"] == "Siti Rahmawati"


def test_a_step_whose_conditions_are_unmet_explains_why_on_the_detail_page(client, staff):
    application = register_sample(fo=staff[Role.FO], rng=random.Random(1), complete=False)
    before = footprint(application)
    client.force_login(staff[Role.FO])
    response = client.post(
        transition_url(application, "issue_receipt"), {"expected_status": Status.SUBMITTED}
    )
    assert response.status_code == 302
    assert "Persyaratan belum lengkap" in messages_of(response)[0]
    assert footprint(application) == before


def test_the_transition_page_refuses_other_methods(client, staff, file_at):
    application = file_at(Status.PRINTED)
    client.force_login(staff[Role.KABID])
    assert client.put(transition_url(application, "initial")).status_code == 405


def test_a_complaint_officer_lands_on_the_complaint_desk(client, staff):
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("complaints:desk")
