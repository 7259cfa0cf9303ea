"""Who may open which file and which of its documents (permits/access_policy.py).

Every staff role works on every file except Bagian Umum (files from signing on: the permit
and the control card only, never the applicant's scans) and the complaint officer (no file).
A refused request is 403 with the reason in Indonesian; an id that does not belong is 404.
"""

import random

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.roles import Role
from permits import access_policy
from permits.sample import SAMPLE_PDF, walk_to
from tests.complaints.conftest import complaint_at, officer, simple_tier  # noqa: F401
from tests.conftest import PASSWORD
from workflow.table import Status, statuses_waiting_for

ROLES = tuple(Role)
OK, REFUSED = 200, 403


def expected(*, umum: int) -> tuple[int, ...]:
    """Every role but Bagian Umum and the complaint officer opens it; those two as given."""
    return tuple(
        umum if role == Role.BAGIAN_UMUM else REFUSED if role == Role.COMPLAINT_OFFICER else OK
        for role in ROLES
    )


def with_scan(application):
    check = application.requirement_checks.first()
    check.scan.save("ktp.pdf", ContentFile(SAMPLE_PDF))
    return check


def url_for(view: str, application) -> str:
    if view == "scan":
        return reverse("document", args=[application.pk, "persyaratan", with_scan(application).pk])
    if view == "evidence":
        check = application.commitment_checks.exclude(evidence_file="").first()
        return reverse("document", args=[application.pk, "komitmen", check.pk])
    return reverse(view, args=[application.pk])


# (view, status of the file, statuses in the order of Role: fo bo kabid kadis umum sekr pengd admin)
CASES = [
    ("application_detail", Status.RECEIPTED, expected(umum=REFUSED)),
    ("application_detail", Status.SIGNED, expected(umum=OK)),
    ("pdf_receipt", Status.SIGNED, expected(umum=REFUSED)),
    ("pdf_draft", Status.PRINTED, expected(umum=REFUSED)),
    ("pdf_control_card", Status.RECEIPTED, expected(umum=REFUSED)),
    ("pdf_control_card", Status.SIGNED, expected(umum=OK)),
    ("pdf_rejection", Status.REJECTED, expected(umum=REFUSED)),
    ("pdf_permit", Status.NUMBERED, expected(umum=OK)),
    ("scan", Status.SIGNED, expected(umum=REFUSED)),
    ("evidence", Status.SIGNED, expected(umum=REFUSED)),
]


@pytest.mark.parametrize(("view", "status", "want"), CASES, ids=[f"{v}-{s}" for v, s, _ in CASES])
def test_each_role_gets_the_status_the_policy_gives(client, staff, file_at, view, status, want):
    url = url_for(view, file_at(status))
    got = []
    for role in ROLES:
        client.force_login(staff[role])
        got.append(client.get(url).status_code)
    assert tuple(got) == want, f"roles: {[r.value for r in ROLES]}"


def test_a_refusal_says_why_in_indonesian(client, staff, file_at):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.BAGIAN_UMUM])
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert page.status_code == 403
    assert access_policy.OUT_OF_REACH in page.content.decode()

    client.force_login(staff[Role.COMPLAINT_OFFICER])
    page = client.get(reverse("pdf_control_card", args=[application.pk]))
    assert page.status_code == 403
    assert access_policy.NO_FILES in page.content.decode()


def test_the_complaint_officer_opens_no_file_and_no_pdf_and_cannot_probe_ids(
    client, staff, file_at
):
    application = file_at(Status.NUMBERED)
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    for name in ("application_detail", "pdf_receipt", "pdf_control_card", "pdf_permit"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 403, name
        # An id that does not exist reads the same: the role is refused before any look-up.
        assert client.get(reverse(name, args=[application.pk + 999])).status_code == 403, name


def test_bagian_umum_cannot_open_the_applicants_scans_even_of_a_file_it_works_on(
    client, staff, file_at
):
    application = file_at(Status.SIGNED)
    check = with_scan(application)
    client.force_login(staff[Role.BAGIAN_UMUM])
    assert client.get(reverse("application_detail", args=[application.pk])).status_code == 200
    response = client.get(reverse("document", args=[application.pk, "persyaratan", check.pk]))
    assert response.status_code == 403
    assert "pindaian persyaratan" in response.content.decode()


def test_an_item_of_file_a_under_file_b_is_404(client, staff, file_at):
    file_a, file_b = file_at(Status.SUBMITTED), file_at(Status.SUBMITTED)
    scan_of_a = with_scan(file_a)
    client.force_login(staff[Role.FO])
    assert (
        client.get(reverse("document", args=[file_a.pk, "persyaratan", scan_of_a.pk])).status_code
        == 200
    )
    response = client.get(reverse("document", args=[file_b.pk, "persyaratan", scan_of_a.pk]))
    assert response.status_code == 404


def test_an_unknown_file_is_404_for_a_role_that_reaches_files(client, staff, db):
    client.force_login(staff[Role.BAGIAN_UMUM])
    assert client.get(reverse("application_detail", args=[999])).status_code == 404
    assert client.get(reverse("pdf_permit", args=[999])).status_code == 404


def test_a_complaint_attachment_is_only_reached_through_its_own_complaint(
    client,
    complaint_at,  # noqa: F811
    officer,  # noqa: F811
):
    with_attachment = complaint_at(
        attachment=SimpleUploadedFile("bukti.pdf", SAMPLE_PDF, content_type="application/pdf")
    )
    without = complaint_at()
    client.force_login(officer)
    assert (
        client.get(reverse("complaints:attachment", args=[with_attachment.pk])).status_code == 200
    )
    # No URL names another complaint's attachment: complaint B's address serves B's or nothing.
    assert client.get(reverse("complaints:attachment", args=[without.pk])).status_code == 404


def test_the_complaint_attachment_is_for_the_complaint_desk_only(
    client,
    staff,
    complaint_at,  # noqa: F811
):
    complaint = complaint_at(
        attachment=SimpleUploadedFile("bukti.pdf", SAMPLE_PDF, content_type="application/pdf")
    )
    url = reverse("complaints:attachment", args=[complaint.pk])
    for role in (Role.FO, Role.BACK_OFFICE, Role.BAGIAN_UMUM):
        client.force_login(staff[role])
        assert client.get(url).status_code == 403, role


# --- what pages show follows the same policy --------------------------------------------


def test_the_file_page_shows_bagian_umum_only_the_documents_it_may_open(client, staff, file_at):
    application = file_at(Status.NUMBERED)
    with_scan(application)
    client.force_login(staff[Role.BAGIAN_UMUM])
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert [label for label, _ in page.context["documents"]] == ["Izin (final)", "Kartu kendali"]
    html = page.content.decode()
    assert reverse("pdf_receipt", args=[application.pk]) not in html
    assert "Lihat pindaian" not in html
    assert "Lihat bukti" not in html
    for _, url in page.context["documents"]:
        assert client.get(url).status_code == 200, url


def test_the_file_page_links_the_scans_for_the_fo(client, staff, file_at):
    application = file_at(Status.SIGNED)
    check = with_scan(application)
    client.force_login(staff[Role.FO])
    html = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("document", args=[application.pk, "persyaratan", check.pk]) in html
    assert "Lihat bukti" in html


@pytest.mark.parametrize(("role", "shown"), [(Role.FO, True), (Role.BAGIAN_UMUM, False)])
def test_the_applicants_identity_and_tracking_code_go_with_the_scans(
    client, staff, file_at, role, shown
):
    application = file_at(Status.NUMBERED)
    applicant = application.applicant
    client.force_login(staff[role])
    html = client.get(reverse("application_detail", args=[application.pk])).content.decode()

    private = [applicant.nik, applicant.email, applicant.phone, application.tracking_code]
    # All of them for the FO, none of them for Bagian Umum.
    assert [value in html for value in private] == [shown] * len(private)
    assert ("tidak ditampilkan untuk peran Anda" in html) is not shown
    # The name and the company stay: Bagian Umum numbers the permit issued to them.
    assert applicant.name in html
    assert application.company_name in html


def test_the_list_shows_bagian_umum_only_files_from_signing_on(client, staff, file_at):
    signed = file_at(Status.SIGNED)
    file_at(Status.RECEIPTED)
    file_at(Status.PRINTED)
    client.force_login(staff[Role.BAGIAN_UMUM])
    page = client.get(reverse("application_list"))
    assert [a.registration_number for a in page.context["page"].object_list] == [
        signed.registration_number
    ]
    assert "tahap yang ditangani peran Anda" in page.content.decode()
    # Asking for a status it does not reach finds nothing rather than leaking rows.
    page = client.get(reverse("application_list"), {"status": Status.RECEIPTED})
    assert not page.context["page"].object_list


def test_the_list_shows_the_complaint_officer_no_file(client, staff, file_at):
    file_at(Status.SUBMITTED)
    client.force_login(staff[Role.COMPLAINT_OFFICER])
    page = client.get(reverse("application_list"))
    assert page.status_code == 200
    assert not page.context["page"].object_list
    assert access_policy.NO_FILES in page.content.decode()


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.COMPLAINT_OFFICER, False), (Role.BAGIAN_UMUM, True)]
)
def test_the_menu_offers_the_file_list_only_to_roles_that_work_on_files(client, staff, role, shown):
    client.force_login(staff[role])
    html = client.get(reverse("home"), follow=True).content.decode()
    assert (f'href="{reverse("application_list")}"' in html) is shown


@pytest.mark.parametrize("role", [r for r in Role if r in access_policy.REACH])
def test_every_file_a_role_waits_for_is_a_file_it_may_open(role):
    """The queue (home) is not filtered again: it must never list a file out of reach."""
    assert set(statuses_waiting_for(role)) <= access_policy.REACH[role][0]


def _signed_files(staff, count: int, start: int) -> None:
    for index in range(start, start + count):
        walk_to(
            Status.SIGNED, staff=staff, password=PASSWORD, rng=random.Random(index), index=index
        )


@pytest.mark.parametrize("role", [Role.BAGIAN_UMUM, Role.FO])
def test_the_policy_adds_no_query_per_file_on_the_list(client, staff, role):
    client.force_login(staff[role])
    url = reverse("application_list")
    _signed_files(staff, 1, start=0)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).context["page"].object_list) == 1
    _signed_files(staff, 4, start=1)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).context["page"].object_list) == 5
    assert len(five) == len(one)
