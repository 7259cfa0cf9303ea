"""The public satisfaction survey: opened with the file's number and code, once per file."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from complaints import services
from complaints.models import SurveyResponse
from complaints.skm import ELEMENTS
from complaints.views.survey import ALREADY, NOT_YET
from office.throttle import FAILED_LOOKUPS
from permits.lookup import NO_MATCH
from permits.notifications import notify_transition
from workflow.table import Status

URL = "/survei/"


def credentials(application, code=None) -> dict:
    return {"no": application.registration_number, "kode": code or application.tracking_code}


def answers(application, **overrides) -> dict:
    data = {
        **credentials(application),
        "gender": "P",
        "age_band": "31-40",
        "education": "s1",
        "occupation": "wirausaha",
        "suggestion": "Ruang tunggu perlu kursi tambahan.",
        "situs_web": "",
        **{element.code: "3" for element in ELEMENTS},
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def handed_over(file_at):
    return file_at(Status.HANDED_OVER)


def test_the_link_opens_the_survey_of_a_handed_over_file(client, handed_over):
    response = client.get(URL, credentials(handed_over))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is not None
    for element in ELEMENTS:
        assert element.title in html
        for label in element.answers:
            assert label in html


def test_a_numbered_file_may_answer_too(client, file_at):
    response = client.get(URL, credentials(file_at(Status.NUMBERED)))

    assert response.context["form"] is not None


def test_a_file_still_in_process_is_told_to_wait(client, file_at):
    response = client.get(URL, credentials(file_at(Status.PROCESSED)))

    assert NOT_YET in response.content.decode()
    assert "form" not in response.context


def test_a_wrong_code_reads_like_any_miss_and_counts_as_a_failed_look_up(client, handed_over):
    response = client.get(URL, credentials(handed_over, code="ZZZZZZZZ"))

    assert NO_MATCH in response.content.decode()
    assert "form" not in response.context
    for _ in range(FAILED_LOOKUPS.limit - 1):
        client.get(URL, credentials(handed_over, code="ZZZZZZZZ"))
    assert client.get(URL, credentials(handed_over)).status_code == 429


def test_the_answers_are_saved_once_and_the_respondent_thanked(client, handed_over):
    response = client.post(URL, answers(handed_over, u3="1"), follow=True)

    saved = SurveyResponse.objects.get()
    assert response.redirect_chain[-1][0] == "/survei/terima-kasih/"
    assert (saved.gender, saved.u3, saved.u9) == ("P", 1, 3)
    assert saved.suggestion == "Ruang tunggu perlu kursi tambahan."
    assert handed_over.registration_number not in saved.respondent_key


def test_a_second_answer_for_the_same_file_is_refused_with_a_message(client, handed_over):
    client.post(URL, answers(handed_over))

    again = client.post(URL, answers(handed_over, u1="1"))
    opened = client.get(URL, credentials(handed_over))

    assert ALREADY in again.content.decode()
    assert ALREADY in opened.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().u1 == 3


def test_the_database_refuses_a_second_answer_for_the_same_file(handed_over):
    key = services.respondent_key(handed_over)
    row = {
        "gender": "L",
        "age_band": "31-40",
        "education": "s1",
        "occupation": "swasta",
        **{element.code: 4 for element in ELEMENTS},
    }
    SurveyResponse.objects.create(respondent_key=key, **row)

    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(respondent_key=key, **row)


def test_a_second_submit_that_raced_past_the_check_is_refused_by_the_service(handed_over):
    profile = {"gender": "L", "age_band": "31-40", "education": "s1", "occupation": "swasta"}
    scores = {element.code: 4 for element in ELEMENTS}
    services.submit_survey(application=handed_over, profile=profile, scores=scores)

    with pytest.raises(services.AlreadyAnswered):
        services.submit_survey(application=handed_over, profile=profile, scores=scores)


def test_the_database_refuses_a_score_outside_one_to_four(db):
    row = {
        "gender": "L",
        "age_band": "31-40",
        "education": "s1",
        "occupation": "swasta",
        **{element.code: 4 for element in ELEMENTS},
        "u5": 5,
    }

    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(respondent_key="x", **row)


def test_a_missing_answer_is_refused_at_its_element_and_nothing_is_saved(client, handed_over):
    response = client.post(URL, answers(handed_over, u3=None, u8=None, gender=None))

    form = response.context["form"]
    assert form.errors["u3"] == ["Pilih salah satu jawaban untuk unsur Waktu Penyelesaian."]
    assert form.errors["u8"] == [
        "Pilih salah satu jawaban untuk unsur Penanganan Pengaduan, Saran dan Masukan."
    ]
    assert form.errors["gender"] == ["Pilih jenis kelamin Anda."]
    assert "u1" not in form.errors
    assert not SurveyResponse.objects.exists()
    assert 'value="3" id="id_u1_2" required checked' in response.content.decode()


def test_a_score_out_of_range_is_refused(client, handed_over):
    response = client.post(URL, answers(handed_over, u2="5"))

    assert response.context["form"].errors["u2"]
    assert not SurveyResponse.objects.exists()


def test_answers_posted_with_a_wrong_code_are_not_saved(client, handed_over):
    response = client.post(URL, answers(handed_over, kode="ZZZZZZZZ"))

    assert NO_MATCH in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_filled_honeypot_saves_no_answer(client, handed_over):
    response = client.post(URL, answers(handed_over, situs_web="spam"))

    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


# --- where the link is offered ------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "offered"),
    [(Status.PROCESSED, False), (Status.NUMBERED, True), (Status.HANDED_OVER, True)],
)
def test_the_tracking_page_offers_the_survey_once_the_permit_exists(
    client, file_at, status, offered
):
    application = file_at(status)

    html = client.post("/lacak/", credentials(application)).content.decode()

    assert ("Isi survei kepuasan" in html) is offered
    if offered:
        assert f"/survei/?no={application.registration_number}&amp;kode=" in html


def test_the_ready_e_mail_carries_the_survey_link(file_at, settings):
    settings.PUBLIC_BASE_URL = "https://izin.okikab.go.id"
    application = file_at(Status.NUMBERED)
    mail.outbox.clear()

    notify_transition(application.pk, "number")

    [message] = mail.outbox
    link = (
        f"https://izin.okikab.go.id/survei/?no={application.registration_number}"
        f"&kode={application.tracking_code}"
    )
    assert link in message.body
    assert link.replace("&", "&amp;") in message.alternatives[0][0]
