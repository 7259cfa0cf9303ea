"""A service's data fields as a declaration: JSON-compatible dicts, checked before anything uses
them, so a wrong declaration is refused with every problem named instead of breaking a form."""

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from permits import validators

TYPES = (
    "text",
    "long_text",
    "integer",
    "decimal",
    "money",
    "date",
    "choice",
    "yes_no",
    "kbli",
    "nib",
    "phone",
    "file",
)
COMMON_KEYS = ("name", "type", "label", "help", "required", "searchable", "order")
TYPE_KEYS = {
    "text": ("max_length",),
    "long_text": ("max_length",),
    "integer": ("min", "max", "unit"),
    "decimal": ("min", "max", "decimal_places", "max_digits", "unit"),
    "money": ("min", "max"),
    "date": ("not_in_future",),
    "choice": ("choices",),
    "yes_no": (),
    "kbli": ("divisions",),
    "nib": (),
    "phone": (),
    "file": (),
}
# (default, largest) of max_length.
TEXT_LENGTHS = {"text": (200, 1000), "long_text": (2000, 10000)}
DECIMAL_PLACES = (2, 10)  # default, largest
MAX_DIGITS = (14, 30)
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
LABEL_MAX, HELP_MAX, UNIT_MAX, CHOICE_VALUE_MAX = 200, 1000, 30, 100
# The KBLI divisions of today's IUPI (KBLI category C), as a declaration writes them.
MANUFACTURING_DIVISIONS = (
    (
        validators.KBLI_MANUFACTURING_DIVISIONS.start,
        validators.KBLI_MANUFACTURING_DIVISIONS.stop - 1,
    ),
)
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class DeclarationError(Exception):
    """Every problem of a declaration, each an Indonesian sentence naming column and key."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class FieldSpec:
    """One declared field, checked; keys a type does not use keep their empty default."""

    name: str
    type: str
    label: str
    help: str = ""
    required: bool = True
    searchable: bool = False
    order: int | None = None
    max_length: int | None = None
    min: int | Decimal | None = None
    max: int | Decimal | None = None
    decimal_places: int | None = None
    max_digits: int | None = None
    unit: str = ""
    not_in_future: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    divisions: tuple[tuple[int, int], ...] = ()

    @property
    def choice_labels(self) -> dict[str, str]:
        return dict(self.choices)

    def to_dict(self) -> dict:
        """The canonical declaration: every key of the type, defaults written out."""
        data = {
            "name": self.name,
            "type": self.type,
            "label": self.label,
            "help": self.help,
            "required": self.required,
            "searchable": self.searchable,
        }
        if self.order is not None:
            data["order"] = self.order
        if self.type in TEXT_LENGTHS:
            data["max_length"] = self.max_length
        if self.type in ("integer", "decimal", "money"):
            for key in ("min", "max"):
                if getattr(self, key) is not None:
                    data[key] = _number_to_json(getattr(self, key))
        if self.type == "decimal":
            data["decimal_places"] = self.decimal_places
            data["max_digits"] = self.max_digits
        if self.type in ("integer", "decimal") and self.unit:
            data["unit"] = self.unit
        if self.type == "date":
            data["not_in_future"] = self.not_in_future
        if self.type == "choice":
            data["choices"] = [[value, label] for value, label in self.choices]
        if self.type == "kbli" and self.divisions:
            data["divisions"] = [[start, end] for start, end in self.divisions]
        return data


def _number_to_json(value: int | Decimal) -> int | str:
    # A string keeps 0.01 exact where a float would not; whole numbers stay numbers.
    if isinstance(value, int) or value == value.to_integral_value():
        return int(value)
    return f"{value:f}"


def parse_declaration(raw: list[dict]) -> tuple[FieldSpec, ...]:
    """The fields of `raw` in declared order, or one DeclarationError naming every problem."""
    if not isinstance(raw, list | tuple):
        raise DeclarationError(["Deklarasi kolom harus berupa daftar kolom."])
    problems: list[str] = []
    specs: list[FieldSpec] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(raw, start=1):
        spec = _Reader(position, item, problems).read()
        if spec is None:
            continue
        if spec.name in seen:
            problems.append(
                f'Kolom ke-{position} ({spec.name}): "name" sudah dipakai oleh kolom '
                f"ke-{seen[spec.name]}; setiap kolom harus punya nama sendiri."
            )
            continue
        seen[spec.name] = position
        specs.append(spec)
    if problems:
        raise DeclarationError(problems)
    return tuple(specs)


class _Reader:
    """Reads one column; each problem found is added to `problems`, reading goes on."""

    def __init__(self, position: int, item, problems: list[str]):
        self.position = position
        self.item = item
        self.problems = problems
        self.found = 0
        name = item.get("name") if isinstance(item, dict) else None
        self.where = f"Kolom ke-{position}"
        if isinstance(name, str) and name.strip():
            self.where += f" ({name.strip()[:40]})"

    def problem(self, key: str | None, text: str) -> None:
        self.found += 1
        self.problems.append(f'{self.where}: "{key}" {text}' if key else f"{self.where}: {text}")

    def read(self) -> FieldSpec | None:
        if not isinstance(self.item, dict):
            self.problem(None, "harus berupa objek dengan kunci name, type, label, dan seterusnya.")
            return None
        values = {
            "name": self.name(),
            "type": self.type(),
            "label": self.text("label", LABEL_MAX, required=True),
            "help": self.text("help", HELP_MAX),
            "required": self.boolean("required", True),
            "searchable": self.boolean("searchable", False),
            "order": self.integer("order"),
        }
        kind = values["type"]
        self.unknown_keys(kind)
        if kind is not None:
            values.update(self.type_values(kind))
        if self.found:
            return None
        return FieldSpec(**values)

    # --- the common keys ---------------------------------------------------------

    def name(self) -> str | None:
        value = self.item.get("name")
        if value is None or value == "":
            self.problem("name", "wajib diisi.")
        elif not isinstance(value, str) or not NAME_PATTERN.fullmatch(value):
            self.problem(
                "name",
                "hanya boleh berisi huruf kecil a-z, angka, dan garis bawah, diawali huruf, "
                "paling panjang 40 karakter (misalnya kapasitas_tahunan).",
            )
        else:
            return value
        return None

    def type(self) -> str | None:
        value = self.item.get("type")
        choices = ", ".join(TYPES)
        if value is None or value == "":
            self.problem("type", f"wajib diisi; pilih salah satu dari: {choices}.")
        elif value not in TYPES:
            shown = value if isinstance(value, str) else repr(value)
            self.problem(None, f'jenis "{shown}" tidak dikenal; pilih salah satu dari: {choices}.')
        else:
            return value
        return None

    def unknown_keys(self, kind: str | None) -> None:
        allowed = COMMON_KEYS + TYPE_KEYS.get(kind, ())
        for key in self.item:
            if key in allowed:
                continue
            if kind is None:
                # Without a known type every type key may be meant; they are judged once it is.
                if any(key in keys for keys in TYPE_KEYS.values()):
                    continue
                self.problem(None, f'kunci "{key}" tidak dikenal.')
            else:
                self.problem(
                    None,
                    f'kunci "{key}" tidak dikenal untuk jenis {kind}; '
                    f"kunci yang boleh: {', '.join(allowed)}.",
                )

    def text(self, key: str, longest: int, *, required: bool = False) -> str:
        value = self.item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(key, "harus berupa teks.")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(key, "wajib diisi.")
        elif len(value) > longest:
            self.problem(key, f"paling banyak {longest} karakter.")
        else:
            self.visible(key, value)
        return value

    def visible(self, key: str, value: str) -> bool:
        try:
            validators.validate_visible_text(value)
        except ValidationError as error:
            self.problem(key, f"tidak diterima: {error.messages[0]}")
            return False
        return True

    def boolean(self, key: str, default: bool) -> bool:
        value = self.item.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, "harus true atau false.")
            return default
        return value

    def integer(self, key: str, default: int | None = None) -> int | None:
        value = self.item.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "harus berupa bilangan bulat.")
            return None
        return value

    def bounded(self, key: str, defaults: tuple[int, int], smallest: int = 1) -> int:
        default, largest = defaults
        value = self.integer(key, default)
        if value is None:
            return default
        if not smallest <= value <= largest:
            self.problem(key, f"harus antara {smallest} dan {largest}.")
        return value

    # --- the keys of each type -----------------------------------------------------

    def type_values(self, kind: str) -> dict:
        values: dict = {}
        if kind in TEXT_LENGTHS:
            values["max_length"] = self.bounded("max_length", TEXT_LENGTHS[kind])
        if kind == "decimal":
            values["decimal_places"] = self.bounded("decimal_places", DECIMAL_PLACES, 0)
            values["max_digits"] = self.bounded("max_digits", MAX_DIGITS)
            if values["decimal_places"] > values["max_digits"]:
                self.problem("decimal_places", 'tidak boleh lebih besar dari "max_digits".')
        if kind in ("integer", "money"):
            values["min"], values["max"] = self.integer("min"), self.integer("max")
        if kind == "decimal":
            places = values["decimal_places"]
            values["min"], values["max"] = self.decimal("min", places), self.decimal("max", places)
        if kind in ("integer", "decimal", "money"):
            low, high = values["min"], values["max"]
            if low is not None and high is not None and low > high:
                self.problem("min", f'({low}) tidak boleh lebih besar dari "max" ({high}).')
        if kind in ("integer", "decimal"):
            values["unit"] = self.text("unit", UNIT_MAX)
        if kind == "date":
            values["not_in_future"] = self.boolean("not_in_future", False)
        if kind == "choice":
            values["choices"] = self.choices()
        if kind == "kbli":
            values["divisions"] = self.divisions()
        return values

    def decimal(self, key: str, places: int) -> Decimal | None:
        value = self.item.get(key)
        if value is None:
            return None
        number = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, float) and math.isfinite(value):
            number = Decimal(repr(value))
        elif isinstance(value, str) and _PLAIN_DECIMAL.fullmatch(value.strip()):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
                number = None
        if number is None:
            self.problem(key, 'harus berupa angka, misalnya 0 atau "0.01" (titik sebagai koma).')
            return None
        try:
            exact = number.quantize(Decimal(1).scaleb(-places)) == number
        except InvalidOperation:
            self.problem(key, "terlalu besar.")
            return None
        if not exact:
            self.problem(
                key, f'memuat lebih dari {places} angka di belakang koma ("decimal_places").'
            )
        return number

    def choices(self) -> tuple[tuple[str, str], ...]:
        value = self.item.get("choices")
        if not isinstance(value, list | tuple) or len(value) < 2:
            self.problem(
                "choices", "harus berupa daftar pasangan [nilai, label], paling sedikit dua."
            )
            return ()
        pairs, seen = [], set()
        for number, pair in enumerate(value, start=1):
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or not all(isinstance(part, str) and part.strip() for part in pair)
            ):
                self.problem(
                    "choices", f"ke-{number} harus berupa pasangan [nilai, label], keduanya teks."
                )
                continue
            choice, label = pair[0].strip(), pair[1].strip()
            if len(choice) > CHOICE_VALUE_MAX or len(label) > LABEL_MAX:
                self.problem(
                    "choices",
                    f"ke-{number}: nilai paling banyak {CHOICE_VALUE_MAX} karakter dan label "
                    f"paling banyak {LABEL_MAX} karakter.",
                )
                continue
            if not (self.visible("choices", choice) and self.visible("choices", label)):
                continue
            if choice in seen:
                self.problem("choices", f'nilai "{choice}" muncul lebih dari sekali.')
                continue
            seen.add(choice)
            pairs.append((choice, label))
        return tuple(pairs)

    def divisions(self) -> tuple[tuple[int, int], ...]:
        value = self.item.get("divisions")
        if value is None:
            return ()
        if not isinstance(value, list | tuple) or not value:
            self.problem(
                "divisions",
                "harus berupa daftar rentang golongan pokok [dari, sampai], misalnya [[10, 33]].",
            )
            return ()
        ranges = []
        for number, pair in enumerate(value, start=1):
            if (
                isinstance(pair, list | tuple)
                and len(pair) == 2
                and all(isinstance(part, int) and not isinstance(part, bool) for part in pair)
                and 1 <= pair[0] <= pair[1] <= 99
            ):
                ranges.append((pair[0], pair[1]))
            else:
                self.problem(
                    "divisions",
                    f"ke-{number} harus berupa [dari, sampai]: dua golongan pokok 1-99 "
                    "(bilangan bulat), dari tidak lebih besar dari sampai.",
                )
        return tuple(ranges)


def in_order(specs) -> tuple[FieldSpec, ...]:
    """Fields with an "order" first, by it; the others after them, as declared."""
    return tuple(sorted(specs, key=lambda spec: (spec.order is None, spec.order or 0)))
