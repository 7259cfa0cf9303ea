"""Where the glyphs of a PDF page land: a small content-stream walker for layout tests.

pypdf's `visitor_text` reports where a run of text starts, not where it ends, and a word
that runs off the page starts well inside it. This walker follows the text state (q/Q, cm,
BT, Tm, Td, TD, T*, TL, Tf, Tc, Tw, Tz, Tj, TJ, ', " and form XObjects) and advances the pen
by each glyph's width from the font's /W (or /Widths) array, so every glyph has a box in
page space (PDF points, origin bottom-left). Enough for the PDFs WeasyPrint writes; not a
general PDF renderer.
"""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mult(m, n):
    """m x n for PDF matrices (a b c d e f)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Glyph:
    text: str  # the character(s) it stands for, from the font's ToUnicode map
    left: float
    bottom: float
    right: float
    top: float
    upright: bool  # not rotated or skewed (the DRAF watermark is not)


@dataclass(frozen=True)
class Run:
    """One text-showing operator: the glyphs WeasyPrint sets on one line of one box."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (
            min(g.left for g in self.glyphs),
            min(g.bottom for g in self.glyphs),
            max(g.right for g in self.glyphs),
            max(g.top for g in self.glyphs),
        )


class _Font:
    def __init__(self, font):
        font = font.get_object()
        self.two_bytes = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        if self.two_bytes:
            descendant = font["/DescendantFonts"][0].get_object()
            self.default_width = float(descendant.get("/DW", 1000))
            descriptor = descendant["/FontDescriptor"].get_object()
            items = list(descendant.get("/W", []))
            i = 0
            while i < len(items):
                first = int(items[i])
                if isinstance(items[i + 1], list):
                    for offset, width in enumerate(items[i + 1]):
                        self.widths[first + offset] = float(width)
                    i += 2
                else:
                    last, width = int(items[i + 1]), float(items[i + 2])
                    for code in range(first, last + 1):
                        self.widths[code] = width
                    i += 3
        else:
            self.default_width = 0.0
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            first = int(font.get("/FirstChar", 0))
            for offset, width in enumerate(font.get("/Widths", [])):
                self.widths[first + offset] = float(width)
        self.ascent = float(descriptor.get("/Ascent", 800)) / 1000
        self.descent = float(descriptor.get("/Descent", -200)) / 1000
        self.unicode: dict[int, str] = {}
        if "/ToUnicode" in font:
            self._read_cmap(font["/ToUnicode"].get_object().get_data().decode("latin-1"))

    def _read_cmap(self, cmap: str) -> None:
        def text(hex_string: str) -> str:
            raw = bytes.fromhex(hex_string)
            return raw.decode("utf-16-be", "replace")

        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.unicode[int(code, 16)] = text(value)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, value in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block
            ):
                start = int(value, 16) if value else 0
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    self.unicode[code] = chr(start + offset)

    def codes(self, raw: bytes) -> list[int]:
        if self.two_bytes:
            return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        return list(raw)


def _raw(value) -> bytes:
    if isinstance(value, bytes):
        return bytes(value)
    original = getattr(value, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return str(value).encode("latin-1")


class _Walker:
    def __init__(self):
        self.runs: list[Run] = []
        self.fonts: dict[int, _Font] = {}

    def font(self, resources, name) -> _Font:
        ref = resources["/Font"][name]
        key = id(ref.get_object())
        if key not in self.fonts:
            self.fonts[key] = _Font(ref)
        return self.fonts[key]

    def walk(self, stream, resources, ctm) -> None:
        stack = []
        tm = tlm = IDENTITY
        font = None
        size = char_spacing = word_spacing = leading = 0.0
        scale = 1.0

        def show(raw: bytes, glyphs: list[Glyph]):
            nonlocal tm
            for code in font.codes(raw):
                width = font.widths.get(code, font.default_width) / 1000
                advance = width * size + char_spacing
                if not font.two_bytes and code == 32:
                    advance += word_spacing
                advance *= scale
                matrix = _mult(tm, ctm)
                corners = [
                    _apply(matrix, x, y)
                    for x in (0, width * size * scale)
                    for y in (font.descent * size, font.ascent * size)
                ]
                xs = [p[0] for p in corners]
                ys = [p[1] for p in corners]
                upright = abs(matrix[1]) < 1e-6 and abs(matrix[2]) < 1e-6
                glyphs.append(
                    Glyph(
                        font.unicode.get(code, "\ufffd"),
                        min(xs),
                        min(ys),
                        max(xs),
                        max(ys),
                        upright,
                    )
                )
                tm = _mult((1, 0, 0, 1, advance, 0), tm)

        for operands, operator in ContentStream(stream, None).operations:
            op = operator.decode() if isinstance(operator, bytes) else operator
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop() if stack else ctm
            elif op == "cm":
                ctm = _mult(tuple(float(v) for v in operands), ctm)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op in ("Td", "TD"):
                tx, ty = (float(v) for v in operands)
                if op == "TD":
                    leading = -ty
                tm = tlm = _mult((1, 0, 0, 1, tx, ty), tlm)
            elif op == "T*":
                tm = tlm = _mult((1, 0, 0, 1, 0, -leading), tlm)
            elif op == "TL":
                leading = float(operands[0])
            elif op == "Tf":
                font, size = self.font(resources, operands[0]), float(operands[1])
            elif op == "Tc":
                char_spacing = float(operands[0])
            elif op == "Tw":
                word_spacing = float(operands[0])
            elif op == "Tz":
                scale = float(operands[0]) / 100
            elif op in ("Tj", "'", '"', "TJ"):
                if op in ("'", '"'):
                    if op == '"':
                        word_spacing, char_spacing = float(operands[0]), float(operands[1])
                    tm = tlm = _mult((1, 0, 0, 1, 0, -leading), tlm)
                glyphs: list[Glyph] = []
                items = operands[0] if op == "TJ" else [operands[-1]]
                for item in items:
                    if isinstance(item, int | float):  # pypdf's NumberObject, FloatObject
                        shift = -float(item) / 1000 * size * scale
                        tm = _mult((1, 0, 0, 1, shift, 0), tm)
                    else:
                        show(_raw(item), glyphs)
                if glyphs:
                    self.runs.append(Run(tuple(glyphs)))
            elif op == "Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                    self.walk(xobject, xobject.get("/Resources", resources), _mult(matrix, ctm))


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    left: float
    bottom: float
    right: float
    top: float
    runs: tuple[Run, ...]

    @property
    def glyphs(self) -> list[Glyph]:
        return [glyph for run in self.runs for glyph in run.glyphs]


def pages(pdf: bytes) -> list[Page]:
    """Every page's media box and its runs of glyphs."""
    result = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        walker = _Walker()
        contents = page.get_contents()
        if contents is not None:
            walker.walk(contents, page["/Resources"], IDENTITY)
        box = page.mediabox
        result.append(
            Page(
                number,
                float(box.left),
                float(box.bottom),
                float(box.right),
                float(box.top),
                tuple(walker.runs),
            )
        )
    return result


def glyphs_outside(pdf: bytes, *, inset: float = 0.0) -> list[str]:
    """A line per glyph whose box is not inside its page's media box shrunk by `inset` points."""
    problems = []
    for page in pages(pdf):
        left, bottom = page.left + inset, page.bottom + inset
        right, top = page.right - inset, page.top - inset
        for run in page.runs:
            for glyph in run.glyphs:
                if (
                    glyph.left < left
                    or glyph.right > right
                    or glyph.bottom < bottom
                    or glyph.top > top
                ):
                    problems.append(
                        f"page {page.number}: {glyph.text!r} at "
                        f"({glyph.left:.1f}, {glyph.bottom:.1f})-({glyph.right:.1f}, "
                        f"{glyph.top:.1f}) outside ({left:.1f}, {bottom:.1f})-({right:.1f}, "
                        f"{top:.1f}) in {run.text[:60]!r}"
                    )
                    break  # one line per run is enough to read
    return problems
