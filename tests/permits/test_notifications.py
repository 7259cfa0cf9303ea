import logging
from datetime import date
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from notices.models import Delivery, DeliveryStatus
from office.links import tracking_url
from office.roles import Role
from permits import services
from permits.models import Application, Service, ServiceStandard
from permits.notifications import notify_transition
from tracking.models import ControlCardEntry
from workflow.table import Status


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection refused")


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()


def only_message():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_receipt_mail_carries_the_tracking_link(file_at):
    application = file_at(Status.RECEIPTED)

    notify_transition(application.pk, "issue_receipt")

    message = only_message()
    link = tracking_url(application)
    assert message.to == [application.applicant.email]
    assert message.subject.startswith("[DPMPTSP] Tanda terima berkas")
    assert application.registration_number in message.subject
    assert "\n" not in message.subject
    assert message.body.startswith(f"Yth. Bapak/Ibu {application.applicant.name},")
    assert link in message.body
    assert link.replace("&", "&amp;") in html_of(message)
    assert application.tracking_code in message.body
    assert "Perkiraan selesai" in message.body


def test_the_link_is_absolute_and_opens_the_file(file_at, client, settings):
    settings.PUBLIC_BASE_URL = "https://izin.okikab.go.id"
    application = file_at(Status.RECEIPTED)

    link = tracking_url(application)

    assert link.startswith("https://izin.okikab.go.id/lacak/?")
    response = client.get(link.removeprefix("https://izin.okikab.go.id"))
    assert response.context["tracking"].registration_number == application.registration_number


def test_the_incomplete_mail_lists_what_is_missing(file_at):
    application = file_at(Status.INCOMPLETE)
    missing = ControlCardEntry.objects.get(
        application=application, transition="mark_incomplete"
    ).context["missing"]

    notify_transition(application.pk, "mark_incomplete")

    message = only_message()
    assert "belum lengkap" in message.subject
    for item in missing:
        assert f"- {item}" in message.body
    assert "Catatan contoh dari petugas." in message.body
    assert tracking_url(application) in message.body


def test_the_returned_mail_says_what_to_fix(file_at, staff):
    application = file_at(Status.RECEIPTED)
    services.perform_transition(
        application_id=application.pk,
        name="return_for_correction",
        actor=staff[Role.BACK_OFFICE],
        data=services.StepInput(note="Perbarui dokumen UKL-UPL & lampirkan peta lokasi."),
    )

    notify_transition(application.pk, "return_for_correction")

    message = only_message()
    assert "perlu diperbaiki" in message.subject
    assert "Perbarui dokumen UKL-UPL & lampirkan peta lokasi." in message.body
    assert "Perbarui dokumen UKL-UPL &amp; lampirkan peta lokasi." in html_of(message)


def test_the_rejected_mail_gives_the_reasons(file_at):
    application = file_at(Status.REJECTED)

    notify_transition(application.pk, "reject")

    message = only_message()
    assert "ditolak" in message.subject
    assert "Alasan penolakan" in message.body
    assert "Catatan contoh dari petugas." in message.body


def test_the_ready_mail_offers_download_and_pick_up(file_at):
    application = file_at(Status.NUMBERED)

    notify_transition(application.pk, "number")

    message = only_message()
    assert "telah terbit" in message.subject
    assert application.permit.number in message.body
    assert "Diunduh" in message.body
    assert "Diambil di loket" in message.body
    assert tracking_url(application) in message.body


def test_the_mails_are_signed_by_the_office(file_at):
    application = file_at(Status.RECEIPTED)

    notify_transition(application.pk, "issue_receipt")

    message = only_message()
    assert "Hormat kami," in message.body
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" in message.body


@pytest.mark.parametrize("name", ["process", "print_draft", "hand_over", "no_such_step"])
def test_other_steps_send_nothing(file_at, name):
    application = file_at(Status.RECEIPTED)

    notify_transition(application.pk, name)

    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.permits.test_notifications.FailingBackend")
def test_a_failing_mail_server_is_logged_and_does_not_raise(file_at, caplog):
    application = file_at(Status.RECEIPTED)

    with caplog.at_level(logging.WARNING, logger="kendali.notices"):
        notify_transition(application.pk, "issue_receipt")

    [record] = [r for r in caplog.records if r.name == "kendali.notices"]
    assert "gagal, dicoba lagi" in record.getMessage()
    delivery = application.deliveries.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
    assert "Connection refused" in delivery.last_error


@pytest.mark.django_db
def test_an_unknown_application_is_logged_and_does_not_raise(caplog):
    with caplog.at_level(logging.ERROR, logger="kendali.mail"):
        notify_transition(987654, "issue_receipt")

    assert any(r.name == "kendali.mail" for r in caplog.records)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.RECEIPTED, "issue_receipt"),
        (Status.INCOMPLETE, "mark_incomplete"),
        (Status.RETURNED, "return_for_correction"),
        (Status.REJECTED, "reject"),
        (Status.NUMBERED, "number"),
    ],
)
def test_every_mail_names_the_service_of_the_files_own_version(file_at, status, step):
    application = file_at(status)
    notify_transition(application.pk, step)
    assert "Izin Usaha Perluasan Industri" in only_message().body
    mail.outbox.clear()
    # The same file under another service's version: its mails name that service.
    service = Service.objects.create(
        code="reklame", name="Izin Reklame", category=Service.Category.NON_BUSINESS
    )
    version = ServiceStandard.objects.create(
        service=service,
        effective_from=date(2025, 1, 1),
        product="Izin Reklame",
        permit_number_format="503/{seq:04d}/REK/{year}",
        registration_prefix="REK",
    )
    Application.objects.filter(pk=application.pk).update(standard=version)
    Delivery.objects.all().delete()  # the step's notice afresh, under the other version

    notify_transition(application.pk, step)

    message = only_message()
    assert "Izin Reklame" in message.body and "Izin Reklame" in html_of(message)
    assert "Perluasan Industri" not in message.body + message.subject + html_of(message)
