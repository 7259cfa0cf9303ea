"""Who may open what: every staff URL x role (anonymous, each Role) x method, with the status.

A new URL pattern fails `test_every_url_is_public_or_in_the_matrix` until it is added here or to
the public list (tests/test_access.py). Each URL is asked with real ids of files at a status
where the view gets past its 404, so a 403 means "refused for this role", not "not found".
"""

import pytest
from django.test import Client
from django.urls import reverse

from complaints.workflow import ComplaintStatus
from office.roles import Role
from permits import batches, letters
from tests.complaints.conftest import complaint_at, officer, simple_tier  # noqa: F401
from tests.test_access import API_PREFIX, PUBLIC, named_patterns
from workflow.table import Status

ROLES = ("anonymous", *Role)
# Columns, in the order of ROLES.
HEADER = "anon fo   bo   kabid kadin umum sekr pengd admin"

# Statuses per role for GET and POST, in the column order above. 302 for anonymous is the
# login redirect; 405 means the view takes only the other method.
MATRIX: dict[str, dict[str, tuple[int, ...]]] = {
    "logout": {
        "get": (302, 405, 405, 405, 405, 405, 405, 405, 405),
        "post": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    },
    # Two-factor sign-in. force_login gives Kabid, Kadis, Umum, Admin a verified device (conftest):
    # the code page sends everyone on; enrolment is for those without a device; turning it off
    # (POST on the account page) is refused where the role requires it.
    "otp_verify": {
        "get": (302, 302, 302, 302, 302, 302, 302, 302, 302),
        "post": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    },
    "otp_enrol": {
        "get": (302, 200, 200, 302, 302, 302, 200, 200, 302),
        "post": (302, 200, 200, 302, 302, 302, 200, 200, 302),
    },
    "account_security": {
        "get": (302, 200, 200, 200, 200, 200, 200, 200, 200),
        "post": (302, 302, 302, 403, 403, 403, 302, 302, 403),
    },
    # The complaint officer's home is the complaint desk.
    "home": {
        "get": (302, 200, 200, 200, 200, 200, 200, 302, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "application_list": {
        "get": (302, 200, 200, 200, 200, 200, 200, 200, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    # The FO picks the service (with one service offered, straight to its form).
    "intake": {
        "get": (302, 302, 403, 403, 403, 403, 403, 403, 403),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "intake_service": {
        "get": (302, 200, 403, 403, 403, 403, 403, 403, 403),
        "post": (302, 200, 403, 403, 403, 403, 403, 403, 403),
    },
    # Files and their documents (permits/access_policy.py): Bagian Umum only from signing on
    # (the permit and control card, never scans), the complaint officer never.
    "application_detail": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "requirements": {
        "get": (302, 200, 403, 403, 403, 403, 403, 403, 403),
        "post": (302, 200, 403, 403, 403, 403, 403, 403, 403),
    },
    "verification": {
        "get": (302, 403, 200, 403, 403, 403, 403, 403, 403),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "commitment": {
        "get": (302, 403, 200, 403, 403, 403, 403, 403, 403),
        "post": (302, 403, 302, 403, 403, 403, 403, 403, 403),
    },
    "field_inspection": {
        "get": (302, 403, 200, 403, 403, 403, 403, 403, 403),
        "post": (302, 403, 200, 403, 403, 403, 403, 403, 403),
    },
    # "process" on a receipted file: back office only.
    "transition": {
        "get": (302, 403, 200, 403, 403, 403, 403, 403, 403),
        "post": (302, 403, 200, 403, 403, 403, 403, 403, 403),
    },
    "pdf_receipt": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "pdf_draft": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "pdf_control_card": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "pdf_rejection": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "pdf_letter": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "letter_register": {
        "get": (302, 403, 403, 200, 200, 200, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "letter_new": {
        "get": (302, 403, 403, 403, 403, 200, 403, 403, 403),
        "post": (302, 403, 403, 403, 403, 200, 403, 403, 403),
    },
    "letter_retry": {
        "get": (302, 405, 405, 405, 405, 405, 405, 405, 405),
        "post": (302, 403, 403, 403, 403, 302, 403, 403, 403),
    },
    "pdf_permit": {
        "get": (302, 200, 200, 200, 200, 200, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "document": {
        "get": (302, 200, 200, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    # Bulk paraf and signature: the step's role only (a POST without data: the form's errors).
    "bulk_step": {
        "get": (302, 403, 403, 403, 200, 403, 403, 403, 403),
        "post": (302, 403, 403, 403, 200, 403, 403, 403, 403),
    },
    # Nothing done yet in this session: back to the list.
    "bulk_result": {
        "get": (302, 403, 403, 403, 302, 403, 403, 403, 403),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    # Numbering batches: Bagian Umum only.
    "numbering": {
        "get": (302, 403, 403, 403, 403, 200, 403, 403, 403),
        "post": (302, 403, 403, 403, 403, 200, 403, 403, 403),
    },
    "numbering_batch": {
        "get": (302, 403, 403, 403, 403, 200, 403, 403, 403),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "numbering_status": {
        "get": (302, 403, 403, 403, 403, 200, 403, 403, 403),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    # Nothing failed in the batch: back to its page with the reason.
    "numbering_retry": {
        "get": (302, 405, 405, 405, 405, 405, 405, 405, 405),
        "post": (302, 403, 403, 403, 403, 302, 403, 403, 403),
    },
    "supervision": {
        "get": (302, 403, 403, 200, 200, 403, 200, 403, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 403, 405),
    },
    "supervision_export": {
        "get": (302, 403, 403, 200, 200, 403, 200, 403, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 403, 405),
    },
    # Long exports built by the worker (supervision/tasks.py): supervisors and the complaint
    # officer (the IKM); a download for its owner only (export 1 is nobody's here: 404).
    "my_exports": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "my_export_download": {
        "get": (302, 403, 403, 404, 404, 403, 404, 404, 404),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "ikm_pdf_export": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "performance": {
        "get": (302, 200, 200, 200, 200, 200, 200, 200, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "performance_all": {
        "get": (302, 403, 403, 200, 200, 403, 200, 403, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 403, 405),
    },
    # The FO officer's own page: the officer and supervisors.
    "performance_officer": {
        "get": (302, 200, 403, 200, 200, 403, 200, 403, 200),
        "post": (302, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "complaints:desk": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "complaints:record": {
        "get": (302, 403, 403, 403, 403, 403, 403, 200, 403),
        "post": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    },
    "complaints:detail": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "complaints:action": {
        "get": (302, 403, 403, 403, 403, 403, 403, 200, 403),
        "post": (302, 403, 403, 403, 403, 403, 403, 200, 403),
    },
    # The complaint has no attachment: 404 once past the role check.
    "complaints:attachment": {
        "get": (302, 403, 403, 404, 404, 403, 404, 404, 404),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    # The SP4N-LAPOR! "sync now" button: POST only, the complaint officer only.
    "complaints:lapor_sync": {
        "get": (302, 403, 403, 405, 405, 403, 405, 405, 405),
        "post": (302, 403, 403, 403, 403, 403, 403, 302, 403),
    },
    "complaints:ikm_report": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "complaints:ikm_pdf": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
    "complaints:ikm_xlsx": {
        "get": (302, 403, 403, 200, 200, 403, 200, 200, 200),
        "post": (302, 403, 403, 405, 405, 403, 405, 405, 405),
    },
}

STAFF_NAMES = {
    name
    for name, _ in named_patterns()
    if name not in PUBLIC and not name.startswith(("admin:", API_PREFIX))
}


def test_every_url_is_public_or_in_the_matrix():
    assert STAFF_NAMES - MATRIX.keys() == set(), "add the new URL to MATRIX or to PUBLIC"
    assert MATRIX.keys() - STAFF_NAMES == set(), "MATRIX names a URL that no longer exists"


def test_the_matrix_has_a_status_for_every_role_and_method():
    for name, methods in MATRIX.items():
        assert set(methods) == {"get", "post"}, name
        for statuses in methods.values():
            assert len(statuses) == len(ROLES), name


@pytest.fixture
def url_args(staff, file_at, complaint_at):  # noqa: F811
    submitted = file_at(Status.SUBMITTED)
    receipted = file_at(Status.RECEIPTED)
    printed = file_at(Status.PRINTED)
    numbered = file_at(Status.NUMBERED)
    rejected = file_at(Status.REJECTED)
    evidence = numbered.commitment_checks.exclude(evidence_file="").first()
    complaint = complaint_at(ComplaintStatus.RECEIVED)
    batch = batches.start(
        application_ids=[file_at(Status.SIGNED).pk], actor=staff[Role.BAGIAN_UMUM]
    ).batch
    letter = rejected.letters.get()
    letters.write_document(letter.pk)
    return {
        "pdf_letter": [rejected.pk, letter.pk],
        "letter_retry": [letter.pk],
        "my_export_download": [1],
        "bulk_step": ["sign"],
        "bulk_result": ["sign"],
        "numbering_batch": [batch.pk],
        "numbering_status": [batch.pk],
        "numbering_retry": [batch.pk],
        "intake_service": ["iupi"],
        "application_detail": [receipted.pk],
        "requirements": [submitted.pk],
        "verification": [receipted.pk],
        "commitment": [receipted.pk, receipted.commitment_checks.first().pk],
        "field_inspection": [receipted.pk],
        "transition": [receipted.pk, "process"],
        "pdf_receipt": [receipted.pk],
        "pdf_draft": [printed.pk],
        "pdf_control_card": [receipted.pk],
        "pdf_rejection": [rejected.pk],
        "pdf_permit": [numbered.pk],
        "document": [numbered.pk, "komitmen", evidence.pk],
        "supervision_export": ["berkas", "csv"],
        "performance_officer": [staff[Role.FO].pk],
        "complaints:detail": [complaint.pk],
        "complaints:action": [complaint.pk, "verify"],
        "complaints:attachment": [complaint.pk],
    }


def test_each_role_gets_the_status_the_matrix_gives(staff, url_args):
    clients = {"anonymous": Client()}
    for role in Role:
        clients[role] = Client()
        clients[role].force_login(staff[role])

    wrong = []
    # Logging out ends the sessions the other rows use: it goes last.
    for name, methods in sorted(MATRIX.items(), key=lambda item: item[0] == "logout"):
        url = reverse(name, args=url_args.get(name, []))
        for method, expected in methods.items():
            # POST without data: every refusal must come before the form is read.
            got = tuple(getattr(clients[role], method)(url).status_code for role in ROLES)
            if got != expected:
                wrong.append(f"{method.upper()} {name}\n  want {expected}\n  got  {got}")
    assert not wrong, f"columns: {HEADER}\n" + "\n".join(wrong)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, url_args):
    for name in MATRIX:
        response = client.get(reverse(name, args=url_args.get(name, [])))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name
