"""The receipt needs an NPWP that passes KSWP (issue 13, item 1)."""

import datetime

import pytest
from django.urls import reverse

from office.roles import Role
from permits import services
from permits.models import Applicant
from tests.helpers import footprint, last_entry
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_kswp(file_at):
    application = file_at(Status.SUBMITTED)
    Applicant.objects.filter(pk=application.applicant_id).update(
        kswp_result=Applicant.KswpResult.INVALID
    )
    return application


def test_no_receipt_for_an_npwp_that_failed_kswp_and_the_officer_is_told_why(failed_kswp, staff):
    before = footprint(failed_kswp)
    with pytest.raises(services.TransitionError) as refused:
        services.perform_transition(
            application_id=failed_kswp.pk, name="issue_receipt", actor=staff[Role.FO]
        )
    assert "KSWP" in refused.value.message
    assert "belum lengkap" in refused.value.message  # what to do instead
    assert footprint(failed_kswp) == before


def test_the_file_page_offers_no_receipt_and_says_the_npwp_failed_kswp(client, failed_kswp, staff):
    client.force_login(staff[Role.FO])
    page = client.get(reverse("application_detail", args=[failed_kswp.pk])).content.decode()

    assert reverse("transition", args=[failed_kswp.pk, "issue_receipt"]) not in page
    assert "tidak lolos Konfirmasi Status Wajib Pajak (KSWP)" in page
    # Sending it back as incomplete is still offered.
    assert reverse("transition", args=[failed_kswp.pk, "mark_incomplete"]) in page


def test_sent_back_as_incomplete_the_card_names_the_kswp(failed_kswp, staff):
    services.perform_transition(
        application_id=failed_kswp.pk,
        name="mark_incomplete",
        actor=staff[Role.FO],
        data=services.StepInput(note="NPWP belum memenuhi KSWP."),
    )
    missing = last_entry(failed_kswp).context["missing"]
    assert any("KSWP" in item for item in missing)


def requirements_post(client, application, **kswp) -> dict:
    """The requirements page as the FO submits it: every row as it is, and the KSWP part."""
    formset = client.get(reverse("requirements", args=[application.pk])).context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        **{f"kswp-{name}": value for name, value in kswp.items()},
    }
    for row in formset.forms:
        data[f"{row.prefix}-id"] = str(row.instance.pk)
        if row.instance.present:
            data[f"{row.prefix}-present"] = "on"
    return data


def test_a_new_kswp_check_on_the_requirements_page_opens_the_receipt(client, failed_kswp, staff):
    fo = staff[Role.FO]
    client.force_login(fo)
    data = requirements_post(client, failed_kswp, kswp_result="valid", kswp_checked_on="2026-11-30")

    response = client.post(reverse("requirements", args=[failed_kswp.pk]), data)

    assert response.status_code == 302
    applicant = Applicant.objects.get(pk=failed_kswp.applicant_id)
    assert applicant.kswp_result == Applicant.KswpResult.VALID
    assert applicant.kswp_checked_on == datetime.date(2026, 11, 30)
    assert applicant.kswp_checked_by == fo
    services.perform_transition(application_id=failed_kswp.pk, name="issue_receipt", actor=fo)
    failed_kswp.refresh_from_db()
    assert failed_kswp.status == Status.RECEIPTED


def test_a_kswp_check_dated_in_the_future_is_refused_next_to_the_field(client, failed_kswp, staff):
    client.force_login(staff[Role.FO])
    data = requirements_post(client, failed_kswp, kswp_result="valid", kswp_checked_on="2999-01-01")

    response = client.post(reverse("requirements", args=[failed_kswp.pk]), data)

    assert response.status_code == 200
    assert response.context["kswp_form"].errors["kswp_checked_on"]
    applicant = Applicant.objects.get(pk=failed_kswp.applicant_id)
    assert applicant.kswp_result == Applicant.KswpResult.INVALID
