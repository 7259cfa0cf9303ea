"""permits 0008 brings the passport numbers stored as typed to the form the intake now stores."""

import importlib

import pytest
from django.apps import apps

from permits.models import Applicant

migration = importlib.import_module("permits.migrations.0008_address_limits_and_passport_form")


def applicant(passport: str) -> Applicant:
    return Applicant.objects.create(
        kind=Applicant.Kind.WNA,
        name="Tan Wei Ming",
        passport_number=passport,
        nationality="Malaysia",
        npwp="013121660091000",
        email="tan@contoh.my",
        phone="0812345678",
        address="Jl. Merdeka 1, Kayuagung",
    )


@pytest.mark.django_db
def test_passports_stored_as_typed_become_one_number_and_odd_ones_are_left_alone():
    typed = ["a1234567", "A 123 4567", "a-1234567", "A1234567", "", "paspor hilang!", "A1"]
    rows = [applicant(passport) for passport in typed]

    migration.normalise_passports(apps, None)

    stored = [Applicant.objects.get(pk=row.pk).passport_number for row in rows]
    assert stored == ["A1234567", "A1234567", "A1234567", "A1234567", "", "paspor hilang!", "A1"]
