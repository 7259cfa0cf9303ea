"""Every form shows its errors the same way (issue 13, item 24), from templates/forms/.

A field's error sits under the field in `div.field-error#<input id>_error`, which the input (or
the fieldset of a radio group) names in aria-describedby, so a screen reader reads it with the
field; errors of the whole form sit in one `div.alert.alert-danger[role=alert]` above it; and
Django's own `ul.errorlist` is shown nowhere outside the admin.
"""

import re
from pathlib import Path

import lxml.html
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from complaints.skm import ELEMENTS
from office.models import OfficeProfile
from office.roles import Role
from tests.conftest import PASSWORD, make_user
from tests.helpers import valid_post
from workflow.table import Status

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def text(element) -> str:
    return " ".join(element.text_content().split())


def assert_errors_in_place(response, *forms) -> None:
    """Each form's field errors under their field, its other errors in the alert, no errorlist."""
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    assert not page.xpath(f"//ul[{has_class('errorlist')}]"), "Django's ul.errorlist is shown"
    alerts = " ".join(
        text(alert) for alert in page.xpath(f'//div[{has_class("alert-danger")}][@role="alert"]')
    )
    shown = 0
    for form in forms:
        for message in form.non_field_errors():
            assert " ".join(message.split()) in alerts, message
            shown += 1
        for name, messages in form.errors.items():
            if name == "__all__":
                continue
            field_id = form[name].auto_id
            boxes = page.xpath(f'//div[{has_class("field-error")}][@id="{field_id}_error"]')
            assert len(boxes) == 1, f"no div.field-error#{field_id}_error for {name}"
            for message in messages:
                assert " ".join(message.split()) in text(boxes[0]), message
            assert_described_by(page, form[name], f"{field_id}_error")
            shown += 1
    assert shown, "the page showed no error at all"


def assert_described_by(page, field, error_id: str) -> None:
    """The input itself names the error, or, for a group of radios, the fieldset around it."""
    inputs = page.xpath(f'//*[@id="{field.auto_id}"] | //*[@name="{field.html_name}"]')
    assert inputs, f"no input #{field.auto_id}"
    described = {
        element for found in inputs for element in (found, *found.iterancestors("fieldset"))
    }
    assert any(
        error_id in (element.get("aria-describedby") or "").split() for element in described
    ), f"#{field.auto_id} does not name #{error_id} in aria-describedby"


# --- the staff login and the second factor -------------------------------------------------


@pytest.mark.django_db
def test_the_login_with_empty_fields_shows_each_error_under_its_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    form = response.context["form"]
    assert set(form.errors) == {"username", "password"}
    assert_errors_in_place(response, form)


@pytest.mark.django_db
def test_the_login_with_a_wrong_password_says_so_in_one_alert(client):
    make_user("fo_uji", Role.FO)

    response = client.post(reverse("login"), {"username": "fo_uji", "password": "salah-sekali"})

    form = response.context["form"]
    assert form.non_field_errors()
    assert_errors_in_place(response, form)
    page = lxml.html.fromstring(response.content.decode())
    # One wrapper per field: the partial's own, not a second one around it.
    assert not page.xpath(f"//div[{has_class('field')}]/div[{has_class('field')}]")


@pytest.mark.django_db
def test_a_wrong_second_factor_code_shows_under_the_code_field(client):
    kabid = make_user("kabid_uji", Role.KABID)
    TOTPDevice.objects.create(user=kabid, name="Ponsel", confirmed=True)
    client.post(reverse("login"), {"username": kabid.username, "password": PASSWORD})

    response = client.post(reverse("otp_verify"), {"token": "12a45"})

    assert_errors_in_place(response, response.context["form"])


# --- the public pages ----------------------------------------------------------------------


def test_the_tracking_page_with_an_empty_code_marks_the_field(client, file_at):
    application = file_at(Status.RECEIPTED)

    response = client.post("/lacak/", {"no": application.registration_number, "kode": "ZZ"})

    page = lxml.html.fromstring(response.content.decode())
    assert not page.xpath(f"//ul[{has_class('errorlist')}]")
    (alert,) = page.xpath('//*[@role="alert"]')
    assert "tidak cocok" in text(alert)


@pytest.mark.django_db
def test_the_complaint_form_with_missing_fields(client):
    response = client.post(
        "/pengaduan/",
        {"name": "", "email": "", "phone": "", "category": "", "subject": "", "description": ""},
    )

    form = response.context["form"]
    assert {"name", "email", "category", "subject", "description"} <= set(form.errors)
    assert_errors_in_place(response, form)
    page = lxml.html.fromstring(response.content.decode())
    (alert,) = page.xpath(f'//div[{has_class("alert-danger")}][@role="alert"]')
    assert "Data belum terkirim." in text(alert)


def test_the_survey_with_unanswered_questions(client, file_at):
    application = file_at(Status.HANDED_OVER)
    data = {
        "no": application.registration_number,
        "kode": application.tracking_code,
        "age_band": "31-40",
        "education": "s1",
        "occupation": "wirausaha",
        "suggestion": "",
        "situs_web": "",
        **{element.code: "3" for element in ELEMENTS[1:]},
    }

    response = client.post("/survei/", data)

    form = response.context["form"]
    assert {"gender", ELEMENTS[0].code} <= set(form.errors)
    assert_errors_in_place(response, form)


def test_the_ikm_report_with_a_period_that_ends_before_it_starts(client, staff):
    client.force_login(staff[Role.KEPALA_DINAS])

    response = client.get("/survei/ikm/", {"start": "2026-05-01", "end": "2026-04-01"})

    assert_errors_in_place(response, response.context["form"])
    page = lxml.html.fromstring(response.content.decode())
    (alert,) = page.xpath(f'//div[{has_class("alert-danger")}][@role="alert"]')
    assert "Ditampilkan: tahun ini." in text(alert)


# --- the desk ------------------------------------------------------------------------------


def test_the_intake_form_with_missing_fields(client, staff):
    client.force_login(staff[Role.FO])
    data = valid_post(
        intake_token="6f1c1d0e-3a55-4c57-9a2e-2d1f0f5b7a11",
        **{
            "applicant-name": "",
            "applicant-npwp": "123",
            "company-nib": "",
            "company-kbli_code": "99",
        },
    )

    response = client.post(reverse("intake_service", args=["iupi"]), data)

    form = response.context["form"]
    assert {"name", "npwp"} <= set(form.applicant_form.errors)
    assert {"nib", "kbli_code"} <= set(form.application_form.errors)
    assert_errors_in_place(response, form.applicant_form, form.application_form)


# --- the admin keeps Django's own markup --------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("super", "super@contoh.id", PASSWORD))
    return client


def test_the_admin_user_change_form_still_renders_its_widgets(superuser_client):
    user = make_user("fo_uji", Role.FO)

    response = superuser_client.get(reverse("admin:auth_user_change", args=[user.pk]))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath('//input[@name="username"][@value="fo_uji"]')
    assert page.xpath('//select[@name="groups"][@multiple]')
    assert page.xpath('//input[@name="last_login_0"]')  # the split date and time widget


def test_the_admin_shows_its_errors_in_its_own_markup(superuser_client):
    profile = OfficeProfile.objects.create()

    response = superuser_client.post(
        reverse("admin:office_officeprofile_change", args=[profile.pk]),
        {"name": "", "short_name": "", "email": "bukan-email"},
    )

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath(f"//ul[{has_class('errorlist')}]")
    assert not page.xpath(f"//div[{has_class('field-error')}]")


# --- the partials --------------------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(label="Dari")
    end = forms.DateField(label="Sampai")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("Tanggal akhir sebelum tanggal awal.")
        return data


def test_the_non_field_errors_partial_is_one_alert_or_nothing():
    fine = PeriodForm({"start": "2026-03-01", "end": "2026-03-31"})
    wrong = PeriodForm({"start": "2026-03-31", "end": "2026-03-01"})
    assert fine.is_valid() and not wrong.is_valid()

    assert render_to_string("forms/non_field_errors.html", {"form": fine}).strip() == ""
    (alert,) = lxml.html.fromstring(
        render_to_string("forms/non_field_errors.html", {"form": wrong})
    ).xpath('//div[@class="alert alert-danger"][@role="alert"]')
    assert [text(p) for p in alert.xpath("p")] == ["Tanggal akhir sebelum tanggal awal."]


def test_a_field_group_renders_with_the_same_partial_as_an_include():
    form = PeriodForm({"start": "kemarin", "end": "2026-03-31"})
    form.is_valid()

    as_group = str(form["start"].as_field_group()).strip()
    included = render_to_string("forms/field.html", {"field": form["start"]}).strip()
    assert as_group == included
    page = lxml.html.fromstring(str(form["start"].as_field_group()))
    assert page.xpath(
        '//div[@class="field has-error"]/div[@class="field-error"][@id="id_start_error"]'
    )
    assert "id_start_error" in page.xpath('//input[@id="id_start"]')[0].get("aria-describedby")


# --- templates -----------------------------------------------------------------------------

# A loop over the errors of a form, a field or a formset: {% for error in form.non_field_errors %}.
ERROR_LOOP = re.compile(r"{%\s*for\s+\w+\s+in\s+[\w.]*errors\s*%}")


def test_no_template_lists_errors_by_itself_but_the_partials_in_templates_forms():
    own_loops = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(("admin/", "forms/")):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if ERROR_LOOP.search(line):
                own_loops.append(f"{name}:{number}: {line.strip()}")
    assert not own_loops, (
        "Show errors with forms/field.html, forms/errors.html or forms/non_field_errors.html:\n"
        + "\n".join(own_loops)
    )


def test_no_template_wraps_a_field_group_in_a_second_field_div():
    wrapped = re.compile(r'<div class="field[^"]*">\s*{{\s*\w+\.as_field_group\s*}}')
    offenders = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if wrapped.search(path.read_text())
    ]
    assert not offenders
