"""The Survei Kepuasan Masyarakat of Permenpan RB 14/2017: its nine elements, and the IKM.

Per element, NRR = sum of the scores / respondents. Each element weighs 1/9, so
IKM = sum(NRR x 1/9) x 25, on the 25-100 scale. Arithmetic is exact (fractions);
only the figures shown are rounded, half up. The category is read from the IKM
as shown (two decimals), so the number and the letter printed side by side can
never disagree: 88.305 is shown as 88.31 and is an A; 88.30 is a B.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SCALE_FACTOR = 25  # from the 1-4 scale to 25-100


@dataclass(frozen=True)
class Element:
    code: str  # the model field, "u1" .. "u9"
    number: int
    title: str
    question: str
    answers: tuple[str, str, str, str]  # the labels of scores 1, 2, 3 and 4

    @property
    def label(self) -> str:
        return f"U{self.number}"


# In the regulation's order, with the answer labels of its sample questionnaire.
ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        1,
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "u2",
        2,
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element(
        "u3",
        3,
        "Waktu Penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Element(
        "u4",
        4,
        "Biaya/Tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Element(
        "u5",
        5,
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "u6",
        6,
        "Kompetensi Pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        "u7",
        7,
        "Perilaku Pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
        "dan keramahan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Element(
        "u8",
        8,
        "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
    Element(
        "u9",
        9,
        "Sarana dan Prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)

ELEMENT_CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)
WEIGHT = Fraction(1, len(ELEMENTS))


@dataclass(frozen=True)
class Category:
    letter: str
    label: str
    lower: Decimal  # lowest IKM (25-100, two decimals) in this category
    upper: Decimal


# Permenpan RB 14/2017, the table of "nilai interval konversi" and "mutu pelayanan".
CATEGORIES: tuple[Category, ...] = (
    Category("A", "Sangat Baik", Decimal("88.31"), Decimal("100.00")),
    Category("B", "Baik", Decimal("76.61"), Decimal("88.30")),
    Category("C", "Kurang Baik", Decimal("65.00"), Decimal("76.60")),
    Category("D", "Tidak Baik", Decimal("25.00"), Decimal("64.99")),
)

TWO_PLACES = Decimal("0.01")
THREE_PLACES = Decimal("0.001")


def rounded(value: Fraction | Decimal | int, places: Decimal = TWO_PLACES) -> Decimal:
    """Half up, as people round by hand (Python's round() rounds half to even)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def category_of(value: Fraction | Decimal) -> Category:
    """The category of a value on the 25-100 scale, read as shown (two decimals)."""
    shown = rounded(value)
    for category in CATEGORIES:
        if shown >= category.lower:
            return category
    return CATEGORIES[-1]


@dataclass(frozen=True)
class ElementScore:
    element: Element
    total: int  # sum of the scores given
    nrr: Fraction  # average score, 1-4

    @property
    def nrr_shown(self) -> Decimal:
        return rounded(self.nrr, THREE_PLACES)

    @property
    def weighted(self) -> Fraction:
        return self.nrr * WEIGHT

    @property
    def weighted_shown(self) -> Decimal:
        return rounded(self.weighted, THREE_PLACES)

    @property
    def converted(self) -> Decimal:
        """The element on the 25-100 scale, the way the IKM is."""
        return rounded(self.nrr * SCALE_FACTOR)

    @property
    def category(self) -> Category:
        return category_of(self.nrr * SCALE_FACTOR)


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    scores: tuple[ElementScore, ...]  # in the regulation's order

    @property
    def weighted_sum(self) -> Fraction:
        return sum((score.weighted for score in self.scores), Fraction(0))

    @property
    def weighted_sum_shown(self) -> Decimal:
        return rounded(self.weighted_sum, THREE_PLACES)

    @property
    def ikm_exact(self) -> Fraction:
        return self.weighted_sum * SCALE_FACTOR

    @property
    def ikm(self) -> Decimal:
        return rounded(self.ikm_exact)

    @property
    def category(self) -> Category:
        return category_of(self.ikm_exact)

    @property
    def weakest_first(self) -> tuple[ElementScore, ...]:
        """Lowest average first; ties in the regulation's order."""
        return tuple(sorted(self.scores, key=lambda score: (score.nrr, score.element.number)))


def compute_ikm(totals: dict[str, int], respondents: int) -> IkmResult | None:
    """The IKM from the sum of the scores per element (`totals["u1"]` ...) and the count.

    Every respondent answers every element (the form refuses gaps), so each NRR
    divides by the number of respondents. None when nobody answered.
    """
    if respondents <= 0:
        return None
    scores = tuple(
        ElementScore(
            element, int(totals[element.code]), Fraction(totals[element.code], respondents)
        )
        for element in ELEMENTS
    )
    return IkmResult(respondents=respondents, scores=scores)


def minimum_sample(population: int, table: list[tuple[int, int]]) -> int:
    """The Krejcie-Morgan sample for `population`, from (N, S) rows sorted by N.

    Between two rows the larger N counts (the safe side); above the last row, its
    S. Never more than the population itself: with five permits, five answers are all there is.
    """
    if population <= 0 or not table:
        return 0
    sample = next((s for n, s in table if n >= population), table[-1][1])
    return min(sample, population)


@dataclass(frozen=True)
class SampleStatus:
    """Whether a period's answers are enough to state its index.

    `minimum` is the Krejcie-Morgan sample of the period's population, which is 0 when
    no permit was handed over; an index still needs at least one respondent, so zero
    answers never reach the sample, whatever the table says.
    """

    respondents: int
    minimum: int

    @property
    def needed(self) -> int:
        return max(self.minimum, 1)

    @property
    def reached(self) -> bool:
        return self.respondents >= self.needed

    @property
    def shortfall(self) -> int:
        return max(self.needed - self.respondents, 0)

    @property
    def detail(self) -> str:
        """What is missing, in words ("" once the sample is reached)."""
        if self.reached:
            return ""
        if self.respondents == 0:
            return f"belum ada responden (diperlukan {self.needed} responden)"
        return (
            f"kurang {self.shortfall} responden ({self.respondents} dari {self.needed} responden)"
        )

    @property
    def text(self) -> str:
        """The report's line about the sample, in words."""
        return "tercapai" if self.reached else f"belum tercapai, {self.detail}"


def sample_status(respondents: int, minimum: int) -> SampleStatus:
    return SampleStatus(respondents=max(respondents, 0), minimum=max(minimum, 0))
