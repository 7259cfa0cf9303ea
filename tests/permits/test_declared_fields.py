"""Fields a service declares for itself: the declaration is checked with every problem named, the
form refuses bad input as the IUPI intake form does today, values are stored as JSON and shown in
Indonesian."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from permits.declared_fields import (
    TYPES,
    DeclarationError,
    DeclaredFieldsForm,
    display,
    form_field,
    from_json,
    parse_declaration,
    to_json,
)
from permits.documents.context import tanggal
from permits.form_fields import RUPIAH_MESSAGE
from permits.forms.intake import ApplicationForm
from permits.models import ServiceStandard
from permits.templatetags.kendali import number_id, rupiah
from tests.images import small_png

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the dev extra
    given = None

EVERY_TYPE = [
    {"name": "komoditas", "type": "text", "label": "Komoditas", "searchable": True},
    {"name": "uraian", "type": "long_text", "label": "Uraian kegiatan", "required": False},
    {"name": "pekerja", "type": "integer", "label": "Jumlah tenaga kerja", "min": 0},
    {
        "name": "kapasitas",
        "type": "decimal",
        "label": "Kapasitas terpasang",
        "min": 0,
        "unit": "ton/tahun",
    },
    {"name": "investasi", "type": "money", "label": "Nilai investasi", "min": 1},
    {"name": "tanggal_iui", "type": "date", "label": "Tanggal IUI", "not_in_future": True},
    {
        "name": "skala",
        "type": "choice",
        "label": "Skala usaha",
        "choices": [["kecil", "Usaha kecil"], ["menengah", "Usaha menengah"]],
    },
    {"name": "kawasan", "type": "yes_no", "label": "Di dalam kawasan industri"},
    {"name": "kbli", "type": "kbli", "label": "Kode KBLI", "divisions": [[10, 33]]},
    {"name": "nib", "type": "nib", "label": "NIB"},
    {"name": "telepon", "type": "phone", "label": "Telepon penanggung jawab"},
    {"name": "denah", "type": "file", "label": "Denah lokasi", "required": False},
]

VALID_POST = {
    "data-komoditas": "CPO",
    "data-uraian": "",
    "data-pekerja": "120",
    "data-kapasitas": "49500",
    "data-investasi": "25.000.000.000",
    "data-tanggal_iui": "2023-03-14",
    "data-skala": "menengah",
    "data-kawasan": "on",
    "data-kbli": "10431",
    "data-nib": "9120000000001",
    "data-telepon": "0812-3456-7890",
}

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def specs():
    return parse_declaration(EVERY_TYPE)


def problems_of(raw) -> list[str]:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(raw)
    return caught.value.messages


def errors(post: dict, declaration=EVERY_TYPE, files=None) -> dict:
    form = DeclaredFieldsForm(parse_declaration(declaration), {**VALID_POST, **post}, files)
    form.is_valid()
    return form.errors


# --- the declaration ---------------------------------------------------------------


def test_a_declaration_of_every_type_parses_and_round_trips():
    parsed = specs()
    assert [spec.type for spec in parsed] == list(TYPES)
    assert parsed[0].max_length == 200 and parsed[0].searchable is True
    assert parsed[1].max_length == 2000 and parsed[1].required is False
    assert parsed[3].decimal_places == 2 and parsed[3].max_digits == 14
    canonical = [spec.to_dict() for spec in parsed]
    # JSON through and through: it is kept in a JSONField and in export files.
    assert parse_declaration(json.loads(json.dumps(canonical))) == parsed
    assert canonical[8]["divisions"] == [[10, 33]]


def test_decimal_limits_keep_their_exact_value_through_json():
    raw = [{"name": "tambah", "type": "decimal", "label": "Penambahan", "min": 0.01, "max": "9.5"}]
    (spec,) = parse_declaration(raw)
    assert spec.min == Decimal("0.01") and spec.max == Decimal("9.5")
    assert spec.to_dict()["min"] == "0.01"
    assert parse_declaration(json.loads(json.dumps([spec.to_dict()]))) == (spec,)


def test_an_unknown_type_is_named_with_the_types_there_are():
    raw = [EVERY_TYPE[0], EVERY_TYPE[1], {"name": "kapasitas", "type": "angka", "label": "X"}]
    assert problems_of(raw) == [
        'Kolom ke-3 (kapasitas): jenis "angka" tidak dikenal; pilih salah satu dari: text, '
        "long_text, integer, decimal, money, date, choice, yes_no, kbli, nib, phone, file."
    ]


@pytest.mark.parametrize(
    "column, message",
    [
        ({"type": "text", "label": "X"}, 'Kolom ke-2: "name" wajib diisi.'),
        (
            {"name": "Kapasitas Tahunan", "type": "text", "label": "X"},
            'Kolom ke-2 (Kapasitas Tahunan): "name" hanya boleh berisi huruf kecil a-z',
        ),
        ({"name": "komoditas", "type": "text"}, 'Kolom ke-2 (komoditas): "label" wajib diisi.'),
        ({"name": "b", "type": "text", "label": "  "}, 'Kolom ke-2 (b): "label" wajib diisi.'),
        ({"name": "b", "label": "X"}, 'Kolom ke-2 (b): "type" wajib diisi; pilih salah satu'),
        (
            {"name": "b", "type": "text", "label": "X", "max_length": "200"},
            'Kolom ke-2 (b): "max_length" harus berupa bilangan bulat.',
        ),
        (
            {"name": "b", "type": "text", "label": "X", "max_length": 5000},
            'Kolom ke-2 (b): "max_length" harus antara 1 dan 1000.',
        ),
        (
            {"name": "b", "type": "text", "label": "X", "required": "ya"},
            'Kolom ke-2 (b): "required" harus true atau false.',
        ),
        (
            {"name": "b", "type": "text", "label": "X", "maxlength": 20},
            'Kolom ke-2 (b): kunci "maxlength" tidak dikenal untuk jenis text; kunci yang boleh:',
        ),
        (
            {"name": "b", "type": "money", "label": "X", "unit": "ton"},
            'Kolom ke-2 (b): kunci "unit" tidak dikenal untuk jenis money',
        ),
        (
            {"name": "b", "type": "integer", "label": "X", "min": 10, "max": 5},
            'Kolom ke-2 (b): "min" (10) tidak boleh lebih besar dari "max" (5).',
        ),
        (
            {"name": "b", "type": "decimal", "label": "X", "min": 0.001},
            'Kolom ke-2 (b): "min" memuat lebih dari 2 angka di belakang koma',
        ),
        (
            {"name": "b", "type": "decimal", "label": "X", "min": "nol"},
            'Kolom ke-2 (b): "min" harus berupa angka',
        ),
        (
            {"name": "b", "type": "choice", "label": "X", "choices": [["a", "A"]]},
            'Kolom ke-2 (b): "choices" harus berupa daftar pasangan [nilai, label], paling '
            "sedikit dua.",
        ),
        (
            {"name": "b", "type": "choice", "label": "X", "choices": [["a", "A"], ["a", "B"]]},
            'Kolom ke-2 (b): "choices" nilai "a" muncul lebih dari sekali.',
        ),
        (
            {"name": "b", "type": "choice", "label": "X", "choices": [["a", "A"], "b"]},
            'Kolom ke-2 (b): "choices" ke-2 harus berupa pasangan [nilai, label], keduanya teks.',
        ),
        (
            {"name": "b", "type": "kbli", "label": "X", "divisions": [[33, 10]]},
            'Kolom ke-2 (b): "divisions" ke-1 harus berupa [dari, sampai]',
        ),
        (
            {"name": "b", "type": "text", "label": "Komo\u202editas"},
            'Kolom ke-2 (b): "label" tidak diterima: Teks ini berisi karakter tersembunyi '
            "yang tidak diizinkan (U+202E)",
        ),
        (
            {"name": "b", "type": "decimal", "label": "X", "unit": "ton\u200b"},
            'Kolom ke-2 (b): "unit" tidak diterima: Teks ini berisi karakter tersembunyi',
        ),
        ("komoditas", "Kolom ke-2: harus berupa objek"),
    ],
)
def test_each_bad_declaration_names_the_column_and_the_key(column, message):
    (problem,) = problems_of([EVERY_TYPE[0], column])
    assert problem.startswith(message), problem


def test_a_name_used_twice_names_both_columns():
    raw = [EVERY_TYPE[0], EVERY_TYPE[1], {"name": "komoditas", "type": "text", "label": "Lagi"}]
    assert problems_of(raw) == [
        'Kolom ke-3 (komoditas): "name" sudah dipakai oleh kolom ke-1; setiap kolom harus punya '
        "nama sendiri."
    ]


def test_every_problem_is_reported_not_only_the_first():
    raw = [
        {"name": "kapasitas", "type": "angka", "label": "Kapasitas"},
        {"name": "komoditas", "type": "text"},
        {"name": "pekerja", "type": "integer", "label": "Pekerja", "min": 5, "max": 1, "x": 1},
        {"name": "skala", "type": "choice", "label": "Skala", "choices": []},
    ]
    found = problems_of(raw)
    assert len(found) == 5
    assert [problem.split(":")[0] for problem in found] == [
        "Kolom ke-1 (kapasitas)",
        "Kolom ke-2 (komoditas)",
        "Kolom ke-3 (pekerja)",
        "Kolom ke-3 (pekerja)",
        "Kolom ke-4 (skala)",
    ]


def test_a_declaration_must_be_a_list():
    assert problems_of({"name": "a"}) == ["Deklarasi kolom harus berupa daftar kolom."]


# --- the form, as the intake form answers today ---------------------------------------

# Each case: (declared field, its input, the intake field that takes the same input today).
IUPI_LIKE = [
    {"name": "komoditas", "type": "text", "label": "Komoditas"},
    {"name": "jenis_produk", "type": "text", "label": "Komoditas / jenis produk"},
    {"name": "kapasitas_saat_ini", "type": "decimal", "label": "Kapasitas terpasang", "min": 0},
    {
        "name": "kapasitas_tahunan",
        "type": "decimal",
        "label": "Kapasitas terpasang saat ini per tahun",
        "min": 0,
        "max_digits": 16,
        "unit": "ton/tahun",
    },
    {"name": "penambahan", "type": "decimal", "label": "Penambahan kapasitas", "min": 0.01},
    {"name": "investasi", "type": "money", "label": "Nilai investasi", "min": 1},
    {"name": "investasi_rp", "type": "money", "label": "Nilai investasi perluasan (Rp)"},
    {"name": "pekerja", "type": "integer", "label": "Jumlah tenaga kerja", "min": 0},
    {"name": "kbli", "type": "kbli", "label": "Kode KBLI", "divisions": [[10, 33]]},
    {"name": "nib", "type": "nib", "label": "NIB"},
    {"name": "tanggal_iui", "type": "date", "label": "Tanggal IUI", "not_in_future": True},
    {"name": "kawasan", "type": "yes_no", "label": "Pabrik berada di dalam kawasan industri"},
]
TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
SAME_AS_TODAY = [
    ("komoditas", "", "commodity"),
    ("jenis_produk", "x" * 201, "commodity"),
    ("jenis_produk", "CPO\u202e", "commodity"),
    ("kapasitas_saat_ini", "-1", "capacity_current"),
    ("kapasitas_saat_ini", "banyak", "capacity_current"),
    ("kapasitas_tahunan", "", "capacity_current"),
    ("penambahan", "0", "capacity_added"),
    ("penambahan", "-3", "capacity_added"),
    ("investasi", "0", "investment_value"),
    ("investasi", "-5.000", "investment_value"),
    ("investasi", "25,000,000", "investment_value"),
    ("investasi", "25.5", "investment_value"),
    ("investasi_rp", "", "investment_value"),
    ("pekerja", "-1", "workers_id_men"),
    ("pekerja", "1.5", "workers_id_men"),
    ("kbli", "46900", "kbli_code"),
    ("kbli", "123", "kbli_code"),
    ("kbli", "1043A", "kbli_code"),
    ("kbli", "", "kbli_code"),
    ("nib", "12345", "nib"),
    ("nib", "", "nib"),
    ("tanggal_iui", TOMORROW, "iui_date"),
    ("tanggal_iui", "kemarin", "iui_date"),
    ("tanggal_iui", "", "iui_date"),
]
IUPI_VALID = {
    "data-komoditas": "CPO",
    "data-jenis_produk": "CPO",
    "data-kapasitas_saat_ini": "12000",
    "data-kapasitas_tahunan": "12000",
    "data-penambahan": "4800.50",
    "data-investasi": "25000000000",
    "data-investasi_rp": "25.000.000.000",
    "data-pekerja": "120",
    "data-kbli": "10431",
    "data-nib": "9120000000001",
    "data-tanggal_iui": "2023-03-14",
}


def test_iupi_like_declarations_accept_what_the_intake_form_accepts():
    form = DeclaredFieldsForm(parse_declaration(IUPI_LIKE), IUPI_VALID)
    assert form.is_valid(), form.errors
    values = form.cleaned_values()
    assert values["kapasitas_tahunan"] == "12000"
    assert values["penambahan"] == "4800.50"
    assert values["investasi_rp"] == "25000000000"
    assert values["pekerja"] == 120
    assert values["tanggal_iui"] == "2023-03-14"
    assert values["kawasan"] is False  # not ticked: "Tidak", as today's check box
    assert "dalam ton/tahun" in form.fields["kapasitas_tahunan"].help_text.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("name, typed, intake_name", SAME_AS_TODAY)
def test_iupi_like_declarations_refuse_as_the_intake_form_does_today(name, typed, intake_name):
    declared = DeclaredFieldsForm(
        parse_declaration(IUPI_LIKE), {**IUPI_VALID, f"data-{name}": typed}
    )
    intake = ApplicationForm(
        {f"company-{intake_name}": typed},
        prefix="company",
        standard=ServiceStandard.objects.current(),
    )
    declared.is_valid()
    intake.is_valid()
    assert declared.errors[name] == intake.errors[intake_name]


def test_the_widgets_are_those_of_the_intake_form():
    form = DeclaredFieldsForm(parse_declaration(IUPI_LIKE))
    assert 'type="date"' in str(form["tanggal_iui"])
    assert f'max="{timezone.localdate().isoformat()}"' in str(form["tanggal_iui"])
    assert 'type="checkbox"' in str(form["kawasan"])
    assert 'type="number"' in str(form["kapasitas_tahunan"]) and 'min="0"' in str(
        form["kapasitas_tahunan"]
    )
    assert 'inputmode="numeric"' in str(form["investasi"])
    assert form.fields["kbli"].help_text == (
        "5 digit, kategori C Industri Pengolahan (golongan pokok 10-33)."
    )
    assert [name for name in form.fields][:2] == ["komoditas", "jenis_produk"]


def test_a_form_of_every_type_accepts_valid_data_and_gives_json():
    form = DeclaredFieldsForm(specs(), VALID_POST)
    assert form.is_valid(), form.errors
    assert form.cleaned_values() == {
        "komoditas": "CPO",
        "uraian": None,
        "pekerja": 120,
        "kapasitas": "49500",
        "investasi": "25000000000",
        "tanggal_iui": "2023-03-14",
        "skala": "menengah",
        "kawasan": True,
        "kbli": "10431",
        "nib": "9120000000001",
        "telepon": "+6281234567890",
    }
    assert form.uploads() == {}


def test_required_fields_say_so_by_their_label():
    found = errors({"data-komoditas": "", "data-skala": "", "data-telepon": ""})
    assert found["komoditas"] == ["Komoditas wajib diisi."]
    assert found["skala"] == ["Skala usaha wajib dipilih."]
    assert found["telepon"] == ["Telepon penanggung jawab wajib diisi."]
    required_file = [{"name": "denah", "type": "file", "label": "Denah lokasi"}]
    assert errors({}, required_file) == {"denah": ["Denah lokasi wajib diunggah."]}


def test_limits_are_named_with_their_numbers():
    declaration = [
        {
            "name": "luas",
            "type": "decimal",
            "label": "Luas",
            "min": 10,
            "max": 12500.5,
            "unit": "m2",
        },
        {"name": "unit", "type": "integer", "label": "Jumlah unit", "min": 2, "max": 1000},
        {"name": "modal", "type": "money", "label": "Modal", "min": 1000000},
        {"name": "kode", "type": "text", "label": "Kode", "max_length": 5},
    ]
    post = {"data-luas": "9", "data-unit": "1001", "data-modal": "999.999", "data-kode": "ABCDEF"}
    assert errors(post, declaration) == {
        "luas": ["Luas paling sedikit 10 m2."],
        "unit": ["Jumlah unit paling banyak 1.000."],
        "modal": ["Modal paling sedikit Rp 1.000.000."],
        "kode": ["Kode paling banyak 5 karakter."],
    }
    assert errors({"data-luas": "12500.51"}, declaration)["luas"] == [
        "Luas paling banyak 12.500,5 m2."
    ]


def test_an_unknown_choice_is_refused():
    assert errors({"data-skala": "besar"})["skala"] == [
        "Pilihan Skala usaha tidak dikenal; pilih salah satu yang ada."
    ]


def test_rupiah_with_dots_is_accepted_and_comma_thousands_refused():
    assert "investasi" not in errors({"data-investasi": "Rp 25.000.000.000"})
    assert errors({"data-investasi": "25,000,000,000"})["investasi"] == [RUPIAH_MESSAGE]


def test_kbli_divisions_other_than_manufacturing_are_named():
    declaration = [
        {"name": "kbli", "type": "kbli", "label": "KBLI", "divisions": [[1, 3], [47, 47]]}
    ]
    assert errors({"data-kbli": "10431"}, declaration)["kbli"] == [
        "Kode KBLI harus termasuk golongan pokok 01-03 atau 47."
    ]
    assert "kbli" not in errors({"data-kbli": "47.111"}, declaration)
    anything = [{"name": "kbli", "type": "kbli", "label": "KBLI"}]
    assert "kbli" not in errors({"data-kbli": "46900"}, anything)


def test_an_indonesian_mobile_is_stored_in_e164():
    form = DeclaredFieldsForm(specs(), {**VALID_POST, "data-telepon": "0812-3456-7890"})
    assert form.is_valid()
    assert form.cleaned_values()["telepon"] == "+6281234567890"
    assert "telepon" not in errors({"data-telepon": "(0711) 321456"})


@pytest.mark.parametrize(
    "typed, message",
    [
        ("+1 202 555 0123", "Telepon penanggung jawab harus nomor Indonesia (+62)"),
        ("08123", "Telepon penanggung jawab bukan nomor telepon Indonesia yang valid"),
        ("0812-ABC-7890", "Nomor telepon hanya boleh berisi angka"),
        ("0812 3456 7890 ext 5", "Nomor telepon hanya boleh berisi angka"),
    ],
)
def test_a_foreign_invalid_or_spelled_phone_is_refused(typed, message):
    (found,) = errors({"data-telepon": typed})["telepon"]
    assert found.startswith(message), found


def test_a_pdf_upload_is_accepted_and_a_text_named_pdf_refused():
    pdf = SimpleUploadedFile("denah.pdf", PDF, content_type="application/pdf")
    form = DeclaredFieldsForm(specs(), VALID_POST, {"data-denah": pdf})
    assert form.is_valid(), form.errors
    assert list(form.uploads()) == ["denah"] and form.uploads()["denah"].name == "berkas.pdf"
    assert "denah" not in form.cleaned_values()
    fake = SimpleUploadedFile("denah.pdf", b"bukan pdf, hanya teks", content_type="application/pdf")
    assert errors({}, files={"data-denah": fake})["denah"] == [
        "Berkas harus berupa PDF, JPEG atau PNG (isi berkas diperiksa, bukan nama berkasnya)."
    ]


def test_a_good_upload_is_kept_when_another_field_is_refused():
    png = SimpleUploadedFile("denah.pdf", small_png(), content_type="application/pdf")
    form = DeclaredFieldsForm(specs(), {**VALID_POST, "data-nib": "1"}, {"data-denah": png})
    assert not form.is_valid()
    assert form.uploads()["denah"].name == "berkas.png"


def test_hidden_characters_are_refused_in_a_text_value():
    found = errors({"data-komoditas": "CPO\u202e", "data-uraian": "a\u200bb"})
    assert found["komoditas"][0].startswith("Teks ini berisi karakter tersembunyi")
    assert "U+200B" in found["uraian"][0]


def test_a_stored_dict_re_renders_in_an_edit_form():
    form = DeclaredFieldsForm(specs(), VALID_POST)
    assert form.is_valid()
    stored = json.loads(json.dumps(form.cleaned_values()))
    edit = DeclaredFieldsForm(specs(), initial=stored)
    assert 'value="25.000.000.000"' in str(edit["investasi"])
    assert 'value="2023-03-14"' in str(edit["tanggal_iui"])
    assert "checked" in str(edit["kawasan"])
    assert 'value="menengah" required id="id_data-skala_1" checked' in str(edit["skala"])
    assert 'value="+6281234567890"' in str(edit["telepon"])
    # Sent back unchanged, the edit form cleans to the same stored values.
    again = DeclaredFieldsForm(specs(), {**VALID_POST, "data-telepon": stored["telepon"]})
    assert again.is_valid() and again.cleaned_values() == stored


def test_the_form_follows_the_declared_order():
    raw = [
        {"name": "c", "type": "text", "label": "C"},
        {"name": "b", "type": "text", "label": "B", "order": 2},
        {"name": "a", "type": "text", "label": "A", "order": 1},
    ]
    assert list(DeclaredFieldsForm(parse_declaration(raw)).fields) == ["a", "b", "c"]


# --- JSON and display ------------------------------------------------------------------

PYTHON_VALUES = {
    "komoditas": "CPO",
    "uraian": "Perluasan\nlini kedua",
    "pekerja": 49500,
    "kapasitas": Decimal("12.5"),
    "investasi": Decimal("25000000000"),
    "tanggal_iui": date(2023, 3, 14),
    "skala": "menengah",
    "kawasan": True,
    "kbli": "10431",
    "nib": "9120000000001",
    "telepon": "+6281234567890",
}


def test_every_type_round_trips_through_json():
    for spec in specs():
        if spec.type == "file":
            continue
        stored = json.loads(json.dumps(to_json(spec, PYTHON_VALUES[spec.name])))
        assert from_json(spec, stored) == PYTHON_VALUES[spec.name], spec.name
        assert from_json(spec, to_json(spec, None)) in (None, False)


def test_decimals_are_stored_without_exponent():
    kapasitas = specs()[3]
    assert to_json(kapasitas, Decimal("1E+3")) == "1000"
    assert to_json(kapasitas, Decimal("0.00001")) == "0.00001"


def test_display_strings_in_indonesian():
    by_name = {spec.name: spec for spec in specs()}
    percent = parse_declaration([{"name": "p", "type": "decimal", "label": "P", "unit": "%"}])[0]
    tonnes = parse_declaration(
        [{"name": "t", "type": "decimal", "label": "T", "unit": "ton/tahun"}]
    )[0]
    assert display(by_name["investasi"], "25000000000") == "Rp 25.000.000.000"
    assert display(tonnes, "49500") == "49.500 ton/tahun"
    assert display(percent, "12.50") == "12,5 %"
    assert display(by_name["pekerja"], 49500) == "49.500"
    assert display(by_name["tanggal_iui"], "2023-03-14") == "14 Maret 2023"
    assert display(by_name["kawasan"], True) == "Ya"
    assert display(by_name["kawasan"], False) == "Tidak"
    assert display(by_name["skala"], "menengah") == "Usaha menengah"
    assert display(by_name["telepon"], "+6281234567890") == "+62 812-3456-7890"
    assert display(by_name["komoditas"], None) == "—"
    assert display(by_name["uraian"], "") == "—"
    assert display(by_name["denah"], "berkas/denah.pdf") == "Terlampir"


def test_display_writes_like_the_documents_and_the_template_filters():
    by_name = {spec.name: spec for spec in specs()}
    for amount in ("1", "999", "1000", "25000000000", "123456789012345678"):
        assert display(by_name["investasi"], amount) == rupiah(amount)
    for number in ("0", "0.5", "1234.56", "-1500.10", "987654321.01"):
        assert display(by_name["kapasitas"], number) == f"{number_id(number)} ton/tahun"
    for day in (date(2023, 1, 1), date(2024, 2, 29), date(2025, 12, 31)):
        assert display(by_name["tanggal_iui"], day.isoformat()) == tanggal(day)


def test_a_stored_value_that_no_longer_reads_is_shown_as_stored():
    by_name = {spec.name: spec for spec in specs()}
    assert display(by_name["tanggal_iui"], "14/03/2023") == "14/03/2023"
    assert display(by_name["pekerja"], "banyak") == "banyak"


def test_a_lone_form_field_is_guarded_too():
    (spec,) = parse_declaration([EVERY_TYPE[0]])
    field = form_field(spec)
    with pytest.raises(Exception, match="karakter tersembunyi"):
        field.clean("CPO\u202e")


# --- any input gives errors, never an exception ------------------------------------------

if given is not None:
    NAMES = [f"data-{column['name']}" for column in EVERY_TYPE]

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(NAMES), st.text(max_size=60)))
    def test_any_strings_posted_give_errors_never_an_exception(post):
        form = DeclaredFieldsForm(specs(), post)
        if form.is_valid():
            values = form.cleaned_values()
            json.dumps(values)
            for spec in specs():
                if spec.type != "file":
                    display(spec, values[spec.name])
        else:
            assert all(isinstance(message, str) for m in form.errors.values() for message in m)
