"""A version's declared fields and decree template, edited by the administrator (issue 14).

A bad declaration or a template naming an unknown placeholder is refused when the version
is saved, with a message naming the column or the line, and nothing is saved; the preview
fills the decree with the version's newest file, or with a sample.
"""

import json
import random
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from office.roles import Role
from permits import catalog
from permits.models import ServiceStandard
from permits.sample import register_sample

pytestmark = pytest.mark.django_db

FIELDS = [
    {"name": "luas_reklame", "type": "decimal", "label": "Luas reklame", "unit": "m²", "min": 0},
    {"name": "lokasi", "type": "text", "label": "Lokasi reklame"},
    {"name": "tanggal_pasang", "type": "date", "label": "Tanggal pemasangan"},
    {
        "name": "jenis",
        "type": "choice",
        "label": "Jenis reklame",
        "choices": [["papan", "Papan/billboard"], ["kain", "Kain/spanduk"]],
    },
]
CLAUSES = (
    "Memberikan izin kepada {{ perusahaan.nama }} untuk memasang reklame "
    "{{ data.jenis | huruf_kecil }} seluas {{ data.luas_reklame | angka }} m² di "
    "{{ data.lokasi }}.\n\n"
    "Izin ini berlaku sejak {{ data.tanggal_pasang | tanggal }}."
)


@pytest.fixture
def draft_version() -> ServiceStandard:
    """A version nobody uses yet (editable), in force from tomorrow."""
    current = ServiceStandard.objects.current()
    return catalog.new_version(current, effective_from=timezone.localdate() + timedelta(days=1))


def change_url(standard) -> str:
    return reverse("admin:permits_servicestandard_change", args=[standard.pk])


def post_version(client, standard, **changes):
    """Post the version's admin form as it is shown, with `changes`."""
    form = client.get(change_url(standard)).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.prepare_value(value) if name == "data_fields" else value
    for prefix in ("requirements", "commitment_types", "items"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    if isinstance(data.get("certificate_page"), bool) and not data["certificate_page"]:
        del data["certificate_page"]
    return client.post(change_url(standard), data)


def saved(standard) -> ServiceStandard:
    return ServiceStandard.objects.get(pk=standard.pk)


def test_a_version_with_fields_and_a_decree_using_them_is_saved(client, superuser, draft_version):
    client.force_login(superuser)

    response = post_version(
        client,
        draft_version,
        data_fields=json.dumps(FIELDS),
        decree_title="Izin Reklame {{ perusahaan.nama }}",
        decree_clauses=CLAUSES,
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    version = saved(draft_version)
    assert [field["name"] for field in version.data_fields] == [f["name"] for f in FIELDS]
    assert "{{ data.luas_reklame | angka }}" in version.decree_clauses


def test_a_bad_declaration_is_refused_naming_the_column_and_nothing_is_saved(
    client, superuser, draft_version
):
    client.force_login(superuser)
    bad = [*FIELDS[:1], {"name": "lokasi", "type": "angka", "label": "Lokasi"}]

    response = post_version(
        client, draft_version, data_fields=json.dumps(bad), decree_title="Judul baru"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kolom ke-2 (lokasi)" in page and "angka" in page
    version = saved(draft_version)
    assert version.data_fields == [] and version.decree_title == ""


def test_a_template_with_an_unknown_placeholder_is_refused_naming_the_line(
    client, superuser, draft_version
):
    client.force_login(superuser)

    response = post_version(
        client,
        draft_version,
        data_fields=json.dumps(FIELDS),
        decree_clauses="Memberikan izin kepada {{ perusahaan.nama }}.\n\n"
        "Reklame dipasang di {{ data.lokasy }}.",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Baris 3, kolom 21" in page
    assert "data.lokasi" in page  # the suggestion
    assert saved(draft_version).decree_clauses == ""


def test_a_template_may_not_name_a_field_the_version_does_not_declare(
    client, superuser, draft_version
):
    client.force_login(superuser)

    response = post_version(client, draft_version, decree_clauses="Seluas {{ data.luas }}.")

    assert "data.luas" in response.content.decode()
    assert saved(draft_version).decree_clauses == ""


def test_a_django_tag_in_the_template_is_refused(client, superuser, draft_version):
    client.force_login(superuser)

    response = post_version(
        client, draft_version, decree_clauses="{% if perusahaan.nama %}Ya{% endif %}"
    )

    assert response.status_code == 200
    assert saved(draft_version).decree_clauses == ""


def test_the_preview_fills_the_decree_with_a_sample_until_a_file_uses_the_version(
    client, superuser, draft_version
):
    draft_version.data_fields = FIELDS
    draft_version.decree_title = "Izin Reklame {{ perusahaan.nama }}"
    draft_version.decree_clauses = CLAUSES + "\n\n<script>alert(1)</script>"
    draft_version.full_clean()
    draft_version.save()
    client.force_login(superuser)
    url = reverse("admin:permits_servicestandard_preview", args=[draft_version.pk])

    assert f'href="{url}"' in client.get(change_url(draft_version)).content.decode()
    page = client.get(url).content.decode()

    assert "data contoh" in page
    assert "Izin Reklame PT Contoh Sejahtera" in page
    assert "KESATU" in page and "KEDUA" in page and "KETIGA" in page
    assert "papan/billboard seluas 49.500,5 m²" in page
    assert f"berlaku sejak 15 Januari {timezone.localdate().year}" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    # The list of what may be used includes the version's own fields.
    assert "data.luas_reklame" in page and "Luas reklame" in page


def test_the_preview_uses_the_newest_file_of_the_version(client, superuser, staff):
    version = ServiceStandard.objects.current()
    application = register_sample(fo=staff[Role.FO], rng=random.Random(0), index=0)
    ServiceStandard.objects.filter(pk=version.pk).update(
        decree_clauses="Memberikan izin kepada {{ perusahaan.nama }} "
        "({{ berkas.nomor_registrasi }})."
    )
    client.force_login(superuser)

    page = client.get(reverse("admin:permits_servicestandard_preview", args=[version.pk]))

    text = page.content.decode()
    assert application.registration_number in text
    assert f"Memberikan izin kepada {application.company_name}" in text


def test_a_version_keeps_its_fields_and_decree_when_copied(draft_version):
    draft_version.data_fields = FIELDS
    draft_version.decree_clauses = CLAUSES
    draft_version.certificate_page = False
    draft_version.save()

    copy = catalog.new_version(draft_version, effective_from=date.today() + timedelta(days=9))

    assert copy.data_fields == FIELDS
    assert copy.decree_clauses == CLAUSES
    assert copy.certificate_page is False
