"""A new file taken from intake to handover in the browser, each officer on their own page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits.models import Application
from permits.sample import SAMPLE_PDF
from tests.conftest import PASSWORD
from tests.helpers import valid_post
from workflow.table import Status


@pytest.fixture
def desks(staff) -> dict[Role, Client]:
    """One logged-in browser per role, as at the office."""
    clients = {}
    for role, user in staff.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def take_step(desk: Client, application: Application, name: str, **data) -> Application:
    url = reverse("transition", args=[application.pk, name])
    page = desk.get(url)
    assert page.status_code == 200, name
    response = desk.post(url, {"expected_status": application.status, **data})
    assert response.status_code == 302, (name, response.content[:2000])
    return Application.objects.get(pk=application.pk)


def test_a_file_goes_from_the_counter_to_handover_through_every_desk(desks):
    fo, bo = desks[Role.FO], desks[Role.BACK_OFFICE]

    response = fo.post(reverse("intake_service", args=["iupi"]), valid_post())
    application = Application.objects.get()
    assert response.url == reverse("application_detail", args=[application.pk])
    assert application.status == Status.SUBMITTED

    application = take_step(fo, application, "issue_receipt")
    assert application.status == Status.RECEIPTED

    # Back office: every commitment item with evidence, then the BAP.
    for check in application.commitment_checks.all():
        url = reverse("commitment", args=[application.pk, check.pk])
        bo.post(
            url,
            {
                "reference_number": f"BUKTI/{check.pk}",
                "evidence_date": timezone.localdate().isoformat(),
                "verified": "on",
                "evidence_file": SimpleUploadedFile("bukti.pdf", SAMPLE_PDF),
            },
        )
    bo.post(
        reverse("field_inspection", args=[application.pk]),
        {
            "inspected_on": timezone.localdate().isoformat(),
            "team_members": "Ir. Hendra Wijaya\nRina Marlina, S.T.",
            "findings": "Mesin tambahan terpasang.",
            "recommendation": "feasible",
        },
    )
    application = take_step(bo, application, "process")
    application = take_step(bo, application, "print_draft")
    application = take_step(desks[Role.KABID], application, "initial")
    application = take_step(desks[Role.KEPALA_DINAS], application, "sign", password=PASSWORD)
    application = take_step(desks[Role.BAGIAN_UMUM], application, "number")
    assert application.permit.number.startswith("503/0001/IUPI/DPMPTSP/")
    application = take_step(
        fo,
        application,
        "hand_over",
        recipient="applicant",
        recipient_name="Ahmad Fauzi",
        recipient_identity="KTP 1602011708850001",
    )

    assert application.status == Status.HANDED_OVER
    card = list(application.control_card.values_list("transition", "actor_role"))
    assert card == [
        ("register", Role.FO),
        ("issue_receipt", Role.FO),
        ("process", Role.BACK_OFFICE),
        ("print_draft", Role.BACK_OFFICE),
        ("initial", Role.KABID),
        ("sign", Role.KEPALA_DINAS),
        ("number", Role.BAGIAN_UMUM),
        ("hand_over", Role.FO),
    ]
    page = desks[Role.SEKRETARIS].get(reverse("application_detail", args=[application.pk]))
    assert application.permit.number in page.content.decode()
