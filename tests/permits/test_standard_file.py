"""A service standard shared as a file (issue 14): export, line-precise checks, import in one
transaction, the commands, and IUPI's shipped file equal to the migrated standard."""

import copy
import json
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from office.roles import Role
from permits.management.commands.standard_from_seed import seed_to_file
from permits.models import CommitmentType, Requirement, Service, ServiceStandard, StandardItem
from permits.sample import register_sample
from permits.standard_file import (
    StandardFileError,
    as_data,
    dump,
    dump_data,
    export_standard,
    import_standard,
    load,
    read,
    validate,
)
from tests.house import ROOT

pytestmark = pytest.mark.django_db

IUPI_FILE = ROOT / "data" / "services" / "iupi.yaml"
SEED = ROOT.parent / "shared" / "seed" / "standar-pelayanan-iupi.txt"

# A small valid file; the tests below change one line and expect that line named.
BASE = """\
format: 1
service:
  code: uji
  name: Layanan Uji
  category: non_business
version:
  effective_from: 2030-01-01
  product: Surat Keterangan Uji
  service_days: 5
  fee_amount: "0"
  permit_number_format: "SK/{seq}/{year}"
  registration_prefix: UJI
  requirements:
  - text: KTP pemohon
    applies_to: all
  commitments:
  - code: survei
    text: Telah disurvei
  items:
    legal_basis:
    - Peraturan Bupati Nomor 1 Tahun 2030
"""


def with_line(number: int, text: str | None, *, after: bool = False) -> str:
    """BASE with line `number` (from 1) replaced by `text`, removed (None) or `text` added
    after it."""
    lines = BASE.splitlines()
    if after:
        lines.insert(number, text)
    elif text is None:
        del lines[number - 1]
    else:
        lines[number - 1] = text
    return "\n".join(lines) + "\n"


def problems(text: str, fmt: str | None = None) -> list[str]:
    with pytest.raises(StandardFileError) as refused:
        read(text, fmt)
    return refused.value.messages


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Service, ServiceStandard, Requirement, CommitmentType, StandardItem)
    )


def as_other_service(data: dict, code: str) -> dict:
    other = copy.deepcopy(data)
    other["service"]["code"] = code
    return other


# --- IUPI's file ------------------------------------------------------------------------


def test_the_shipped_iupi_file_is_the_migrated_iupi_standard():
    shipped = as_data(read(IUPI_FILE.read_text(encoding="utf-8")))

    assert shipped == export_standard(ServiceStandard.objects.current())


def test_importing_iupi_into_a_database_without_it_gives_the_migrated_standard():
    migrated = export_standard(ServiceStandard.objects.current())
    ServiceStandard.objects.filter(service__code="iupi").delete()
    Service.objects.filter(code="iupi").delete()

    imported = import_standard(read(IUPI_FILE.read_text(encoding="utf-8")))

    assert (imported.service.code, imported.version) == ("iupi", 1)
    assert export_standard(imported) == migrated


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is outside the repository")
def test_the_shipped_file_is_what_the_generator_makes_of_the_seed():
    assert seed_to_file(SEED.read_text(encoding="utf-8")) == IUPI_FILE.read_text(encoding="utf-8")


def test_importing_the_same_file_twice_is_refused():
    before = counts()

    with pytest.raises(StandardFileError) as refused:
        import_standard(read(IUPI_FILE.read_text(encoding="utf-8")))

    assert "Versi dengan isi yang sama sudah ada: Izin Usaha Perluasan Industri versi 1" in str(
        refused.value
    )
    assert counts() == before


def test_a_new_file_imported_twice_makes_one_version():
    import_standard(read(BASE))

    with pytest.raises(StandardFileError, match="Versi dengan isi yang sama sudah ada"):
        import_standard(read(BASE))
    assert ServiceStandard.objects.filter(service__code="uji").count() == 1


# --- round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_export_import_export(fmt):
    first = export_standard(ServiceStandard.objects.current())
    text = dump_data(as_other_service(first, "iupi-salinan"), fmt)

    imported = import_standard(read(text, fmt))
    again = export_standard(imported)

    assert again["service"]["code"] == "iupi-salinan"
    assert as_other_service(again, "iupi") == first
    assert imported.requirements.count() == 5 and imported.items.count() == 36


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_reads_back_as_the_same_data(fmt):
    standard = ServiceStandard.objects.current()

    assert as_data(read(dump(standard, fmt))) == export_standard(standard)
    assert load(dump(standard, fmt)) == export_standard(standard)


def test_a_second_version_of_an_existing_service_takes_the_next_number():
    data = export_standard(ServiceStandard.objects.current())
    data["version"]["effective_from"] = "2099-01-01"
    data["version"]["version"] = 7
    data["version"]["items"]["legal_basis"] = [
        "Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha "
        "Berbasis Risiko"
    ]

    v2 = import_standard(read(dump_data(data)))

    assert (v2.service.code, v2.version) == ("iupi", 2)
    assert list(v2.items.filter(component="legal_basis").values_list("text", flat=True)) == [
        data["version"]["items"]["legal_basis"][0]
    ]


# --- line-precise problems --------------------------------------------------------------


def test_the_base_file_is_valid():
    checked = read(BASE)
    assert checked.service.code == "uji" and checked.version.requirements[0].text == "KTP pemohon"


def test_a_yaml_syntax_error_names_line_and_column():
    assert problems(with_line(8, "  product: Surat: Uji")) == [
        "Baris 8, kolom 17: berkas bukan YAML yang sah (titik dua tidak boleh di sini; apit "
        "teks yang memuat titik dua dengan tanda kutip)."
    ]


def test_a_json_syntax_error_names_line_and_column():
    text = dump_data(load(BASE), "json").replace('"product"', '"product" "x"', 1)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"product"' in t)

    assert problems(text, "json") == [
        f"Baris {line}, kolom 15: berkas bukan JSON yang sah (diharapkan tanda titik dua)."
    ]


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        (
            "format: 1\n\tservice: x\n",
            "yaml",
            "Baris 2, kolom 1: berkas bukan YAML yang sah "
            "(karakter tab tidak boleh dipakai; pakai spasi untuk indentasi).",
        ),
        (
            '{"format": 1,}',
            "json",
            "Baris 1, kolom 14: berkas bukan JSON yang sah (nama kunci "
            "harus diapit tanda kutip ganda (dan tanpa koma sesudah unsur terakhir)).",
        ),
        (
            '{"format": "satu',
            "json",
            "Baris 1, kolom 12: berkas bukan JSON yang sah (teks tidak ditutup tanda kutip).",
        ),
    ],
)
def test_common_syntax_errors_are_explained_in_indonesian(text, fmt, expected):
    assert problems(text, fmt) == [expected]


def test_a_wrong_type_names_line_and_key():
    assert problems(with_line(9, "  service_days: lima")) == [
        "Baris 9, version.service_days: harus bilangan bulat."
    ]


def test_a_wrong_type_in_json_names_its_line():
    data = load(BASE)
    data["version"]["service_days"] = "lima"
    text = dump_data(data, "json")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"service_days"' in t)

    assert problems(text, "json") == [f"Baris {line}, version.service_days: harus bilangan bulat."]


def test_a_missing_required_key_names_the_mapping():
    assert problems(with_line(8, None)) == ["Baris 6, version: kunci wajib 'product' tidak ada."]


def test_an_unknown_key_is_refused_by_name():
    [message] = problems(with_line(9, "  jangka_waktu: 3", after=True))
    assert message.startswith("Baris 10, version.jangka_waktu: kunci 'jangka_waktu' tidak dikenal.")
    assert "service_days" in message


def test_an_unknown_category_lists_the_allowed_ones():
    assert problems(with_line(5, "  category: izin")) == [
        "Baris 5, service.category: nilai 'izin' tidak dikenal. "
        "Pilihan yang boleh: business, non_business, non_permit."
    ]


def test_an_unknown_applies_to_and_component():
    messages = problems(
        with_line(20, "    dasar_hukum:", after=False).replace(
            "applies_to: all", "applies_to: semua"
        )
    )
    assert messages == [
        "Baris 15, version.requirements[1].applies_to: nilai 'semua' tidak dikenal. "
        "Pilihan yang boleh: all, wni, wna, entity.",
        "Baris 20, version.items.dasar_hukum: komponen 'dasar_hukum' tidak dikenal. "
        "Komponen yang boleh: procedure, complaint_channel, legal_basis, facilities, "
        "competence, supervision, staffing, assurance, safety, evaluation.",
    ]


def test_a_bad_date():
    assert problems(with_line(7, "  effective_from: 2030-02-30")) == [
        "Baris 7, version.effective_from: '2030-02-30' bukan tanggal TTTT-BB-HH yang sah, "
        "misalnya 2026-01-31."
    ]


def test_a_number_format_without_the_year_uses_the_models_rule():
    assert problems(with_line(11, '  permit_number_format: "SK/{seq}"')) == [
        "Baris 11, version.permit_number_format: Format harus memuat {seq} dan {year}."
    ]


def test_an_empty_requirement_text():
    assert problems(with_line(14, '  - text: ""')) == [
        "Baris 14, version.requirements[1].text: tidak boleh kosong."
    ]


def test_duplicate_commitment_codes():
    text = with_line(18, "  - code: survei\n    text: Disurvei lagi", after=True)
    assert problems(text) == [
        "Baris 19, version.commitments[2].code: kode komitmen 'survei' sudah dipakai oleh "
        "komitmen ke-1."
    ]


def test_hidden_characters_are_refused():
    [message] = problems(with_line(4, '  name: "Layanan \\u202eUji"'))
    assert message.startswith("Baris 4, service.name: Teks ini berisi karakter tersembunyi")
    assert "U+202E" in message


def test_an_unsupported_format_number():
    assert problems(with_line(1, "format: 2")) == [
        "Baris 1, format: format 2 tidak didukung. Format yang didukung: 1."
    ]


def test_a_key_written_twice():
    assert problems(with_line(9, "  service_days: 6", after=True)) == [
        "Baris 10, version.service_days: kunci ini tertulis dua kali."
    ]


def test_every_problem_is_reported_together():
    text = with_line(9, "  service_days: lima")
    text = text.replace("category: non_business", "category: izin")
    text = text.replace("effective_from: 2030-01-01", "effective_from: besok")
    text = text.replace("  registration_prefix: UJI\n", "")

    messages = problems(text)

    assert [message.split(":")[0] for message in messages] == [
        "Baris 5, service.category",
        "Baris 6, version",
        "Baris 7, version.effective_from",
        "Baris 9, version.service_days",
    ]
    assert "kunci wajib 'registration_prefix' tidak ada" in messages[1]


def test_a_plain_dict_is_checked_without_lines():
    data = export_standard(ServiceStandard.objects.current())
    data["version"]["service_days"] = "3"

    with pytest.raises(StandardFileError) as refused:
        validate(data)
    assert refused.value.messages == ["version.service_days: harus bilangan bulat."]


# --- nothing half-saved -----------------------------------------------------------------


def test_an_effective_date_in_the_past_with_open_files_is_refused_with_the_models_message(staff):
    register_sample(fo=staff[Role.FO], rng=random.Random(1))
    data = export_standard(ServiceStandard.objects.current())
    data["version"]["effective_from"] = "2020-01-01"
    data["version"]["service_days"] = 10
    text = dump_data(data)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "effective_from" in t)
    before = counts()

    with pytest.raises(StandardFileError) as refused:
        import_standard(read(text))

    [message] = refused.value.messages
    assert message.startswith(
        f"Baris {line}, version.effective_from: Tanggal berlaku tidak boleh sebelum hari ini: "
        "layanan ini masih memiliki 1 berkas dalam proses."
    )
    assert counts() == before


def test_a_failure_in_the_middle_leaves_no_new_service(monkeypatch):
    before = counts()

    def broken(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(StandardItem.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        import_standard(read(BASE))

    assert counts() == before
    assert not Service.objects.filter(code="uji").exists()


def test_a_different_category_for_an_existing_service_is_refused():
    data = export_standard(ServiceStandard.objects.current())
    data["service"]["category"] = "non_permit"
    data["version"]["effective_from"] = "2099-01-01"
    text = dump_data(data)
    before = counts()

    with pytest.raises(StandardFileError) as refused:
        import_standard(read(text))

    assert refused.value.messages == [
        "Baris 5, service.category: layanan iupi sudah ada dengan kategori Perizinan berusaha "
        "(business). Kategori layanan yang sudah ada tidak diubah lewat berkas."
    ]
    assert counts() == before


# --- the commands -----------------------------------------------------------------------


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_import_service_dry_run_saves_nothing(tmp_path: Path):
    path = tmp_path / "uji.yaml"
    path.write_text(BASE, encoding="utf-8")
    before = counts()

    code, out, _ = run("import_service", str(path), "--dry-run")

    assert code == 0
    assert "Akan dibuat: layanan uji (Layanan Uji, Perizinan non-berusaha)." in out
    assert "Versi 1, berlaku sejak 01-01-2030: 1 persyaratan, 1 komitmen, 1 uraian." in out
    assert "tidak ada yang disimpan" in out
    assert counts() == before


def test_import_service_imports(tmp_path: Path):
    path = tmp_path / "uji.json"
    path.write_text(dump_data(load(BASE), "json"), encoding="utf-8")

    code, out, _ = run("import_service", str(path))

    assert code == 0 and "Standar pelayanan diimpor." in out
    assert ServiceStandard.objects.get(service__code="uji").requirements.count() == 1


def test_import_service_prints_the_problems_and_exits_1(tmp_path: Path):
    path = tmp_path / "uji.yaml"
    path.write_text(with_line(9, "  service_days: lima").replace("all", "semua"), encoding="utf-8")
    before = counts()

    code, _, err = run("import_service", str(path))

    assert code == 1
    assert err.splitlines()[0] == "Berkas ditolak:"
    assert "- Baris 9, version.service_days: harus bilangan bulat." in err
    assert "- Baris 15, version.requirements[1].applies_to: nilai 'semua'" in err
    assert counts() == before


def test_import_service_refuses_the_shipped_iupi_again():
    code, _, err = run("import_service", str(IUPI_FILE))
    assert code == 1 and "Versi dengan isi yang sama sudah ada" in err


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_service_writes_the_file(fmt):
    _, out, _ = run("export_service", "iupi", "--version", "1", "--format", fmt)

    assert out == dump(ServiceStandard.objects.current(), fmt)
    if fmt == "json":
        assert json.loads(out)["service"]["code"] == "iupi"


def test_export_service_of_an_unknown_version():
    with pytest.raises(Exception, match="tidak memiliki versi 9"):
        call_command("export_service", "iupi", "--version", "9", stdout=StringIO())


# --- the version's own fields and decree --------------------------------------------------

DECREE = (
    BASE
    + """\
  data_fields:
  - name: luas
    type: decimal
    label: Luas reklame
    unit: m²
  decree_title: "Surat Keterangan Uji {{ perusahaan.nama }}"
  decree_clauses: "Memberikan keterangan seluas {{ data.luas | angka }} m²."
  requires_inspection: false
  certificate_page: false
"""
)


def test_a_file_with_declared_fields_and_a_decree_imports_and_exports_the_same():
    standard = import_standard(read(DECREE, "yaml"))

    assert standard.data_fields[0]["name"] == "luas"
    assert standard.decree_clauses.endswith("{{ data.luas | angka }} m².")
    assert (standard.requires_inspection, standard.certificate_page) == (False, False)
    exported = export_standard(standard)["version"]
    assert exported["data_fields"] == standard.data_fields
    assert exported["decree_title"] == "Surat Keterangan Uji {{ perusahaan.nama }}"


def test_a_decree_naming_a_field_the_file_does_not_declare_is_refused_at_its_line():
    text = DECREE.replace("{{ data.luas | angka }}", "{{ data.lebar }}")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "decree_clauses" in row)

    messages = problems(text)

    assert any(m.startswith(f"Baris {line}, version.decree_clauses:") for m in messages)
    assert any("data.lebar" in m for m in messages)


def test_a_bad_declaration_in_the_file_is_refused_naming_its_column():
    messages = problems(DECREE.replace("type: decimal", "type: angka"))

    assert any("version.data_fields" in m and "Kolom ke-1 (luas)" in m for m in messages)


def test_the_correction_deadline_and_archive_data_travel_with_the_file():
    """Issue 16's fields of a version: the notice's correction deadline, the archive data."""
    standard = ServiceStandard.objects.current()
    standard.correction_days = 7
    standard.archive_code = "503.1"
    standard.retention_active_years = 2
    standard.retention_inactive_years = 8
    standard.retention_disposition = "musnah"
    standard.save()
    text = dump_data(as_other_service(export_standard(standard), "iupi-arsip"), "yaml")

    imported = import_standard(read(text, "yaml"))

    assert (
        imported.correction_days,
        imported.archive_code,
        imported.retention_active_years,
        imported.retention_inactive_years,
        imported.retention_disposition,
    ) == (7, "503.1", 2, 8, "musnah")


def test_an_unknown_retention_disposition_is_named_in_the_file():
    data = export_standard(ServiceStandard.objects.current())
    data = as_other_service(data, "iupi-salah")
    data["version"]["retention_disposition"] = "dibakar"

    with pytest.raises(StandardFileError, match="retention_disposition"):
        import_standard(read(dump_data(data, "yaml"), "yaml"))
