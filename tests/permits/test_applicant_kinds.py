"""Each version of a standard says which kinds of applicant it serves (issue 14).

The IUPI serves individuals (WNI, WNA) and companies; a practice permit such as the SIPB is
personal. The intake offers only the kinds served, the services refuse any other, the
standard file carries them, the admin edits and compares them, the public page names them.
"""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits import catalog, services, version_diff
from permits.models import Applicant, Application, ServiceStandard
from permits.sample import sample_applicant, sample_file_of
from permits.standard_file import StandardFileError, export_standard, read
from tests.helpers import error_at
from tests.permits.test_decree_template import post_version, saved
from tests.permits.test_second_service import sipb_post, with_requirements
from tests.permits.test_standard_file import BASE


def intake(client, staff, code: str):
    client.force_login(staff[Role.FO])
    return client.get(reverse("intake_service", args=[code]))


def kind_choices(response) -> list[str]:
    return [
        value for value, _label in response.context["form"].applicant_form["kind"].field.choices
    ]


def test_the_iupi_offers_every_kind_and_the_sipb_only_individuals(client, staff, sipb):
    assert kind_choices(intake(client, staff, "iupi")) == ["wni", "wna", "entity"]
    page = intake(client, staff, "sipb")
    assert kind_choices(page) == ["wni", "wna"]
    assert "Badan usaha" not in page.content.decode()


def test_a_kind_the_service_does_not_serve_is_refused_at_the_field(client, staff, sipb):
    client.force_login(staff[Role.FO])
    data = with_requirements(sipb, sipb_post(**{"applicant-kind": "entity"}))

    response = client.post(reverse("intake_service", args=["sipb"]), data)

    assert response.status_code == 200
    assert error_at(response, "id_applicant-kind") == (
        "Layanan ini hanya melayani pemohon Perseorangan WNI, Perseorangan WNA."
    )
    assert not Application.objects.filter(standard=sipb).exists()
    assert not Applicant.objects.exists()


def test_a_service_for_one_kind_has_it_chosen_already(client, staff, sipb):
    ServiceStandard.objects.filter(pk=sipb.pk).update(applicant_kinds=["wni"])
    page = intake(client, staff, "sipb").content.decode()
    assert 'value="wni" required id="id_applicant-kind_0" checked' in page.replace("\n", " ")


def test_the_services_refuse_a_kind_not_served_whoever_calls_them(staff, sipb):
    application = sample_file_of(sipb, random.Random(1), 1)
    applicant = sample_applicant(random.Random(1), 1)
    applicant.kind = Applicant.Kind.ENTITY

    with pytest.raises(ValidationError) as refused:
        services.register_application(
            applicant=applicant,
            application=application,
            requirement_checks=[],
            actor=staff[Role.FO],
            standard=sipb,
        )

    assert "Surat Izin Praktik Bidan tidak melayani pemohon Badan usaha" in str(refused.value)
    assert not Applicant.objects.exists()


def test_the_standard_file_carries_the_kinds_and_refuses_unknown_ones(sipb):
    exported = export_standard(sipb)
    assert exported["version"]["applicant_kinds"] == ["wni", "wna"]

    def refused(line: str) -> list[str]:
        with pytest.raises(StandardFileError) as error:
            read(BASE + line, "yaml")
        return error.value.messages

    assert read(BASE + "  applicant_kinds: [entity, wni]\n", "yaml").version.applicant_kinds == (
        "wni",
        "entity",
    )
    assert refused("  applicant_kinds: [wni, badan]\n") == [
        "Baris 22, version.applicant_kinds[2]: nilai 'badan' tidak dikenal. "
        "Pilihan yang boleh: wni, wna, entity."
    ]
    assert refused("  applicant_kinds: []\n") == [
        "Baris 22, version.applicant_kinds: pilih sedikitnya satu jenis pemohon."
    ]


def test_the_admin_edits_the_kinds_and_refuses_none(client, superuser):
    current = ServiceStandard.objects.current()
    draft = catalog.new_version(current, effective_from=timezone.localdate() + timedelta(days=1))
    client.force_login(superuser)

    none = post_version(client, draft, applicant_kinds=[], data_fields="[]")
    assert none.status_code == 200
    assert "Pilih sedikitnya satu jenis pemohon." in none.content.decode()
    assert saved(draft).applicant_kinds == ["wni", "wna", "entity"]

    done = post_version(client, draft, applicant_kinds=["entity"], data_fields="[]")
    assert done.status_code == 302, done.context["adminform"].form.errors
    assert saved(draft).applicant_kinds == ["entity"]
    terms, _lists = version_diff.compare(current, saved(draft))
    change = next(t for t in terms if t.label.lower().startswith("jenis pemohon"))
    assert (change.before, change.after) == (
        "Perseorangan WNI, Perseorangan WNA, Badan usaha",
        "Badan usaha",
    )


def test_the_public_standard_page_names_who_may_apply(client, sipb):
    page = client.get(reverse("complaints:standard", args=["sipb"])).content.decode()
    assert "Dapat diajukan oleh: Perseorangan WNI, Perseorangan WNA." in page


def test_a_new_version_in_the_admin_starts_serving_every_kind(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:permits_servicestandard_add"))
    assert page.context["adminform"].form["applicant_kinds"].value() == ["wni", "wna", "entity"]
