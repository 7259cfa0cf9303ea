"""The IKM bar chart as plain geometry, drawn by a template as SVG (no script, no style).

Coordinates are whole numbers so the template never prints a localized decimal
comma inside an SVG attribute.
"""

from dataclasses import dataclass
from fractions import Fraction

from complaints import skm

# The colour of each category, shared by the screen and the PDF.
CATEGORY_FILL = {"A": "#146c43", "B": "#1b4f8a", "C": "#b7791f", "D": "#a4262c"}

WIDTH = 720
LABEL_WIDTH = 300  # element names, right-aligned against the bars
VALUE_WIDTH = 90  # the NRR printed in a column right of the plot
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 24
AXIS_HEIGHT = 34
SCALE_MAX = 4
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str  # "3,250 (B)"
    y: int
    text_y: int
    width: int
    fill: str


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class Threshold:
    x: int
    letter: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    label_x: int
    bar_height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    thresholds: tuple[Threshold, ...]
    description: str


def _x(value: Fraction | float) -> int:
    return LABEL_WIDTH + round(Fraction(value) * PLOT_WIDTH / SCALE_MAX)


def _comma(value) -> str:
    return str(value).replace(".", ",")


def bar_chart(result: skm.IkmResult) -> BarChart:
    """One bar per element, weakest first, coloured by the element's category."""
    bars = []
    for index, score in enumerate(result.weakest_first):
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            Bar(
                label=f"{score.element.label} {score.element.title}",
                value_text=f"{_comma(score.nrr_shown)} ({score.category.letter})",
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                width=max(_x(score.nrr) - LABEL_WIDTH, 1),
                fill=CATEGORY_FILL[score.category.letter],
            )
        )
    plot_bottom = TOP + len(bars) * ROW_HEIGHT
    # Where each category starts on the 1-4 scale (the regulation's nilai interval).
    thresholds = tuple(
        Threshold(x=_x(Fraction(category.lower) / skm.SCALE_FACTOR), letter=category.letter)
        for category in skm.CATEGORIES
        if category.letter != "D"
    )
    weakest = result.weakest_first[0]
    return BarChart(
        width=WIDTH,
        height=plot_bottom + AXIS_HEIGHT,
        plot_left=LABEL_WIDTH,
        plot_right=LABEL_WIDTH + PLOT_WIDTH,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        label_x=LABEL_WIDTH - 8,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
        ticks=tuple(Tick(x=_x(v), label=str(v)) for v in range(SCALE_MAX + 1)),
        thresholds=thresholds,
        description=(
            f"Nilai rata-rata sembilan unsur pelayanan pada skala 1 sampai 4, dari yang terendah. "
            f"Terendah: {weakest.element.title} ({_comma(weakest.nrr_shown)})."
        ),
    )
