"""The decree template language as an administrator meets it: what a clause prints, and
what a save refuses, with the line and column of every problem (permits/documents/placeholders)."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from permits.documents.placeholders import (
    BASE_VOCABULARY,
    FILTERS,
    MAX_TEMPLATE_LENGTH,
    Kind,
    PlaceholderError,
    Vocabulary,
    compile_template,
    service_vocabulary,
    spell_number,
)

IUPI_FIELDS = [
    ("kapasitas_tambahan", "Penambahan kapasitas", Kind.NUMBER),
    ("satuan_kapasitas", "Satuan kapasitas", Kind.TEXT),
    ("nilai_investasi", "Nilai investasi perluasan", Kind.MONEY),
    ("tanggal_iui", "Tanggal IUI", Kind.DATE),
]
VOCABULARY = service_vocabulary(IUPI_FIELDS)

VALUES = {
    "perusahaan.nama": "PT Sawit Lestari Kayuagung",
    "pemohon.nama": "Budi Santoso",
    "perusahaan.nib": "1234567890123",
    "berkas.nomor_registrasi": "REG/IUPI/2023/0007",
    "berkas.tanggal_terima": date(2023, 3, 14),
    "izin.tanggal": date(2023, 8, 1),
    "layanan.produk": "Izin Usaha Perluasan Industri",
    "kantor.nama": "Dinas Penanaman Modal dan PTSP",
    "kantor.daerah": "Kabupaten Ogan Komering Ilir",
    "data.kapasitas_tambahan": Decimal("12500.50"),
    "data.satuan_kapasitas": "ton",
    "data.nilai_investasi": Decimal("25000000000"),
    "data.tanggal_iui": date(2020, 1, 2),
}


def problems_of(text: str, vocabulary: Vocabulary = VOCABULARY) -> list[str]:
    with pytest.raises(PlaceholderError) as refused:
        compile_template(text, vocabulary)
    return refused.value.messages


# --- what a decree clause prints ------------------------------------------------------------


def test_a_menimbang_clause_with_several_placeholders_and_filters():
    template = compile_template(
        "bahwa {{ perusahaan.nama }} melalui {{pemohon.nama}} selaku pemohon telah mengajukan "
        "permohonan {{ layanan.produk }} dengan Nomor Registrasi {{ berkas.nomor_registrasi }} "
        "tanggal {{ berkas.tanggal_terima | tanggal }};",
        VOCABULARY,
    )
    assert template.render(VALUES) == (
        "bahwa PT Sawit Lestari Kayuagung melalui Budi Santoso selaku pemohon telah mengajukan "
        "permohonan Izin Usaha Perluasan Industri dengan Nomor Registrasi REG/IUPI/2023/0007 "
        "tanggal 14 Maret 2023;"
    )


def test_money_numbers_and_dates_read_as_indonesian_with_or_without_a_filter():
    template = compile_template(
        "{{ layanan.produk | huruf_besar }} kepada {{ perusahaan.nama|huruf_kecil }}: "
        "penambahan {{ data.kapasitas_tambahan }} {{ data.satuan_kapasitas }} per tahun, "
        "investasi {{ data.nilai_investasi | rupiah }} "
        "({{ data.nilai_investasi | terbilang }} rupiah), IUI tanggal {{ data.tanggal_iui }}, "
        "ditetapkan {{ izin.tanggal | tanggal | huruf_besar }}.",
        VOCABULARY,
    )
    assert template.render(VALUES) == (
        "IZIN USAHA PERLUASAN INDUSTRI kepada pt sawit lestari kayuagung: penambahan "
        "12.500,5 ton per tahun, investasi Rp 25.000.000.000 (dua puluh lima miliar rupiah), "
        "IUI tanggal 2 Januari 2020, ditetapkan 1 AGUSTUS 2023."
    )


def test_angka_and_rupiah():
    template = compile_template(
        "{{ data.kapasitas_tambahan | angka }} / {{ data.nilai_investasi | angka }} / "
        "{{ layanan.biaya }} / {{ layanan.lama_hari }}",
        VOCABULARY,
    )
    values = {
        "data.kapasitas_tambahan": Decimal("1234567.25"),
        "data.nilai_investasi": 1_500_000_000,
        "layanan.biaya": Decimal("0"),
        "layanan.lama_hari": 14,
    }
    assert template.render(values) == "1.234.567,25 / 1.500.000.000 / Rp 0 / 14"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (19, "sembilan belas"),
        (100, "seratus"),
        (1000, "seribu"),
        (1250, "seribu dua ratus lima puluh"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (2_500_750, "dua juta lima ratus ribu tujuh ratus lima puluh"),
        (
            25_112_000_000_019,
            "dua puluh lima triliun seratus dua belas miliar sembilan belas",
        ),
        (Decimal("2.50"), "dua koma lima"),
    ],
)
def test_terbilang(number, words):
    assert spell_number(number) == words
    template = compile_template("{{ layanan.lama_hari | terbilang }}", VOCABULARY)
    assert template.render({"layanan.lama_hari": number}) == words


def test_a_moment_is_printed_as_its_local_date():
    template = compile_template("{{ izin.tanggal }}", VOCABULARY)
    # 20:00 UTC on 14 March is already 15 March in Kayuagung (WIB, UTC+7).
    assert template.render({"izin.tanggal": datetime(2023, 3, 14, 20, 0, tzinfo=UTC)}) == (
        "15 Maret 2023"
    )


def test_four_braces_write_two_and_stray_closing_braces_stay():
    template = compile_template("Tulis {{{{ nama }} untuk data }} itu.", VOCABULARY)
    assert template.render({}) == "Tulis {{ nama }} untuk data }} itu."
    assert template.names == ()


def test_names_lists_each_placeholder_once_in_order():
    template = compile_template(
        "{{ izin.nomor }} {{ perusahaan.nama }} {{ izin.nomor | huruf_besar }}", VOCABULARY
    )
    assert template.names == ("izin.nomor", "perusahaan.nama")


# --- what a save refuses ----------------------------------------------------------------------


def test_an_unknown_name_is_refused_with_a_suggestion_and_its_place():
    messages = problems_of("KESATU\nMemberikan izin kepada:\nAlamat       {{ perusahaan.alamt }}")
    assert messages == [
        'Baris 3, kolom 14: "{{ perusahaan.alamt }}" tidak dikenal. '
        "Mungkin maksud Anda perusahaan.alamat?"
    ]


def test_a_group_name_lists_what_it_holds():
    (message,) = problems_of("{{ kantor }}")
    assert "Pilih salah satu: kantor.nama," in message


def test_an_unknown_filter_is_refused_with_a_suggestion():
    (message,) = problems_of("{{ perusahaan.nama | upper }}")
    assert message.startswith(
        'Baris 1, kolom 1: "{{ perusahaan.nama | upper }}": filter "upper" tidak dikenal. '
        "Mungkin maksud Anda huruf_besar?"
    )
    assert "Filter yang tersedia: huruf_besar, huruf_kecil, tanggal" in message
    (typo,) = problems_of("{{ izin.tanggal | tangal }}")
    assert "Mungkin maksud Anda tanggal?" in typo


def test_a_filter_that_does_not_fit_the_kind_is_refused():
    (message,) = problems_of("{{ perusahaan.nama | rupiah }}")
    assert message == (
        'Baris 1, kolom 1: "{{ perusahaan.nama | rupiah }}": filter "rupiah" tidak dapat '
        "dipakai untuk perusahaan.nama (teks); rupiah hanya untuk angka atau uang (rupiah)."
    )
    assert (
        "tidak dapat dipakai untuk izin.nomor (teks)" in problems_of("{{ izin.nomor|tanggal }}")[0]
    )
    assert "hasil filter" in problems_of("{{ izin.tanggal | tanggal | terbilang }}")[0]


def test_filters_take_no_arguments():
    (message,) = problems_of('{{ izin.tanggal | tanggal:"d F Y" }}')
    assert 'filter "tanggal" tidak menerima argumen' in message


def test_unclosed_and_empty_placeholders():
    assert problems_of("Nama: {{ perusahaan.nama") == [
        'Baris 1, kolom 7: "{{" tidak ditutup dengan "}}" pada baris yang sama.'
    ]
    assert problems_of("{{ perusahaan.nama\n}}")[0].startswith("Baris 1, kolom 1: ")
    messages = problems_of("a {{ perusahaan.nama  {{ izin.nomor }} {{ }} {{ | huruf_besar }}")
    assert messages[0] == 'Baris 1, kolom 3: "{{" tidak ditutup dengan "}}" pada baris yang sama.'
    assert messages[1].startswith('Baris 1, kolom 40: placeholder "{{ }}" kosong')
    assert messages[2].startswith("Baris 1, kolom 46: ") and "nama data kosong" in messages[2]
    assert len(messages) == 3


@pytest.mark.parametrize(
    "tag",
    ["{% if perusahaan.nama %}PT{% endif %}", "{% for x in data %}", "{%include 'a.html'%}"],
)
def test_django_and_jinja_tags_are_refused_not_passed_through(tag):
    messages = problems_of(f"Memutuskan:\n  {tag}")
    assert messages[0].startswith('Baris 2, kolom 3: perintah "{%')
    assert "tidak mengenal perintah seperti if atau for" in messages[0]


def test_a_comment_tag_is_refused():
    (message,) = problems_of("Teks {# catatan #}")
    assert message.startswith('Baris 1, kolom 6: komentar "{# catatan #}" tidak didukung')


@pytest.mark.parametrize(
    "attempt",
    [
        "{{ __class__ }}",
        "{{ pemohon.nama.__class__ }}",
        "{{ ''.join }}",
        "{{ perusahaan.nama() }}",
        "{{ perusahaan['nama'] }}",
        "{{ perusahaan.nama.upper }}",
        "{{ 7*7 }}",
        "{{ request.user.password }}",
        "{{ perusahaan.nama | safe }}",
        "{{ perusahaan.nama|attr('__class__') }}",
        "{{ lipsum.__globals__ }}",
    ],
)
def test_attempts_to_reach_beyond_the_vocabulary_are_refused(attempt):
    (message,) = problems_of(f"x {attempt}")
    assert message.startswith("Baris 1, kolom 3: ")


def test_several_problems_are_reported_at_once_in_reading_order():
    messages = problems_of(
        "Menimbang:\n"
        "a. bahwa {{ perusahan.nama }} telah\u202e mengajukan\n"
        "b. {{ izin.nomor | rupiah }} dan {% if x %}\n"
        "c. {{ berkas.tanggal_terima | tanggal | bogus }}"
    )
    assert [m.split(":")[0] for m in messages] == [
        "Baris 2, kolom 10",
        "Baris 2, kolom 36",
        "Baris 3, kolom 4",
        "Baris 3, kolom 34",
        "Baris 4, kolom 4",
    ]
    assert "Mungkin maksud Anda perusahaan.nama?" in messages[0]
    assert "U+202E" in messages[1]


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\x07", "\x00", "\u2028"])
def test_hidden_characters_are_refused(hidden):
    (message,) = problems_of(f"Nama\n  PT{hidden} Maju")
    assert message.startswith(f"Baris 2, kolom 5: karakter tersembunyi U+{ord(hidden):04X}")


def test_a_too_long_template_is_refused_before_it_is_read():
    messages = problems_of("a" * (MAX_TEMPLATE_LENGTH + 1) + "{{ x }}")
    assert messages == ["Teks templat terlalu panjang: 20.008 karakter, paling banyak 20.000."]


def test_the_error_becomes_a_form_error():
    with pytest.raises(PlaceholderError) as refused:
        compile_template("{{ x }} {{ y }}", VOCABULARY)
    error = refused.value.as_validation_error()
    assert isinstance(error, ValidationError)
    assert len(error.messages) == 2


# --- rendering: HTML, missing values ------------------------------------------------------


def test_render_html_escapes_the_administrators_text_and_the_values():
    template = compile_template(
        '<script>alert(1)</script> <b onclick="x">{{ perusahaan.nama }}</b> & Co', VOCABULARY
    )
    html = template.render_html({"perusahaan.nama": "PT <img src=x onerror=alert(1)> & \"'"})
    assert isinstance(html, SafeString)
    assert "<" not in html and ">" not in html
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=&quot;x&quot;&gt;"
        "PT &lt;img src=x onerror=alert(1)&gt; &amp; &quot;&#x27;&lt;/b&gt; &amp; Co"
    )
    # Plain render leaves escaping to where the text is placed.
    assert template.render({"perusahaan.nama": "<i>"}).startswith("<script>")


def test_a_preview_shows_a_marker_and_a_document_refuses_a_missing_value():
    template = compile_template(
        "Nomor {{ izin.nomor }}\ntanggal {{ izin.tanggal | tanggal }}", VOCABULARY
    )
    assert template.render({"izin.nomor": "503/1/2023"}) == (
        "Nomor 503/1/2023\ntanggal [belum ada: izin.tanggal]"
    )
    with pytest.raises(PlaceholderError) as refused:
        template.render({}, strict=True)
    assert refused.value.messages == [
        "Baris 1, kolom 7: data izin.nomor belum ada.",
        "Baris 2, kolom 9: data izin.tanggal belum ada.",
    ]
    with pytest.raises(PlaceholderError):
        template.render_html({"izin.nomor": "1"}, strict=True)


def test_an_empty_optional_value_writes_nothing_even_in_a_document():
    template = compile_template("[{{ kantor.alamat | huruf_besar }}]", VOCABULARY)
    assert template.render({"kantor.alamat": None}, strict=True) == "[]"


def test_a_value_of_the_wrong_type_is_a_clear_error_not_a_crash():
    template = compile_template("{{ izin.tanggal }} {{ layanan.biaya }}", VOCABULARY)
    with pytest.raises(PlaceholderError) as refused:
        template.render({"izin.tanggal": "kemarin", "layanan.biaya": True})
    assert refused.value.messages == [
        "Baris 1, kolom 1: nilai izin.tanggal harus berupa tanggal, bukan str.",
        "Baris 1, kolom 20: nilai layanan.biaya harus berupa uang (rupiah), bukan bool.",
    ]


# --- the vocabulary ----------------------------------------------------------------------------


def test_a_declared_data_field_is_usable_once_added_to_the_vocabulary():
    text = "jumlah {{ data.jumlah_menara }} menara ({{ data.jumlah_menara | terbilang }})"
    assert "tidak dikenal" in problems_of(text, BASE_VOCABULARY)[0]
    vocabulary = BASE_VOCABULARY.with_data_fields([("jumlah_menara", "Jumlah menara", "number")])
    template = compile_template(text, vocabulary)
    assert template.render({"data.jumlah_menara": 3}) == "jumlah 3 menara (tiga)"
    assert "data.jumlah_menara" not in BASE_VOCABULARY


def test_the_vocabulary_describes_itself_for_the_administrator():
    listed = {name: (description, kind) for name, description, kind in VOCABULARY.described()}
    assert listed["{{ perusahaan.nama }}"] == ("Nama perusahaan", "teks")
    assert listed["{{ data.nilai_investasi }}"] == ("Nilai investasi perluasan", "uang (rupiah)")


@pytest.mark.parametrize(
    "fields",
    [
        [("Kapasitas", "x", "number")],
        [("__class__", "x", "text")],
        [("a.b", "x", "text")],
        [("luas", "x", "meter")],
        [("luas", "x", "number"), ("luas", "y", "number")],
    ],
)
def test_a_bad_field_declaration_is_refused(fields):
    with pytest.raises(ValueError):
        BASE_VOCABULARY.with_data_fields(fields)


# --- properties ----------------------------------------------------------------------------------

PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

pieces = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["{{", "}}", "{%", "%}", "{#", "|", ".", " ", "\n", "{{{{", "\u202e"]),
    st.sampled_from(list(VOCABULARY)),
    st.sampled_from(list(FILTERS)),
)
template_texts = st.lists(pieces, max_size=20).map("".join)


@PROPERTY_SETTINGS
@given(text=st.one_of(st.text(max_size=200), template_texts))
def test_any_text_compiles_or_is_refused_with_messages(text):
    try:
        template = compile_template(text, VOCABULARY)
    except PlaceholderError as refused:
        assert refused.messages
        assert all(re.match(r"Baris \d+, kolom \d+: ", m) for m in refused.messages)
    else:
        assert set(template.names) <= set(VOCABULARY)


def _value_of(kind: Kind):
    decimals = st.decimals(
        min_value=-(10**20), max_value=10**20, allow_nan=False, allow_infinity=False, places=4
    )
    return {
        Kind.TEXT: st.one_of(st.text(max_size=30), st.none()),
        Kind.DATE: st.one_of(st.dates(), st.datetimes(timezones=st.just(UTC))),
        Kind.MONEY: st.one_of(decimals, st.integers(-(10**18), 10**18)),
        Kind.NUMBER: st.one_of(
            decimals, st.integers(), st.floats(allow_nan=False, allow_infinity=False)
        ),
    }[kind]


def _placeholder(name: str):
    kind = VOCABULARY[name].kind
    fitting = [f.name for f in FILTERS.values() if f.accepts is None or kind in f.accepts]
    return st.lists(st.sampled_from(fitting), max_size=1).flatmap(
        lambda first: st.lists(st.sampled_from(["huruf_besar", "huruf_kecil"]), max_size=2).map(
            lambda rest: "{{ " + " | ".join([name, *first, *rest]) + " }}"
        )
    )


valid_templates = st.lists(
    st.one_of(
        st.text(
            alphabet=st.characters(
                blacklist_characters="{}", blacklist_categories=["Cc", "Cf", "Zl", "Zp", "Cs"]
            ),
            max_size=10,
        ),
        st.sampled_from(list(VOCABULARY)).flatmap(_placeholder),
    ),
    max_size=12,
).map("".join)


@PROPERTY_SETTINGS
@given(text=valid_templates, data=st.data())
def test_a_compiled_template_renders_whatever_the_values(text, data):
    template = compile_template(text, VOCABULARY)
    values = {name: data.draw(_value_of(VOCABULARY[name].kind)) for name in template.names}
    plain = template.render(values, strict=True)
    html = template.render_html(values, strict=True)
    assert "[belum ada:" not in plain
    assert "<" not in html.replace("&lt;", "")
