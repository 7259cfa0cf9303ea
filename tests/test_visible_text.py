"""Every free-text field that reaches a document or a staff page refuses hidden characters.

A right-to-left override (U+202E), a zero-width space or another format character is not
seen where it is typed, but the signed permit or a staff page then shows another text than
the one stored. The intake and the public complaint form are tested through their pages
(tests/permits/test_intake.py, tests/complaints/test_public_pages.py); here every other
desk form, and a rule that keeps new forms from forgetting the check.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import complaints.forms
import permits.forms
from complaints.forms import ActionForm, RecordedComplaintForm, SurveyForm, TicketForm
from complaints.workflow import ACTIONS
from permits import validators
from permits.form_fields import VisibleTextMixin
from permits.forms.transition import TransitionForm
from permits.forms.verification import (
    CommitmentCheckForm,
    FieldInspectionForm,
    RequirementCheckForm,
)
from workflow.table import TRANSITIONS

HIDDEN = "Teks ini berisi karakter tersembunyi yang tidak diizinkan ({})"

# Forms whose text is never stored or shown: codes and passwords checked by a pattern or a
# hash, and the public look-ups (permits/forms/lookup.py) that only search for a number.
EXEMPT_MODULES = {"permits.forms.account", "permits.forms.lookup"}


def form_classes():
    for package in (permits.forms, complaints.forms):
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{package.__name__}."):
            if info.name in EXEMPT_MODULES:
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_every_form_with_a_text_field_refuses_hidden_characters():
    # Forms that add their text fields in __init__ (the step and the complaint action forms)
    # are tested one by one below; the rest are known by their declared fields.
    missing = [
        cls.__qualname__
        for cls in form_classes()
        if not issubclass(cls, VisibleTextMixin)
        and any(isinstance(field, forms.CharField) for field in cls.base_fields.values())
    ]
    assert missing == []
    assert issubclass(TransitionForm, VisibleTextMixin)
    assert issubclass(ActionForm, VisibleTextMixin)


def errors_of(form, field: str) -> list[str]:
    form.is_valid()
    return form.errors.get(field, [])


CASES = [
    pytest.param(
        lambda data: TransitionForm(TRANSITIONS["hand_over"], data),
        "recipient_name",
        id="handover-recipient-name",
    ),
    pytest.param(
        lambda data: TransitionForm(TRANSITIONS["hand_over"], data),
        "recipient_identity",
        id="handover-recipient-identity",
    ),
    pytest.param(
        lambda data: TransitionForm(TRANSITIONS["mark_incomplete"], data),
        "note",
        id="step-note",
    ),
    pytest.param(lambda data: CommitmentCheckForm(data), "reference_number", id="evidence-number"),
    pytest.param(lambda data: CommitmentCheckForm(data), "note", id="evidence-note"),
    pytest.param(lambda data: RequirementCheckForm(data), "note", id="checklist-note"),
    pytest.param(lambda data: FieldInspectionForm(data), "team_members", id="bap-team"),
    pytest.param(lambda data: FieldInspectionForm(data), "findings", id="bap-findings"),
    pytest.param(lambda data: ActionForm(ACTIONS["answer"], data), "reply", id="complaint-reply"),
    pytest.param(lambda data: ActionForm(ACTIONS["answer"], data), "note", id="complaint-note"),
    pytest.param(
        lambda data: ActionForm(ACTIONS["mark_duplicate"], data),
        "duplicate_ticket",
        id="complaint-duplicate-ticket",
    ),
    pytest.param(lambda data: RecordedComplaintForm(data), "name", id="recorded-complaint-name"),
    pytest.param(
        lambda data: RecordedComplaintForm(data), "description", id="recorded-complaint-text"
    ),
    pytest.param(lambda data: SurveyForm(data), "suggestion", id="survey-suggestion"),
    pytest.param(lambda data: TicketForm(data), "tiket", id="complaint-ticket"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "field"), CASES)
@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\u2066", "\u00ad"])
def test_a_hidden_character_in_a_desk_form_is_refused_at_its_field(make, field, character):
    form = make({field: f"Ahmad{character}Fauzi"})

    messages = errors_of(form, field)

    assert len(messages) == 1
    assert messages[0].startswith(HIDDEN.format(f"U+{ord(character):04X}"))


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "field"), CASES)
def test_the_same_field_accepts_ordinary_text(make, field):
    text = "RT 03/RW 01" if field in {"duplicate_ticket", "tiket"} else "Nguyễn Thị Ánh, S.T."
    assert errors_of(make({field: text}), field) == []


def test_a_password_is_not_judged_as_text():
    form = TransitionForm(TRANSITIONS["sign"], {"password": "sandi\u200brahasia"})
    assert errors_of(form, "password") == []


def test_a_text_field_over_its_limit_says_so_in_indonesian():
    form = TransitionForm(TRANSITIONS["hand_over"], {"recipient_name": "A" * 201})
    assert errors_of(form, "recipient_name") == ["Nama penerima paling banyak 200 karakter."]


def test_a_field_keeps_its_own_length_message():
    form = CommitmentCheckForm({"note": "x" * 301})
    assert errors_of(form, "note") == ["Catatan paling banyak 300 karakter."]


def test_the_check_does_not_pile_up_when_a_form_is_cleaned_again():
    form = TransitionForm(TRANSITIONS["hand_over"], {"recipient_name": "A\u202eB"})
    form.is_valid()
    form.full_clean()
    assert len(form.errors["recipient_name"]) == 1
    assert form.fields["recipient_name"].validators.count(validators.validate_visible_text) == 1
