"""The complaint desk: who gets in, who sees the complainant, what comes first, the actions."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import deadlines
from complaints.models import Complaint
from complaints.workflow import ComplaintStatus
from office.roles import Role
from permits.sample import SAMPLE_PDF
from workflow.table import Status

DESK = "/pengaduan/meja/"
STAFF_PAGES = [
    DESK,
    "/pengaduan/catat/",
    "/pengaduan/{pk}/",
    "/pengaduan/{pk}/tindakan/verify/",
    "/survei/ikm/",
    "/survei/ikm/unduh.pdf",
    "/survei/ikm/unduh.xlsx",
]
DESK_ROLES = [Role.COMPLAINT_OFFICER, Role.KABID, Role.KEPALA_DINAS, Role.SEKRETARIS]


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, complaint_at, page):
    complaint = complaint_at()

    response = client.get(page.format(pk=complaint.pk))

    assert response.status_code == 302
    assert response.url.startswith("/masuk/")


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize("role", [Role.FO, Role.BACK_OFFICE, Role.BAGIAN_UMUM])
def test_staff_outside_the_desk_get_403(client, complaint_at, staff, page, role):
    complaint = complaint_at()
    client.force_login(staff[role])

    assert client.get(page.format(pk=complaint.pk)).status_code == 403


def test_an_account_without_a_role_gets_403(client, outsider, db):
    client.force_login(outsider)

    assert client.get(DESK).status_code == 403


@pytest.mark.parametrize("role", DESK_ROLES)
def test_the_complaint_officer_and_the_supervisors_open_the_desk(client, staff, role):
    client.force_login(staff[role])

    assert client.get(DESK).status_code == 200


# --- anonymity and confidentiality ---------------------------------------------------------


def test_a_kabid_without_the_complaint_role_does_not_see_a_confidential_name(
    client, complaint_at, staff
):
    complaint = complaint_at(confidential=True, name="Hadi Saputra", email="hadi@contoh.co.id")
    client.force_login(staff[Role.KABID])

    for page in (DESK, f"/pengaduan/{complaint.pk}/"):
        html = client.get(page).content.decode()
        assert "Hadi Saputra" not in html
        assert "hadi@contoh.co.id" not in html
        assert "Dirahasiakan" in html


def test_the_complaint_officer_sees_a_confidential_name(client, complaint_at, officer):
    complaint = complaint_at(confidential=True, name="Hadi Saputra")
    client.force_login(officer)

    html = client.get(f"/pengaduan/{complaint.pk}/").content.decode()

    assert "Hadi Saputra" in html


def test_an_anonymous_complainants_contact_is_hidden_from_the_kepala_dinas(
    client, complaint_at, staff
):
    complaint = complaint_at(anonymous=True, email="rahasia@contoh.co.id", phone="0811999")
    client.force_login(staff[Role.KEPALA_DINAS])

    html = client.get(f"/pengaduan/{complaint.pk}/").content.decode()

    assert "rahasia@contoh.co.id" not in html
    assert "0811999" not in html
    assert "Dirahasiakan" in html


def test_an_ordinary_complainant_is_named_to_the_supervisors(client, complaint_at, staff):
    complaint = complaint_at(name="Dewi Lestari")
    client.force_login(staff[Role.SEKRETARIS])

    assert "Dewi Lestari" in client.get(f"/pengaduan/{complaint.pk}/").content.decode()


def test_searching_by_name_does_not_reveal_who_filed_a_confidential_complaint(
    client, complaint_at, staff, officer
):
    complaint_at(confidential=True, name="Hadi Saputra", subject="Pungutan liar")
    client.force_login(staff[Role.KABID])

    assert not client.get(DESK, {"q": "Hadi"}).context["page"].object_list

    client.force_login(officer)
    assert len(client.get(DESK, {"q": "Hadi"}).context["page"].object_list) == 1


def test_a_confidential_attachment_is_for_the_complaint_officer_only(
    client, complaint_at, staff, officer
):
    complaint = complaint_at(
        confidential=True,
        attachment=SimpleUploadedFile("bukti.pdf", SAMPLE_PDF, content_type="application/pdf"),
    )
    url = f"/pengaduan/{complaint.pk}/lampiran/"

    client.force_login(staff[Role.KABID])
    assert client.get(url).status_code == 403

    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == SAMPLE_PDF


# --- the desk list ------------------------------------------------------------------------


def test_overdue_complaints_come_first_then_the_nearest_deadline(client, complaint_at, officer):
    today = deadlines.today()
    fresh = complaint_at(received_on=today)
    overdue_later = complaint_at(received_on=date(2026, 2, 5))
    overdue_first = complaint_at(received_on=date(2026, 1, 5))
    closed = complaint_at(ComplaintStatus.CLOSED)
    client.force_login(officer)

    rows = list(client.get(DESK, {"tampil": "all"}).context["page"].object_list)

    assert [c.pk for c in rows] == [overdue_first.pk, overdue_later.pk, fresh.pk, closed.pk]
    assert [c.overdue for c in rows] == [True, True, False, False]


def test_the_desk_shows_open_complaints_by_default(client, complaint_at, officer):
    open_one = complaint_at()
    complaint_at(ComplaintStatus.CLOSED)
    complaint_at(ComplaintStatus.NOT_OUR_MATTER)
    client.force_login(officer)

    rows = client.get(DESK).context["page"].object_list

    assert [c.pk for c in rows] == [open_one.pk]


def test_the_desk_pages_by_25_with_a_fixed_number_of_queries(
    client, complaint_at, officer, django_assert_max_num_queries
):
    for _ in range(30):
        complaint_at(ComplaintStatus.ASSIGNED)
    client.force_login(officer)

    with django_assert_max_num_queries(14):
        response = client.get(DESK)

    assert len(response.context["page"].object_list) == 25
    assert "Menampilkan 1–25 dari 30 pengaduan." in response.content.decode()


def test_the_search_finds_a_ticket_typed_with_a_dash(client, complaint_at, officer):
    wanted = complaint_at()
    complaint_at()
    client.force_login(officer)

    rows = client.get(DESK, {"q": f"{wanted.ticket[:5]}-{wanted.ticket[5:]}"}).context["page"]

    assert [c.pk for c in rows.object_list] == [wanted.pk]


# --- recording and acting --------------------------------------------------------------


def record_data(**overrides):
    data = {
        "channel": "phone",
        "received_on": "2026-02-05",
        "name": "Budi Santoso",
        "phone": "0812000111",
        "email": "",
        "category": "conduct",
        "subject": "Petugas tidak ramah",
        "description": "Ditelepon, petugas menutup telepon.",
        "related_number": "",
    }
    data.update(overrides)
    return data


def test_the_officer_records_a_phone_complaint_with_its_date(client, officer):
    client.force_login(officer)

    response = client.post("/pengaduan/catat/", record_data())

    complaint = Complaint.objects.get()
    assert response.url == f"/pengaduan/{complaint.pk}/"
    assert (complaint.channel, complaint.received_on) == ("phone", date(2026, 2, 5))
    assert complaint.recorded_by == officer
    assert complaint.events.get().actor == officer


def test_a_recorded_complaint_must_name_an_existing_file(client, officer, file_at):
    application = file_at(Status.RECEIPTED)
    client.force_login(officer)

    response = client.post("/pengaduan/catat/", record_data(related_number="IUPI-2026-99999"))
    assert (
        "Nomor registrasi tidak ditemukan" in response.context["form"].errors["related_number"][0]
    )
    assert not Complaint.objects.exists()

    client.post("/pengaduan/catat/", record_data(related_number=application.registration_number))
    assert Complaint.objects.get().related_application == application


def test_a_supervisor_cannot_record_complaints(client, staff):
    client.force_login(staff[Role.KEPALA_DINAS])

    assert client.get("/pengaduan/catat/").status_code == 403


def test_verifying_through_the_page_sets_the_tier_and_deadline(
    client, complaint_at, officer, simple_tier
):
    complaint = complaint_at()
    client.force_login(officer)
    page = client.get(f"/pengaduan/{complaint.pk}/tindakan/verify/")
    assert page.status_code == 200

    response = client.post(
        f"/pengaduan/{complaint.pk}/tindakan/verify/",
        {"expected_status": "received", "tier": simple_tier.pk, "note": ""},
    )

    assert response.url == f"/pengaduan/{complaint.pk}/"
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VERIFIED
    assert complaint.due_on is not None


def test_a_missing_tier_is_reported_at_the_field(client, complaint_at, officer):
    complaint = complaint_at()
    client.force_login(officer)

    response = client.post(
        f"/pengaduan/{complaint.pk}/tindakan/verify/", {"expected_status": "received"}
    )

    assert response.context["form"].errors["tier"] == ["Pilih klasifikasi pengaduan."]
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


def test_the_supervisor_sees_no_action_buttons_and_cannot_post_one(
    client, complaint_at, staff, simple_tier
):
    complaint = complaint_at()
    client.force_login(staff[Role.KEPALA_DINAS])

    detail = client.get(f"/pengaduan/{complaint.pk}/")
    response = client.post(
        f"/pengaduan/{complaint.pk}/tindakan/verify/",
        {"expected_status": "received", "tier": simple_tier.pk},
    )

    assert detail.context["actions"] == []
    assert response.status_code == 403


def test_an_action_from_the_wrong_status_sends_the_officer_back_with_a_message(
    client, complaint_at, officer
):
    complaint = complaint_at(ComplaintStatus.CLOSED)
    client.force_login(officer)

    response = client.get(f"/pengaduan/{complaint.pk}/tindakan/verify/", follow=True)

    assert response.redirect_chain[-1][0] == f"/pengaduan/{complaint.pk}/"
    assert "tidak dapat dilakukan" in response.content.decode()


def test_the_history_on_the_staff_page_shows_who_and_the_internal_note(
    client, complaint_at, officer
):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)
    client.force_login(officer)

    html = client.get(f"/pengaduan/{complaint.pk}/").content.decode()

    assert "Catatan internal petugas." in html
    assert f"oleh {officer.get_full_name()}" in html
    assert "oleh pelapor melalui formulir situs web" in html


def test_the_complaint_page_names_the_holidays_its_deadline_skips(client, complaint_at, officer):
    complaint = complaint_at(received_on=date(2026, 3, 17))  # Nyepi and Idul Fitri ahead
    client.force_login(officer)

    html = client.get(f"/pengaduan/{complaint.pk}/").content.decode()

    assert complaint.verify_due_on > date(2026, 3, 20)
    assert "tidak dihitung: 18 Mar" in html
