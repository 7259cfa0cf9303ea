"""The monthly trend as an SVG drawn on the server: geometry here, markup in the template.

No script and no style attribute: shapes carry classes (coloured by kendali.css) and
presentation attributes, so the chart works under a strict Content Security Policy.
"""

import math
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 14, 30
MAX_LABELS = 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str  # CSS class suffix: registered, on-time, late
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    month: date


@dataclass(frozen=True)
class Series:
    name: str  # CSS class suffix: registered, on-time, late
    path: str  # all the bars of the series as one SVG path


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]

    @property
    def series(self) -> tuple[Series, ...]:
        """One path per series: three elements to draw, however many months."""
        paths: dict[str, list[str]] = {}
        for bar in self.bars:
            paths.setdefault(bar.series, []).append(
                f"M{bar.x:g} {bar.y:g}h{bar.width:g}v{bar.height:g}h{-bar.width:g}z"
            )
        return tuple(Series(name, "".join(parts)) for name, parts in paths.items())

    @property
    def label_y(self) -> float:
        return self.baseline + 18


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines."""
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def trend_chart(months) -> Chart | None:
    """Bars per month: files registered, and permits ready split into on time and late."""
    months = list(months)
    if not months:
        return None
    top_value = max(max(m.registered, m.ready) for m in months)
    step = nice_step(top_value)
    top = max(step * math.ceil(top_value / step), step)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = plot_width / len(months)
    bar = max(min(slot * 0.36, 28), 1.5)

    def height(value: int) -> float:
        return round(plot_height * value / top, 2)

    bar = round(bar, 2)

    bars: list[Bar] = []
    labels: list[Label] = []
    every = math.ceil(len(months) / MAX_LABELS)
    for i, m in enumerate(months):
        centre = LEFT + slot * (i + 0.5)
        x_in = round(centre - bar - 1, 2)
        x_out = round(centre + 1, 2)
        month = f"{m.month:%m/%Y}"
        h = height(m.registered)
        bars.append(Bar(x_in, baseline - h, bar, h, m.registered, "registered", f"{month}: masuk"))
        on_time, late = m.ready_on_time, m.ready - m.ready_on_time
        h_on = height(on_time)
        bars.append(
            Bar(
                x_out,
                round(baseline - h_on, 2),
                bar,
                h_on,
                on_time,
                "on-time",
                f"{month}: tepat waktu",
            )
        )
        h_late = height(late)
        bars.append(
            Bar(
                x_out,
                round(baseline - h_on - h_late, 2),
                bar,
                h_late,
                late,
                "late",
                f"{month}: terlambat",
            )
        )
        if i % every == 0:
            labels.append(Label(round(centre, 2), m.month))
    ticks = tuple(
        Tick(round(baseline - height(value), 2), value) for value in range(0, top + 1, step)
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=baseline,
        bars=tuple(b for b in bars if b.height > 0),
        ticks=ticks,
        labels=tuple(labels),
    )
