"""WhatsApp notices need the applicant's consent and a mobile number, recorded at intake (issue 15).

The number is checked as an Indonesian mobile number and stored in E.164; without consent none
is kept and no WhatsApp notice is queued; an opt-out stops them; an office without WhatsApp
configured queues e-mail only.
"""

import socket

import pytest
from django.urls import reverse

from notices.models import Channel, Delivery, DeliveryStatus
from notices.tasks import attempt
from office.roles import Role
from permits import services
from permits.models import Applicant, Application
from permits.notifications import queue_step_notices
from tests.helpers import error_at
from tests.permits.test_second_service import sipb_post, with_requirements
from workflow.table import Status


def post_intake(client, staff, sipb, **applicant):
    client.force_login(staff[Role.FO])
    data = with_requirements(sipb, sipb_post(**{f"applicant-{k}": v for k, v in applicant.items()}))
    return client.post(reverse("intake_service", args=["sipb"]), data)


def test_consent_with_a_mobile_number_is_recorded_in_e164(client, staff, sipb):
    response = post_intake(
        client, staff, sipb, whatsapp_consent="on", whatsapp_number="0813 1111 2222"
    )
    assert response.status_code == 302, error_at(response, "id_applicant-whatsapp_number")
    applicant = Applicant.objects.get()
    assert applicant.whatsapp_number == "+6281311112222"
    assert applicant.whatsapp_consent_at is not None
    assert applicant.whatsapp_recipient == "+6281311112222"


def test_consent_without_a_number_takes_the_phone(client, staff, sipb):
    response = post_intake(client, staff, sipb, whatsapp_consent="on")
    assert response.status_code == 302
    assert Applicant.objects.get().whatsapp_number == "+6281277771234"  # the phone typed


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0711-354 321", "bukan nomor ponsel"),
        ("12345", "Nomor WhatsApp harus nomor ponsel Indonesia"),
        ("+65 8123 4567", "Nomor WhatsApp harus nomor ponsel Indonesia"),
    ],
)
def test_a_number_that_is_not_an_indonesian_mobile_is_refused_at_the_field(
    client, staff, sipb, number, message
):
    response = post_intake(client, staff, sipb, whatsapp_consent="on", whatsapp_number=number)
    assert response.status_code == 200
    assert message in error_at(response, "id_applicant-whatsapp_number")
    assert not Applicant.objects.exists()


def test_without_consent_no_number_is_kept(client, staff, sipb):
    response = post_intake(client, staff, sipb, whatsapp_number="0813 1111 2222")
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    assert (applicant.whatsapp_number, applicant.whatsapp_consent_at) == ("", None)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def whatsapp_unreachable(settings):
    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{closed_port()}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1234567890"
    settings.WHATSAPP_ACCESS_TOKEN = "token-uji"
    settings.WHATSAPP_TIMEOUT = 1


def consenting(application):
    Applicant.objects.filter(pk=application.applicant_id).update(
        whatsapp_number="+6281311112222", whatsapp_consent_at=application.created_at
    )


def receipt_notices(application):
    entry = application.control_card.get(transition="issue_receipt")
    return queue_step_notices(Application.objects.get(pk=application.pk), entry)


def test_a_step_queues_the_approved_template_for_a_consenting_applicant(
    file_at, whatsapp_unreachable
):
    application = file_at(Status.RECEIPTED)
    consenting(application)

    email, message = receipt_notices(application)

    assert email.channel == Channel.EMAIL  # queued with the step already: the same row
    assert (message.channel, message.recipient) == (Channel.WHATSAPP, "+6281311112222")
    assert message.payload["template"] == "kendali_tanda_terima"
    name, service, number, due, link = message.payload["parameters"]
    assert (name, number) == (application.applicant.name, application.registration_number)
    assert service == "Izin Usaha Perluasan Industri"
    assert due.startswith("perkiraan selesai ")
    assert link.startswith("http") and application.tracking_code in link
    # The Cloud API is down here: the step stands, the message waits for its retry.
    attempt(message.pk)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.RETRYING
    assert "WhatsApp tidak dapat dihubungi" in message.last_error


def test_an_opted_out_applicant_gets_no_whatsapp(file_at, whatsapp_unreachable):
    application = file_at(Status.RECEIPTED)
    consenting(application)
    Applicant.objects.filter(pk=application.applicant_id).update(
        whatsapp_opted_out_at=application.created_at
    )
    assert [d.channel for d in receipt_notices(application)] == [Channel.EMAIL]


def test_without_whatsapp_configured_only_the_email_is_queued(file_at):
    application = file_at(Status.RECEIPTED)
    consenting(application)
    assert [d.channel for d in receipt_notices(application)] == [Channel.EMAIL]


def test_the_applicant_stops_whatsapp_from_the_tracking_page(client, file_at, whatsapp_unreachable):
    application = file_at(Status.RECEIPTED)
    consenting(application)
    [_email, waiting] = receipt_notices(application)
    credentials = {"no": application.registration_number, "kode": application.tracking_code}

    page = client.post(reverse("public:track"), credentials).content.decode()
    assert "Berhenti menerima WhatsApp" in page

    stopped = client.post(reverse("public:stop_whatsapp"), credentials).content.decode()

    assert "Anda tidak akan menerima pemberitahuan WhatsApp lagi" in stopped
    assert "Berhenti menerima WhatsApp" not in stopped
    applicant = Applicant.objects.get(pk=application.applicant_id)
    assert applicant.whatsapp_opted_out_at is not None
    assert applicant.whatsapp_recipient == ""
    waiting.refresh_from_db()
    assert (waiting.status, waiting.last_error) == (
        DeliveryStatus.FAILED,
        "Pemohon berhenti menerima WhatsApp.",
    )


def test_a_wrong_code_cannot_stop_anyones_whatsapp(client, file_at, whatsapp_unreachable):
    application = file_at(Status.RECEIPTED)
    consenting(application)
    response = client.post(
        reverse("public:stop_whatsapp"),
        {"no": application.registration_number, "kode": "SALAH123"},
    )
    assert response.status_code in (404, 400, 200)
    assert Applicant.objects.get(pk=application.applicant_id).whatsapp_opted_out_at is None


def test_the_handover_invites_to_the_survey_by_email_and_whatsapp(
    file_at, staff, whatsapp_unreachable
):
    application = file_at(Status.NUMBERED)
    consenting(application)
    handed = file_at(Status.HANDED_OVER)  # a file walked to the end queues its invitation
    assert Delivery.objects.filter(application=handed, kind="survey").count() == 1

    services.perform_transition(
        application_id=application.pk,
        name="hand_over",
        actor=staff[Role.FO],
        data=services.StepInput(recipient_name="Budi", recipient_identity="1671010101010001"),
    )

    email, message = Delivery.objects.filter(application=application, kind="survey").order_by(
        "channel"
    )
    assert email.channel == Channel.EMAIL and message.channel == Channel.WHATSAPP
    assert "Survei Kepuasan Masyarakat" in email.payload["text"]
    assert "/survei/?no=" in email.payload["text"]
    assert application.tracking_code in email.payload["text"]
    assert message.payload["template"] == "kendali_undangan_survei"
    assert "/survei/?no=" in message.payload["parameters"][-1]
