"""Permit numbers: the standard's format, no gaps, no repeats, a fresh count each year."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from office.roles import Role
from permits import numbering, services
from permits.models import Permit, ServiceStandard
from permits.services import TransitionError, perform_transition
from tests.helpers import FULL_INPUT, footprint
from workflow.table import Status


def number(application, staff):
    perform_transition(
        application_id=application.pk,
        name="number",
        actor=staff[Role.BAGIAN_UMUM],
        data=FULL_INPUT,
    )
    return Permit.objects.get(application=application)


def test_a_permit_number_follows_the_seed_format(file_at, staff):
    permit = number(file_at(Status.SIGNED), staff)
    year = timezone.localdate().year
    assert permit.number == f"503/0001/IUPI/DPMPTSP/{year}"
    assert (permit.year, permit.sequence, permit.issued_on) == (year, 1, timezone.localdate())


def test_a_permit_number_follows_the_format_set_on_the_standard(file_at, staff):
    standard = ServiceStandard.objects.current()
    standard.permit_number_format = "IUPI.{year}/{seq:03d}/OKI"
    standard.full_clean()
    standard.save()

    permit = number(file_at(Status.SIGNED), staff)

    assert permit.number == f"IUPI.{timezone.localdate().year}/001/OKI"


def test_numbers_never_skip_or_repeat(file_at, staff):
    files = [file_at(Status.SIGNED) for _ in range(5)]

    permits = [number(application, staff) for application in files]

    year = timezone.localdate().year
    assert [p.sequence for p in permits] == [1, 2, 3, 4, 5]
    assert [p.number for p in permits] == [f"503/{n:04d}/IUPI/DPMPTSP/{year}" for n in range(1, 6)]


@pytest.mark.django_db
def test_a_number_taken_in_a_transaction_that_fails_is_given_to_the_next_file():
    standard = ServiceStandard.objects.current()
    year = timezone.localdate().year

    with pytest.raises(RuntimeError), transaction.atomic():
        assert numbering.next_permit_number(standard=standard, year=year)[0] == 1
        raise RuntimeError("the step failed after taking its number")

    assert numbering.next_permit_number(standard=standard, year=year)[0] == 1


def test_a_numbering_step_that_fails_late_does_not_consume_its_number(file_at, staff, monkeypatch):
    first, second = file_at(Status.SIGNED), file_at(Status.SIGNED)
    before = footprint(first)

    def card_down(**kwargs):
        raise RuntimeError("control card unavailable")

    with monkeypatch.context() as patched:
        patched.setattr(services, "record_entry", card_down)
        with pytest.raises(RuntimeError):
            number(first, staff)

    assert footprint(first) == before
    assert number(second, staff).sequence == 1
    assert number(first, staff).sequence == 2


def test_a_refused_numbering_step_does_not_consume_a_number(file_at, staff):
    application = file_at(Status.INITIALED)
    with pytest.raises(TransitionError):
        number(application, staff)

    assert number(file_at(Status.SIGNED), staff).sequence == 1


def test_numbers_start_again_at_one_each_year(file_at, staff):
    standard = ServiceStandard.objects.current()
    this_year = timezone.localdate().year
    number(file_at(Status.SIGNED), staff)
    number(file_at(Status.SIGNED), staff)

    assert numbering.next_permit_number(standard=standard, year=this_year + 1) == (
        1,
        f"503/0001/IUPI/DPMPTSP/{this_year + 1}",
    )
    assert numbering.next_permit_number(standard=standard, year=this_year)[0] == 3


@pytest.mark.django_db
def test_registration_numbers_start_again_at_one_each_year():
    standard = ServiceStandard.objects.current()
    year = timezone.localdate().year
    numbering.next_registration_number(standard=standard, year=year)

    assert numbering.next_registration_number(standard=standard, year=year + 1) == (
        f"IUPI-{year + 1}-00001"
    )


# --- the format is data, checked when it is edited ----------------------------------


@pytest.mark.parametrize(
    "fmt",
    ["503/{seq:04d}/IUPI/DPMPTSP/{year}", "{year}-{seq}", "IUPI/{seq:05d}/{year}/OKI"],
)
def test_it_accepts_a_format_with_the_sequence_and_the_year(fmt):
    ServiceStandard(permit_number_format=fmt).clean()


@pytest.mark.parametrize(
    "fmt",
    ["503/IUPI/DPMPTSP/{year}", "503/{{seq}}/IUPI/{year}", "503/IUPI"],
    ids=["no-seq", "escaped-seq", "nothing"],
)
def test_it_rejects_a_format_without_the_sequence(fmt):
    with pytest.raises(ValidationError) as rejected:
        ServiceStandard(permit_number_format=fmt).clean()
    assert "permit_number_format" in rejected.value.message_dict


@pytest.mark.parametrize(
    "fmt",
    [
        "503/{seq:04d}/{bulan}/{year}",
        "503/{seq}/{}/{year}",
        "503/{0}/{seq}/{year}",
        "503/{seq:s}/{year}",
        "503/{seq.kode}/{year}",
        "503/{seq[0]}/{year}",
    ],
    ids=["unknown-name", "positional", "index", "bad-spec", "attribute", "item"],
)
def test_it_rejects_a_format_with_unknown_placeholders(fmt):
    with pytest.raises(ValidationError) as rejected:
        ServiceStandard(permit_number_format=fmt).clean()
    assert "permit_number_format" in rejected.value.message_dict


def test_it_rejects_a_format_without_the_year_because_the_count_restarts_each_year():
    # Sequences restart at 1 every January while Permit.number is unique for ever:
    # "503/0001/IUPI" would be issued again next year and numbering would crash.
    with pytest.raises(ValidationError) as rejected:
        ServiceStandard(permit_number_format="503/{seq:04d}/IUPI/DPMPTSP").clean()
    assert "permit_number_format" in rejected.value.message_dict
