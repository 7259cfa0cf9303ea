"""Notices are recorded with the step and sent by a task; failures retry, then show (issue 15).

Tests run tasks with the immediate backend: a task enqueued after the commit runs at once.
The worker itself is tested in test_worker.py.
"""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notices import tasks
from notices.models import Channel, Delivery, DeliveryStatus
from office.roles import Role
from permits.services import perform_transition
from permits.step_work import StepInput
from workflow.table import Status

REASON = "Lokasi pabrik berada di luar kawasan peruntukan industri."


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection refused")


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()


def reject(application, staff, capture):
    with capture(execute=True):
        return perform_transition(
            application_id=application.pk,
            name="reject",
            actor=staff[Role.BACK_OFFICE],
            data=StepInput(note=REASON),
        )


def test_a_step_records_its_notice_and_the_task_sends_it(
    file_at, staff, django_capture_on_commit_callbacks
):
    application = reject(file_at(Status.RECEIPTED), staff, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(application=application, kind="rejected")
    assert (delivery.channel, delivery.status, delivery.attempts) == (
        Channel.EMAIL,
        DeliveryStatus.SENT,
        1,
    )
    assert delivery.recipient == application.applicant.email
    [message] = mail.outbox
    assert message.to == [application.applicant.email]
    assert REASON in message.body


@override_settings(EMAIL_BACKEND="tests.notices.test_deliveries.FailingBackend")
def test_a_failing_mail_server_neither_blocks_nor_undoes_the_step(
    file_at, staff, django_capture_on_commit_callbacks
):
    before = timezone.now()
    application = reject(file_at(Status.RECEIPTED), staff, django_capture_on_commit_callbacks)

    application.refresh_from_db()
    assert application.status == Status.REJECTED
    delivery = Delivery.objects.get(application=application, kind="rejected")
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempts == 1
    assert "Server surat tidak dapat dihubungi" in delivery.last_error
    assert before + timedelta(minutes=1) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + timedelta(minutes=1)


def test_retries_back_off_then_the_delivery_fails_with_its_error(file_at, settings):
    application = file_at(Status.RECEIPTED)
    delivery = Delivery.objects.get(application=application, kind="receipt")
    settings.EMAIL_BACKEND = "tests.notices.test_deliveries.FailingBackend"
    now = timezone.now()
    waits = []
    for _ in range(tasks.MAX_ATTEMPTS):
        tasks.attempt(delivery.pk, now=now)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at

    assert waits == list(tasks.BACKOFF)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == tasks.MAX_ATTEMPTS
    assert delivery.next_attempt_at is None
    assert mail.outbox == []


def test_a_retry_waits_for_its_time_and_a_sent_notice_is_never_sent_twice(file_at, settings):
    application = file_at(Status.RECEIPTED)
    delivery = Delivery.objects.get(application=application, kind="receipt")
    settings.EMAIL_BACKEND = "tests.notices.test_deliveries.FailingBackend"
    tasks.attempt(delivery.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert tasks.attempt(delivery.pk) == "belum waktunya"
    assert mail.outbox == []
    later = timezone.now() + timedelta(minutes=2)
    assert tasks.attempt(delivery.pk, now=later) == "Terkirim"
    assert tasks.attempt(delivery.pk, now=later) == "sudah selesai"
    assert len(mail.outbox) == 1


def test_the_sweep_sends_a_notice_whose_task_was_lost(file_at):
    application = file_at(Status.RECEIPTED)  # the step's commit never ran its callbacks here
    delivery = Delivery.objects.get(application=application, kind="receipt")
    assert delivery.status == DeliveryStatus.PENDING

    assert tasks.sweep(now=timezone.now() + tasks.LOST_AFTER) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    # Just queued again: not swept a second time.
    assert tasks.sweep() == 0


def test_a_rolled_back_step_leaves_no_notice(file_at, staff):
    application = file_at(Status.RECEIPTED)

    with pytest.raises(RuntimeError), transaction.atomic():
        perform_transition(
            application_id=application.pk,
            name="reject",
            actor=staff[Role.BACK_OFFICE],
            data=StepInput(note=REASON),
        )
        raise RuntimeError("the request fails after the step")

    assert not Delivery.objects.filter(kind="rejected").exists()
    assert Delivery.objects.filter(application=application).count() == 1  # the receipt


def test_the_administrator_resends_a_failed_notice(
    client, superuser, file_at, django_capture_on_commit_callbacks
):
    application = file_at(Status.RECEIPTED)
    delivery = Delivery.objects.get(application=application, kind="receipt")
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=5, last_error="Server surat menolak."
    )
    client.force_login(superuser)
    url = reverse("admin:notices_delivery_changelist")

    page = client.get(url).content.decode()
    assert "Server surat menolak." in page
    assert "WhatsApp tidak aktif" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "resend", "_selected_action": [delivery.pk]})

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert len(mail.outbox) == 1


def test_the_file_page_shows_the_delivery_log(client, staff, file_at, settings):
    application = file_at(Status.RECEIPTED)
    settings.EMAIL_BACKEND = "tests.notices.test_deliveries.FailingBackend"
    tasks.attempt(Delivery.objects.get(application=application).pk)
    client.force_login(staff[Role.FO])

    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()

    assert "Pemberitahuan kepada pemohon" in page
    assert f"Tanda terima berkas {application.registration_number}" in page
    assert "Akan dicoba lagi" in page
    assert "Server surat tidak dapat dihubungi" in page
