"""Services and versions of their standards (issue 14): a file keeps the version it was
registered under; new files take the version in force; each service numbers on its own."""

import html
import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits import catalog, numbering
from permits.documents import context as ctx
from permits.documents.permit import decree_context
from permits.models import Application, Permit, Service, ServiceStandard, StandardItem
from permits.sample import register_sample
from permits.services import perform_transition
from tests.helpers import FULL_INPUT
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1() -> ServiceStandard:
    return ServiceStandard.objects.current()


def second_version(v1: ServiceStandard, *, on: date, service_days: int = 10) -> ServiceStandard:
    """IUPI version 2: a longer time limit and an updated legal basis."""
    v2 = catalog.new_version(v1, effective_from=on)
    v2.service_days = service_days
    v2.product = "Izin Usaha Perluasan Industri (PP 28/2025)"
    v2.save()
    v2.items.filter(component=StandardItem.Component.LEGAL_BASIS).delete()
    StandardItem.objects.create(
        standard=v2,
        component=StandardItem.Component.LEGAL_BASIS,
        order=1,
        text="Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan "
        "Berusaha Berbasis Risiko",
    )
    return v2


def take(application, name: str, actor) -> Application:
    return perform_transition(
        application_id=application.pk, name=name, actor=actor, data=FULL_INPUT
    )


def register(staff, index: int = 0) -> Application:
    return register_sample(fo=staff[Role.FO], rng=random.Random(index), index=index)


def test_iupi_is_a_service_whose_first_version_files_are_registered_under(staff, v1):
    service = Service.objects.get()
    assert (service.code, service.category) == ("iupi", Service.Category.BUSINESS)
    assert v1.service == service and v1.version == 1
    assert v1.effective_from <= date(2019, 1, 1)
    assert v1.requirements.exists() and v1.commitment_types.exists() and v1.items.exists()

    application = register(staff)

    assert application.standard == v1
    assert application.registration_number.startswith(f"IUPI-{timezone.localdate().year}-")


def test_a_new_version_copies_the_standard_and_leaves_the_first_as_it_was(v1):
    before = {
        "requirements": list(v1.requirements.values_list("order", "text", "applies_to")),
        "commitments": list(v1.commitment_types.values_list("code", "text")),
        "items": list(v1.items.values_list("component", "order", "text")),
    }

    v2 = catalog.new_version(v1, effective_from=timezone.localdate() + timedelta(days=7))

    assert (v2.service, v2.version) == (v1.service, 2)
    assert (
        list(v2.requirements.values_list("order", "text", "applies_to")) == (before["requirements"])
    )
    assert list(v2.commitment_types.values_list("code", "text")) == before["commitments"]
    assert list(v2.items.values_list("component", "order", "text")) == before["items"]
    assert v2.permit_number_format == v1.permit_number_format
    v1.refresh_from_db()
    assert (
        list(v1.requirements.values_list("order", "text", "applies_to")) == (before["requirements"])
    )


def test_new_files_take_the_version_in_force_and_old_files_keep_theirs(staff, v1):
    old = register(staff, 0)
    v2 = second_version(v1, on=timezone.localdate())

    new = register(staff, 1)

    assert old.standard == v1 and new.standard == v2
    for application in (old, new):
        take(application, "issue_receipt", staff[Role.FO])
    old.refresh_from_db()
    new.refresh_from_db()
    # The clock and the receipt's terms follow each file's own version.
    assert old.clock.service_days == v1.service_days == 3
    assert new.clock.service_days == 10
    assert ctx.service_terms(old)["service_days_text"].startswith("3 (tiga) hari kerja")
    assert ctx.service_terms(new)["service_days_text"].startswith("10 (sepuluh) hari kerja")
    # The decree's legal basis (Mengingat) comes from the file's version.
    old_basis = " ".join(decree_context(old)["mengingat"])
    new_basis = " ".join(decree_context(new)["mengingat"])
    assert "Nomor 25 Tahun 2009" in old_basis and "28 Tahun 2025" not in old_basis
    assert new_basis.startswith("Peraturan Pemerintah Nomor 28 Tahun 2025")


def test_a_version_takes_effect_on_its_date(v1):
    tomorrow = timezone.localdate() + timedelta(days=1)
    v2 = catalog.new_version(v1, effective_from=tomorrow)

    assert ServiceStandard.objects.in_force("iupi") == v1
    assert ServiceStandard.objects.in_force("iupi", on=tomorrow) == v2
    assert ServiceStandard.objects.in_force(v1.service, on=tomorrow + timedelta(days=30)) == v2
    with pytest.raises(ServiceStandard.DoesNotExist, match="Belum ada standar pelayanan"):
        ServiceStandard.objects.in_force("iupi", on=date(2000, 1, 1))


def test_a_version_in_the_past_is_refused_while_the_service_has_open_files(staff, v1):
    register(staff)
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        catalog.new_version(v1, effective_from=yesterday)

    assert "effective_from" in refused.value.message_dict
    assert "1 berkas dalam proses" in refused.value.message_dict["effective_from"][0]
    assert ServiceStandard.objects.count() == 1  # nothing half-saved


def test_a_version_in_the_past_is_fine_for_a_service_without_open_files(v1):
    v2 = catalog.new_version(v1, effective_from=timezone.localdate() - timedelta(days=30))
    assert ServiceStandard.objects.in_force("iupi") == v2


def other_service(code: str = "reklame") -> ServiceStandard:
    service = Service.objects.create(
        code=code, name=f"Izin {code.title()}", category=Service.Category.NON_BUSINESS
    )
    return ServiceStandard.objects.create(
        service=service,
        effective_from=date(2025, 1, 1),
        product=f"Izin {code.title()}",
        service_days=5,
        permit_number_format="503/{seq:04d}/" + code.upper() + "/DPMPTSP/{year}",
        registration_prefix=code.upper()[:4],
    )


def test_each_service_counts_its_numbers_on_its_own(staff, file_at, v1):
    year = timezone.localdate().year
    iupi_permit = file_at(Status.NUMBERED).permit
    reklame = other_service()

    seq, number = numbering.next_permit_number(standard=reklame, year=year)

    assert iupi_permit.sequence == seq == 1
    assert number == f"503/0001/REKLAME/DPMPTSP/{year}"
    assert numbering.next_registration_number(standard=reklame, year=year) == f"REKL-{year}-00001"
    # Two permits with the same year and sequence, one per series, are both kept.
    application = register(staff, 5)
    Application.objects.filter(pk=application.pk).update(standard=reklame)
    Permit.objects.create(
        application=application,
        number=number,
        series=reklame.series,
        year=year,
        sequence=seq,
        issued_on=timezone.localdate(),
    )
    assert Permit.objects.filter(year=year, sequence=1).count() == 2


# --- the administrator ------------------------------------------------------------------


def test_a_version_files_use_is_read_only_in_the_admin(client, superuser, staff, v1):
    register(staff)
    client.force_login(superuser)
    url = reverse("admin:permits_servicestandard_change", args=[v1.pk])

    page = client.get(url).content.decode()

    assert 'name="service_days"' not in page
    client.post(url, {"service_days": "30"})
    v1.refresh_from_db()
    assert v1.service_days == 3


def test_an_unused_version_is_edited_in_the_admin(client, superuser, v1):
    v2 = catalog.new_version(v1, effective_from=timezone.localdate() + timedelta(days=1))
    client.force_login(superuser)

    page = client.get(reverse("admin:permits_servicestandard_change", args=[v2.pk]))

    assert 'name="service_days"' in page.content.decode()


def test_the_admin_makes_a_new_version_from_the_list(client, superuser, v1):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:permits_servicestandard_changelist"),
        {"action": "make_new_version", "_selected_action": [v1.pk]},
        follow=True,
    )

    v2 = ServiceStandard.objects.get(version=2)
    assert v2.effective_from == timezone.localdate() + timedelta(days=1)
    assert "dibuat dari versi 1" in response.content.decode()


def test_the_admin_refuses_a_past_date_for_a_service_with_open_files(client, superuser, staff, v1):
    register(staff)
    v2 = catalog.new_version(v1, effective_from=timezone.localdate() + timedelta(days=1))
    client.force_login(superuser)
    url = reverse("admin:permits_servicestandard_change", args=[v2.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["effective_from"] = (timezone.localdate() - timedelta(days=3)).isoformat()
    for prefix in ("requirements", "commitment_types", "items"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client.post(url, {k: v for k, v in data.items() if v is not None})

    assert response.status_code == 200
    assert "Tanggal berlaku tidak boleh sebelum hari ini" in response.content.decode()
    v2.refresh_from_db()
    assert v2.effective_from > timezone.localdate()


# --- pages do not grow with the catalog -------------------------------------------------


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_no_page_costs_more_with_thirty_services_and_their_versions(client, staff, file_at, v1):
    application = file_at(Status.RECEIPTED)
    client.force_login(staff[Role.FO])
    pages = [
        reverse("home"),
        reverse("application_list"),
        reverse("application_detail", args=[application.pk]),
        reverse("intake_service", args=["iupi"]),
        reverse("pdf_receipt", args=[application.pk]),
    ]
    before = [queries_of(client, url) for url in pages]

    for index in range(29):
        catalog.new_version(other_service(f"layanan{index}"), effective_from=date(2026, 1, 1))
    catalog.new_version(v1, effective_from=timezone.localdate() + timedelta(days=1))

    assert [queries_of(client, url) for url in pages] == before


def verify_every_commitment(application, officer) -> None:
    application.commitment_checks.update(
        verified=True, verified_by=officer, verified_at=timezone.now(), reference_number="B/1"
    )


def test_a_version_without_a_field_inspection_is_processed_without_a_bap(
    client, staff, file_at, v1
):
    # A service without a field inspection has no commitment whose evidence is the BAP.
    ServiceStandard.objects.filter(pk=v1.pk).update(requires_inspection=False)
    v1.commitment_types.filter(code="field_inspection").update(active=False)
    application = file_at(Status.RECEIPTED)
    verify_every_commitment(application, staff[Role.BACK_OFFICE])
    client.force_login(staff[Role.BACK_OFFICE])

    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    verification = client.get(reverse("verification", args=[application.pk])).content.decode()

    assert "Berita Acara Pemeriksaan Lapangan (BAP)" not in page
    assert "BAP belum diisi" not in verification
    assert "Semua komitmen terverifikasi." in verification
    assert take(application, "process", staff[Role.BACK_OFFICE]).status == Status.PROCESSED


def test_a_version_with_a_field_inspection_waits_for_the_bap(staff, file_at):
    application = file_at(Status.RECEIPTED)
    verify_every_commitment(application, staff[Role.BACK_OFFICE])

    assert application.needs_field_inspection()
    assert not application.is_ready_for_processing()


def test_the_file_page_names_the_service_and_the_version_it_keeps(client, staff, file_at, v1):
    application = file_at(Status.RECEIPTED)
    catalog.new_version(v1, effective_from=timezone.localdate())  # a later version
    client.force_login(staff[Role.FO])

    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()

    assert "Izin Usaha Perluasan Industri" in page
    assert "standar pelayanan versi 1, berlaku sejak 1 Januari 2019" in page


def test_the_service_page_lists_its_versions_and_keeps_its_code(client, superuser, v1):
    v2 = catalog.new_version(v1, effective_from=timezone.localdate() + timedelta(days=1))
    client.force_login(superuser)

    page = client.get(reverse("admin:permits_service_change", args=[v1.service.pk]))

    text = page.content.decode()
    assert reverse("admin:permits_servicestandard_change", args=[v2.pk]) in text
    assert 'name="code"' not in text  # the series' name cannot change once it has versions


# --- what changed between two versions ------------------------------------------------------


def test_the_admin_shows_what_changed_from_the_version_before(client, superuser, v1):
    v2 = second_version(v1, on=timezone.localdate() + timedelta(days=1))
    client.force_login(superuser)
    change = client.get(reverse("admin:permits_servicestandard_change", args=[v2.pk]))
    compare_url = reverse("admin:permits_servicestandard_compare", args=[v2.pk])
    assert compare_url in change.content.decode()

    page = html.unescape(client.get(compare_url).content.decode())
    assert "versi 1 → 2" in page
    assert "<del>3</del>" in page and "<ins>10</ins>" in page  # the time limit
    assert "Ditambahkan: Peraturan Pemerintah Nomor 28 Tahun 2025" in page
    assert (
        "Dihapus: Undang-Undang Republik Indonesia Nomor 25 Tahun 2009 tentang Pelayanan Publik"
        in page
    )
    assert "Persyaratan" not in page.split("Ketentuan yang berubah")[1]  # unchanged: not listed

    first = html.unescape(
        client.get(reverse("admin:permits_servicestandard_compare", args=[v1.pk])).content.decode()
    )
    assert "belum memiliki versi lain" not in first  # v2 exists: v1 can be compared with it
    back = html.unescape(
        client.get(
            reverse("admin:permits_servicestandard_compare", args=[v1.pk]), {"dengan": "2"}
        ).content.decode()
    )
    assert (
        "Ditambahkan: Undang-Undang Republik Indonesia Nomor 25 Tahun 2009 tentang Pelayanan Publik"
        in back
    )
