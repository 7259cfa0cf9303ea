"""Numbers, money, dates and times written the Indonesian way, in one place for every page,
document and message: "14 Maret 2023", "12.500,5", "Rp 25.000.000.000", "seribu dua ratus".

Names are written out here so the text never depends on the active locale."""

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

from django.utils import timezone

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# In the order of date.weekday(): Monday first.
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Rounding works to this many digits: far beyond any amount a form accepts, and past it
# quantize() raises InvalidOperation, which callers showing stored data rely on.
_PRECISION = 60


# --- dates and times ---------------------------------------------------------------------


def _as_date(value: date | datetime) -> date:
    """A moment's date where the office is (TIME_ZONE), not in UTC."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def tanggal(value: date | datetime | None) -> str:
    """14 Maret 2023."""
    if value is None:
        return ""
    day = _as_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def hari_tanggal(value: date | datetime | None) -> str:
    """Selasa, 14 Maret 2023."""
    if value is None:
        return ""
    day = _as_date(value)
    return f"{DAYS[day.weekday()]}, {tanggal(day)}"


def jam(value: datetime | None) -> str:
    """14.30 WIB (Indonesian writes a dot between hours and minutes)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    zone = local.tzname() or ""
    return f"{local:%H.%M} {zone}".strip()


def tanggal_jam(value: datetime | None) -> str:
    """14 Maret 2023 pukul 14.30 WIB."""
    if value is None:
        return ""
    return f"{tanggal(value)} pukul {jam(value)}"


# --- numbers and money -------------------------------------------------------------------


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
    return ".".join(groups)


def number_id(value, places: int | None = 2) -> str:
    """12500.5 → "12.500,5": dots between thousands, a comma before decimals.

    Rounded half to even to `places` decimals (None: every decimal the value has); trailing
    zeros are dropped, so a whole number has no ",00". Empty for None or "", and a value that
    is no number is shown as it is (template filters must not break a page).
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if places is not None:
        with localcontext() as context:
            context.prec = _PRECISION
            number = number.quantize(Decimal(1).scaleb(-int(places)))
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = _group_thousands(whole)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def rupiah(value) -> str:
    """25000000000 → "Rp 25.000.000.000": whole rupiah, rounded half to even."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return f"Rp {value}"
    return f"Rp {number_id(number.to_integral_value(rounding=ROUND_HALF_EVEN), None)}"


# --- numbers in words ----------------------------------------------------------------------

_ONES = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))
# Beyond this a number is written in figures: no document spells out 10^36.
_LONGEST_IN_WORDS = 36


def _words(number: int) -> str:
    if number < 12:
        return _ONES[number]
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, ones = divmod(number, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return f"{head} {_words(rest)}" if rest else head
    for size, word in _SCALES:
        if number >= size:
            count, rest = divmod(number, size)
            head = "seribu" if size == 1000 and count == 1 else f"{_words(count)} {word}"
            return f"{head} {_words(rest)}" if rest else head
    raise AssertionError(number)  # pragma: no cover


def terbilang(value: int | float | Decimal) -> str:
    """1250 → "seribu dua ratus lima puluh"; 2,5 → "dua koma lima"; -3 → "minus tiga".

    As a letter writes a number out next to its figures ("3 (tiga) hari kerja"); past 36
    digits it stays in figures.
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    if len(whole) > _LONGEST_IN_WORDS:
        return number_id(number, None)
    words = _words(int(whole))
    if fraction:
        words += " koma " + " ".join(_ONES[int(digit)] for digit in fraction)
    return f"minus {words}" if number < 0 and words != "nol" else words
