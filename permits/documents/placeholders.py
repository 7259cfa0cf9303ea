"""Placeholders in an administrator's decree text: a tiny language that can only fill in data.

A decree template is edited in the admin, so it must never run code or reach attributes:
Django's and Jinja's engines do both (`{{ obj.__class__ }}`, tags, method calls). This language
knows nothing but the following, and everything is checked once, when the text is saved
(`compile_template`), so a decree never fails or prints nonsense at numbering time:

- `{{ name }}`: a value of the file, where `name` is a dotted name of the `Vocabulary`
  (`perusahaan.nama`, `izin.tanggal`, `data.kapasitas_tambahan`); spaces inside the braces
  are optional, and a placeholder opens and closes on one line.
- `{{ name | filter }}`, also chained (`{{ izin.tanggal | tanggal | huruf_besar }}`), with
  the filters of `FILTERS`: `huruf_besar`, `huruf_kecil`, `tanggal` ("14 Maret 2023"),
  `rupiah` ("Rp 25.000.000.000"), `angka` ("12.500,5"), `terbilang` (1250 → "seribu dua
  ratus lima puluh"). A filter fits a kind of value (`rupiah` on a text is refused); the
  case filters fit every kind. Without a filter a value is written as its kind reads:
  a date as `tanggal`, money as `rupiah`, a number as `angka`.
- `{{{{` writes a literal `{{`. A `}}` outside a placeholder is written as it is.
- Nothing else: `{% ... %}` and `{# ... #}` are refused (an administrator who knows Django
  or Jinja would expect them to work), and so are filter arguments, calls, indexing, and
  any name outside the vocabulary.

`Template.render` gives plain text; HTML-escaping belongs where the text is put into HTML,
which `Template.render_html` does for the values and the administrator's own text alike.
"""

import difflib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from office.indonesian import number_id, rupiah, tanggal, terbilang
from permits.validators import hidden_characters

# Longer than any decree the office has; a bound on the work a save or a render can cost.
MAX_TEMPLATE_LENGTH = 20_000
# What a preview shows for a value the sample file does not have.
MISSING_MARKER = "[belum ada: {name}]"


class Kind(StrEnum):
    """What a value is, so that a filter can be checked against it when the text is saved."""

    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    NUMBER = "number"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.TEXT: "teks",
    Kind.DATE: "tanggal",
    Kind.MONEY: "uang (rupiah)",
    Kind.NUMBER: "angka",
}


@dataclass(frozen=True)
class Entry:
    """A placeholder the administrator may use, with what it means in the decree."""

    name: str
    description: str
    kind: Kind


_VOCABULARY_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


class Vocabulary(Mapping[str, Entry]):
    """The names a template may use: a fixed base plus the data fields a service declares."""

    def __init__(self, entries: Iterable[Entry | tuple[str, str, Kind | str]] = ()):
        self._entries: dict[str, Entry] = {}
        for item in entries:
            entry = item if isinstance(item, Entry) else _entry(*item)
            if not _VOCABULARY_NAME.fullmatch(entry.name):
                raise ValueError(f'Nama placeholder "{entry.name}" tidak sah.')
            if entry.name in self._entries:
                raise ValueError(f'Nama placeholder "{entry.name}" disebut dua kali.')
            self._entries[entry.name] = entry
        names = set(self._entries)
        for name in names:
            if any(other.startswith(name + ".") for other in names):
                raise ValueError(f'"{name}" tidak boleh sekaligus menjadi kelompok nama lain.')

    def __getitem__(self, name: str) -> Entry:
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def with_data_fields(self, fields: Iterable[tuple[str, str, Kind | str]]) -> "Vocabulary":
        """This vocabulary and a service's declared fields, each as `data.<field>`."""
        added = []
        for field, description, kind in fields:
            if not _FIELD_NAME.fullmatch(field):
                raise ValueError(
                    f'Nama data "{field}" tidak sah: pakai huruf kecil, angka dan garis bawah, '
                    "diawali huruf."
                )
            added.append(_entry(f"data.{field}", description, kind))
        return Vocabulary([*self._entries.values(), *added])

    def described(self) -> list[tuple[str, str, str]]:
        """(placeholder, description, kind) for the administrator's list of what can be used."""
        return [
            (f"{{{{ {e.name} }}}}", e.description, e.kind.label) for e in self._entries.values()
        ]


def _entry(name: str, description: str, kind: Kind | str) -> Entry:
    try:
        return Entry(name, description, Kind(kind))
    except ValueError:
        raise ValueError(f'Jenis "{kind}" untuk "{name}" tidak dikenal.') from None


BASE_VOCABULARY = Vocabulary(
    [
        ("pemohon.nama", "Nama pemohon (penanggung jawab)", Kind.TEXT),
        ("pemohon.jenis", "Jenis pemohon (perorangan / badan usaha)", Kind.TEXT),
        ("pemohon.npwp", "NPWP pemohon", Kind.TEXT),
        ("pemohon.alamat", "Alamat pemohon", Kind.TEXT),
        ("pemohon.telepon", "Nomor telepon pemohon", Kind.TEXT),
        ("perusahaan.nama", "Nama perusahaan", Kind.TEXT),
        ("perusahaan.alamat", "Alamat perusahaan", Kind.TEXT),
        ("perusahaan.nib", "Nomor Induk Berusaha (NIB)", Kind.TEXT),
        ("perusahaan.npwp", "NPWP perusahaan", Kind.TEXT),
        ("perusahaan.kbli", "Kode KBLI", Kind.TEXT),
        ("perusahaan.kbli_judul", "Judul KBLI", Kind.TEXT),
        ("perusahaan.kbli_edisi", "Edisi KBLI (tahun)", Kind.TEXT),
        ("berkas.nomor_registrasi", "Nomor registrasi berkas", Kind.TEXT),
        ("berkas.tanggal_terima", "Tanggal tanda terima berkas", Kind.DATE),
        ("berkas.tanggal_pemeriksaan", "Tanggal Berita Acara Pemeriksaan Lapangan", Kind.DATE),
        ("izin.nomor", "Nomor izin", Kind.TEXT),
        ("izin.tanggal", "Tanggal penetapan izin", Kind.DATE),
        ("izin.tahun", "Tahun penetapan izin", Kind.TEXT),
        ("kantor.nama", "Nama kantor (dinas)", Kind.TEXT),
        ("kantor.nama_lengkap", "Nama kantor beserta daerahnya", Kind.TEXT),
        ("kantor.singkatan", "Singkatan nama kantor", Kind.TEXT),
        ("kantor.pemerintah", "Pemerintah daerah, mis. Pemerintah Kabupaten ...", Kind.TEXT),
        ("kantor.daerah", "Daerah, mis. Kabupaten Ogan Komering Ilir", Kind.TEXT),
        ("kantor.kota", "Kota penerbitan (Ditetapkan di)", Kind.TEXT),
        ("kantor.alamat", "Alamat kantor", Kind.TEXT),
        ("layanan.kode", "Kode layanan", Kind.TEXT),
        ("layanan.nama", "Nama layanan", Kind.TEXT),
        ("layanan.produk", "Produk layanan, mis. Izin Usaha Perluasan Industri", Kind.TEXT),
        ("layanan.biaya", "Biaya layanan", Kind.MONEY),
        ("layanan.lama_hari", "Jangka waktu layanan (hari kerja)", Kind.NUMBER),
        ("penandatangan.nama", "Nama pejabat penanda tangan", Kind.TEXT),
        ("penandatangan.jabatan", "Jabatan pejabat penanda tangan", Kind.TEXT),
        ("penandatangan.nip", "NIP pejabat penanda tangan", Kind.TEXT),
    ]
)


def service_vocabulary(fields: Iterable[tuple[str, str, Kind | str]] = ()) -> Vocabulary:
    """The base vocabulary and a service's declared data fields (`data.<field>`)."""
    return BASE_VOCABULARY.with_data_fields(fields)


# --- errors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem in a template, where it is (1-based line and column) and what is wrong."""

    line: int
    column: int
    text: str

    def __str__(self) -> str:
        return f"Baris {self.line}, kolom {self.column}: {self.text}"


class PlaceholderError(ValueError):
    """A template that cannot be used, or a render that cannot be done: every problem at once."""

    def __init__(self, problems: Iterable[Problem | str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def as_validation_error(self) -> ValidationError:
        """For a form's or model's clean(): one message per problem."""
        return ValidationError(self.messages, code="placeholder")


# --- formatting: plain Python values as an Indonesian decree writes them ----------------


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise TypeError
    return number


def format_number(value: object) -> str:
    """12500.5 → "12.500,5": dots between thousands, a comma before decimals, no rounding."""
    return number_id(_decimal(value), None)


def format_rupiah(value: object) -> str:
    """25000000000 → "Rp 25.000.000.000", rounded to whole rupiah as the documents print it."""
    return rupiah(_decimal(value))


def format_date(value: object) -> str:
    """A date as "14 Maret 2023"; anything else is refused, so a render can name the slot."""
    if not isinstance(value, date):
        raise TypeError
    return tanggal(value)


def spell_number(value: object) -> str:
    """1250 → "seribu dua ratus lima puluh"; 2,5 → "dua koma lima"; -3 → "minus tiga"."""
    return terbilang(_decimal(value))


def _plain(value: object) -> str:
    """A text value; numbers and dates that reach a text slot still read as Indonesian."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        try:
            return format_number(value)
        except TypeError:
            return str(value)
    return str(value)


# --- filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    name: str
    description: str
    # The kinds it takes; None: every kind, written as its kind reads first.
    accepts: frozenset[Kind] | None
    apply: Callable[[object], str]


_NUMBERS = frozenset({Kind.MONEY, Kind.NUMBER})

FILTERS: dict[str, Filter] = {
    f.name: f
    for f in (
        Filter("huruf_besar", "HURUF BESAR semua", None, lambda text: str(text).upper()),
        Filter("huruf_kecil", "huruf kecil semua", None, lambda text: str(text).lower()),
        Filter(
            "tanggal", "tanggal panjang, mis. 14 Maret 2023", frozenset({Kind.DATE}), format_date
        ),
        Filter("rupiah", "rupiah, mis. Rp 25.000.000.000", _NUMBERS, format_rupiah),
        Filter("angka", "angka dengan titik ribuan, mis. 12.500,5", _NUMBERS, format_number),
        Filter("terbilang", "angka dalam kata, mis. seribu dua ratus", _NUMBERS, spell_number),
    )
}

# How a value is written without a filter.
_DEFAULT_FORMAT: dict[Kind, Callable[[object], str]] = {
    Kind.TEXT: _plain,
    Kind.DATE: format_date,
    Kind.MONEY: format_rupiah,
    Kind.NUMBER: format_number,
}

# Filter names an administrator may bring from Django, Jinja or a spreadsheet.
_FILTER_HINTS = {
    "upper": "huruf_besar",
    "kapital": "huruf_besar",
    "besar": "huruf_besar",
    "lower": "huruf_kecil",
    "kecil": "huruf_kecil",
    "date": "tanggal",
    "tgl": "tanggal",
    "rp": "rupiah",
    "uang": "rupiah",
    "currency": "rupiah",
    "number": "angka",
    "intcomma": "angka",
    "floatformat": "angka",
    "words": "terbilang",
}


# --- the compiled template -----------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    name: str
    line: int
    column: int
    kind: Kind
    write: Callable[[object], str]


class Template:
    """A checked template: literal text and slots, prepared once and rendered many times."""

    def __init__(self, source: str, parts: list[str | _Slot]):
        self.source = source
        self._parts = tuple(parts)
        self._html_parts = tuple(escape(p) if isinstance(p, str) else p for p in parts)
        seen = dict.fromkeys(p.name for p in parts if isinstance(p, _Slot))
        self.names: tuple[str, ...] = tuple(seen)

    def __repr__(self) -> str:
        return f"<Template names={list(self.names)}>"

    def render(self, values: Mapping[str, object], *, strict: bool = False) -> str:
        """Plain text with the values filled in, NOT escaped for HTML.

        A name absent from `values` is shown as "[belum ada: name]" for a preview, and
        raises PlaceholderError with `strict=True` (a real document); a value of None is an
        optional field left empty and writes nothing.
        """
        return "".join(self._pieces(self._parts, values, strict, html=False))

    def render_html(self, values: Mapping[str, object], *, strict: bool = False) -> SafeString:
        """As `render`, escaped: the administrator's text and the values alike can never
        become markup in the PDF."""
        return mark_safe("".join(self._pieces(self._html_parts, values, strict, html=True)))

    def _pieces(self, parts, values, strict: bool, *, html: bool) -> list[str]:
        pieces: list[str] = []
        missing: list[Problem] = []
        wrong: list[Problem] = []
        for part in parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            if part.name not in values:
                missing.append(Problem(part.line, part.column, f"data {part.name} belum ada."))
                marker = MISSING_MARKER.format(name=part.name)
                pieces.append(escape(marker) if html else marker)
                continue
            value = values[part.name]
            if value is None:
                continue
            try:
                text = part.write(value)
            except (TypeError, ValueError, ArithmeticError):
                wrong.append(
                    Problem(
                        part.line,
                        part.column,
                        f"nilai {part.name} harus berupa {part.kind.label}, "
                        f"bukan {type(value).__name__}.",
                    )
                )
                continue
            pieces.append(escape(text) if html else text)
        if wrong or (strict and missing):
            raise PlaceholderError([*(missing if strict else []), *wrong])
        return pieces


# --- compiling ------------------------------------------------------------------------------

_OPENERS = re.compile(r"\{[{%#]")
_NAME_SYNTAX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_FILTER_SYNTAX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FILTER_WITH_ARGUMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*[:(]")
_SNIPPET_LENGTH = 60
_HOW_TO_WRITE = (
    "tulis nama data saja, misalnya {{ perusahaan.nama }} atau {{ izin.tanggal | tanggal }}"
)


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET_LENGTH else text[: _SNIPPET_LENGTH - 1] + "…"


class _Compiler:
    def __init__(self, text: str, vocabulary: Vocabulary):
        self.text = text
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self.parts: list[str | _Slot] = []
        self._literal: list[str] = []
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def where(self, index: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def problem(self, index: int, text: str) -> None:
        self.problems.append(Problem(*self.where(index), text))

    def flush(self) -> None:
        if self._literal:
            self.parts.append("".join(self._literal))
            self._literal = []

    def run(self) -> None:
        self.check_hidden()
        text, i = self.text, 0
        while (opener := _OPENERS.search(text, i)) is not None:
            start = opener.start()
            self._literal.append(text[i:start])
            if text.startswith("{{{{", start):
                self._literal.append("{{")
                i = start + 4
            elif text.startswith("{{", start):
                i = self.placeholder(start)
            else:
                i = self.tag(start)
        self._literal.append(text[i:])
        self.flush()

    def check_hidden(self) -> None:
        found = hidden_characters(self.text)
        if "\x00" in self.text:
            found.insert(0, "\x00")
        for character in found:
            name = unicodedata.name(character, "").lower()
            described = f"U+{ord(character):04X}" + (f" ({name})" if name else "")
            self.problem(
                self.text.index(character),
                f"karakter tersembunyi {described} tidak diizinkan, misalnya pembalik arah "
                "tulisan atau spasi tanpa lebar. Ketik ulang teksnya tanpa menyalin dari "
                "dokumen lain.",
            )

    def tag(self, start: int) -> int:
        """A Django/Jinja tag or comment: refused, and skipped up to its end on the line."""
        closer = "%}" if self.text[start + 1] == "%" else "#}"
        line_end = self.text.find("\n", start)
        line_end = len(self.text) if line_end == -1 else line_end
        end = self.text.find(closer, start + 2, line_end)
        stop = line_end if end == -1 else end + 2
        shown = _snippet(self.text[start:stop])
        if closer == "%}":
            what = (
                f'perintah "{shown}" tidak didukung. Templat ini tidak mengenal perintah '
                "seperti if atau for; "
            )
        else:
            what = f'komentar "{shown}" tidak didukung; '
        self.problem(start, what + f"{_HOW_TO_WRITE}.")
        return stop

    def placeholder(self, start: int) -> int:
        text = self.text
        end = text.find("}}", start + 2)
        line_end = text.find("\n", start + 2)
        inner = text.find("{{", start + 2)
        if end == -1 or -1 < line_end < end or -1 < inner < end:
            self.problem(start, '"{{" tidak ditutup dengan "}}" pada baris yang sama.')
            return start + 2
        source = text[start : end + 2]
        slot = self.slot(start, source, text[start + 2 : end])
        if slot is not None:
            self.flush()
            self.parts.append(slot)
        return end + 2

    def slot(self, start: int, source: str, content: str) -> _Slot | None:
        quoted = f'"{_snippet(source)}"'
        if not content.strip():
            self.problem(start, f"placeholder {quoted} kosong; {_HOW_TO_WRITE}.")
            return None
        name, *filters = (piece.strip() for piece in content.split("|"))
        ok = True
        entry = None
        if not name:
            self.problem(start, f"{quoted}: nama data kosong sebelum tanda |.")
            ok = False
        elif not _NAME_SYNTAX.fullmatch(name):
            self.problem(start, f"{quoted} bukan placeholder yang sah; {_HOW_TO_WRITE}.")
            ok = False
        elif name not in self.vocabulary:
            self.problem(start, f"{quoted} tidak dikenal.{self.name_hint(name)}")
            ok = False
        else:
            entry = self.vocabulary[name]

        kind = entry.kind if entry else None
        subject = f"{name} ({kind.label})" if entry and kind else ""
        steps: list[Callable[[object], str]] = []
        for filter_name in filters:
            used = self.filter(start, quoted, filter_name, kind, subject)
            if used is None:
                ok, kind = False, None
                continue
            if entry is not None and used.accepts is None and not steps:
                steps.append(_DEFAULT_FORMAT[entry.kind])
            steps.append(used.apply)
            kind, subject = Kind.TEXT, f'hasil filter "{used.name}" (teks)'
        if not ok or entry is None:
            return None
        return _Slot(
            entry.name,
            *self.where(start),
            entry.kind,
            _chain(steps or [_DEFAULT_FORMAT[entry.kind]]),
        )

    def filter(
        self, start: int, quoted: str, filter_name: str, kind: Kind | None, subject: str
    ) -> Filter | None:
        """The filter named, or None once its problem is reported (`kind` None: unknown)."""
        if not filter_name:
            self.problem(start, f"{quoted}: nama filter kosong setelah tanda |.")
            return None
        if not _FILTER_SYNTAX.fullmatch(filter_name):
            with_argument = _FILTER_WITH_ARGUMENT.match(filter_name)
            if with_argument and with_argument.group(1) in FILTERS:
                self.problem(
                    start,
                    f'{quoted}: filter "{with_argument.group(1)}" tidak menerima argumen.',
                )
            else:
                self.problem(
                    start, f'{quoted}: filter "{_snippet(filter_name)}" tidak sah.{_FILTER_LIST}'
                )
            return None
        used = FILTERS.get(filter_name)
        if used is None:
            hint = _FILTER_HINTS.get(filter_name.lower()) or next(
                iter(difflib.get_close_matches(filter_name.lower(), FILTERS, n=1)), None
            )
            suggestion = f" Mungkin maksud Anda {hint}?" if hint else ""
            self.problem(
                start,
                f'{quoted}: filter "{filter_name}" tidak dikenal.{suggestion}{_FILTER_LIST}',
            )
            return None
        if kind is not None and used.accepts is not None and kind not in used.accepts:
            fits = " atau ".join(sorted(k.label for k in used.accepts))
            self.problem(
                start,
                f'{quoted}: filter "{used.name}" tidak dapat dipakai untuk {subject}; '
                f"{used.name} hanya untuk {fits}.",
            )
            return None
        return used

    def name_hint(self, name: str) -> str:
        names = list(self.vocabulary)
        for known in names:
            if name.startswith(known + "."):
                return f" {known} tidak mempunyai bagian lain; tulis {{{{ {known} }}}}."
        group = [known for known in names if known.startswith(name + ".")]
        if group:
            return " Pilih salah satu: " + ", ".join(group[:8]) + "."
        close = difflib.get_close_matches(name.lower(), names, n=1)
        if close:
            return f" Mungkin maksud Anda {close[0]}?"
        return " Lihat daftar data yang dapat dipakai."


_FILTER_LIST = " Filter yang tersedia: " + ", ".join(FILTERS) + "."


def _chain(steps: list[Callable[[object], str]]) -> Callable[[object], str]:
    if len(steps) == 1:
        return steps[0]

    def write(value: object) -> str:
        for step in steps:
            value = step(value)
        return str(value)

    return write


def compile_template(
    text: str, vocabulary: Vocabulary = BASE_VOCABULARY, *, max_length: int = MAX_TEMPLATE_LENGTH
) -> Template:
    """Parse and check a template once; PlaceholderError lists every problem with its place."""
    if len(text) > max_length:
        raise PlaceholderError(
            [
                f"Teks templat terlalu panjang: {format_number(len(text))} karakter, paling "
                f"banyak {format_number(max_length)}."
            ]
        )
    compiler = _Compiler(text, vocabulary)
    compiler.run()
    if compiler.problems:
        # In reading order: hidden characters are looked for before the placeholders.
        raise PlaceholderError(sorted(compiler.problems, key=lambda p: (p.line, p.column)))
    return Template(text, compiler.parts)
