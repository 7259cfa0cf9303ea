"""The office's logo (lambang daerah) in the letterhead of every document (issue 16).

Until one is uploaded in the office profile, the letterhead draws a neutral shield (vector,
no picture); once uploaded, the picture itself is in the letterhead of the permit, the letters,
the receipt and the control card.
"""

import io

import pikepdf
import pytest
from django.core.files.base import ContentFile

from office.models import OfficeProfile
from office.roles import Role
from permits import letters
from permits.documents.control_card import render_control_card
from permits.documents.receipt import render_receipt
from permits.models import Letter
from permits.services import perform_transition
from permits.step_work import StepInput
from tests.images import small_png
from workflow.table import Status

pytestmark = pytest.mark.django_db

LOGO = (37, 41)  # an odd size no other picture of the documents has


def pictures_on_first_page(pdf: bytes) -> list[tuple[int, int]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = document.pages[0].images
        return [(int(image.Width), int(image.Height)) for image in images.values()]


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@pytest.fixture
def logo():
    profile = OfficeProfile.current()
    profile.logo.save("lambang.png", ContentFile(small_png(*LOGO)), save=True)
    return profile


def rejection_letter(file_at, staff) -> bytes:
    application = file_at(Status.RECEIPTED)
    perform_transition(
        application_id=application.pk,
        name="reject",
        actor=staff[Role.BACK_OFFICE],
        data=StepInput(note="Tidak memenuhi syarat"),
    )
    letter = Letter.objects.get(application=application)
    letters.write_document(letter.pk)
    letter.refresh_from_db()
    return stored(letter.pdf)


def test_without_a_logo_the_letterhead_has_the_neutral_shield(file_at, staff):
    application = file_at(Status.RECEIPTED)

    assert LOGO not in pictures_on_first_page(render_receipt(application))
    assert LOGO not in pictures_on_first_page(rejection_letter(file_at, staff))


def test_the_uploaded_logo_is_in_the_letterhead_of_every_document(logo, file_at, staff):
    receipted = file_at(Status.RECEIPTED)
    numbered = file_at(Status.NUMBERED)

    assert LOGO in pictures_on_first_page(render_receipt(receipted))
    assert LOGO in pictures_on_first_page(render_control_card(receipted))
    assert LOGO in pictures_on_first_page(stored(numbered.permit.pdf))
    assert LOGO in pictures_on_first_page(rejection_letter(file_at, staff))
