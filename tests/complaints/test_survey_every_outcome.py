"""Every applicant whose file the office has answered may rate the service, once per file,
and the answer keeps the outcome (issue 13, item 3)."""

import pytest
from django.urls import reverse

from complaints.models import SurveyResponse
from complaints.models.survey import Outcome
from tests.complaints.test_survey import URL, answers, credentials
from tests.public.test_tracking_page import look_up
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status, outcome",
    [
        (Status.REJECTED, Outcome.REJECTED),
        (Status.WITHDRAWN, Outcome.WITHDRAWN),
        (Status.RETURNED, Outcome.RETURNED),
        (Status.INCOMPLETE, Outcome.RETURNED),
        (Status.NUMBERED, Outcome.ISSUED),
        (Status.HANDED_OVER, Outcome.ISSUED),
    ],
)
def test_an_applicant_answers_whatever_the_outcome_and_it_is_kept(client, file_at, status, outcome):
    application = file_at(status)
    assert client.get(URL, credentials(application)).context["form"] is not None

    response = client.post(URL, answers(application))

    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:survey_done")
    assert list(SurveyResponse.objects.values_list("outcome", flat=True)) == [outcome]
    # Once per file, whatever the outcome.
    client.post(URL, answers(application))
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("status", [Status.REJECTED, Status.WITHDRAWN, Status.RETURNED])
def test_the_tracking_page_of_an_unhappy_ending_offers_the_survey(client, file_at, status):
    page = look_up(client, file_at(status)).content.decode()
    assert "Isi survei kepuasan" in page


@pytest.mark.parametrize("status", [Status.RECEIPTED, Status.PROCESSED, Status.SIGNED])
def test_a_file_the_office_still_works_on_cannot_answer_yet(client, file_at, status):
    response = client.post(URL, answers(file_at(status)))
    assert not SurveyResponse.objects.exists()
    assert "selesai ditangani" in response.content.decode()
