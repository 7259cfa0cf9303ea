"""A TrueType font for pyHanko's signature stamp, embedded as a simple (WinAnsi) font.

pyHanko's stamp text is Courier by default, one of the standard 14 fonts, which is never
embedded: a PDF/A file may not use it. pyHanko's own embedded fonts (GlyphAccumulator) shape
with HarfBuzz, which the project does not install; the stamp needs no shaping (a few lines of
Latin text), so this engine does what a simple font does: one byte per character in the
WinAnsi encoding, widths from the font's metrics, and the font program embedded as
/FontFile2, subset to the characters the stamp shows (fontTools, which WeasyPrint brings).

Characters outside WinAnsi (or missing from the font) are shown as "?". pyHanko is imported
when the first stamp is drawn, as elsewhere in permits/signing (not when Django starts).
"""

import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENCODING = "cp1252"
FIRST_CHAR = 32
LAST_CHAR = 255
REPLACEMENT = b"?"
# FontDescriptor flags: nonsymbolic (bit 6), serif (bit 2).
NONSYMBOLIC = 1 << 5
SERIF = 1 << 1

_lock = threading.Lock()


@dataclass(frozen=True)
class _Metrics:
    data: bytes
    ps_name: str
    units_per_em: int
    widths: dict[int, int]  # WinAnsi code -> width in 1/1000 em (only codes the font has)
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    serif: bool


@lru_cache(maxsize=4)
def _metrics(path: str) -> _Metrics:
    from fontTools.ttLib import TTFont

    data = Path(path).read_bytes()
    font = TTFont(io.BytesIO(data))
    head, hhea, hmtx = font["head"], font["hhea"], font["hmtx"]
    cmap = font.getBestCmap() or {}
    scale = 1000 / head.unitsPerEm
    widths = {}
    for code in range(FIRST_CHAR, LAST_CHAR + 1):
        try:
            char = bytes([code]).decode(ENCODING)
        except UnicodeDecodeError:
            continue
        glyph = cmap.get(ord(char))
        if glyph is not None:
            widths[code] = round(hmtx[glyph][0] * scale)
    os2 = font.get("OS/2")
    name = font["name"].getDebugName(6) or Path(path).stem
    family = (font["name"].getDebugName(1) or "").lower()
    return _Metrics(
        data=data,
        ps_name="".join(ch for ch in name if ch.isalnum() or ch in "-_"),
        units_per_em=head.unitsPerEm,
        widths=widths,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale)
        if os2
        else round(hhea.ascent * scale),
        italic_angle=float(font["post"].italicAngle) if "post" in font else 0.0,
        serif="serif" in family and "sans" not in family,
    )


@lru_cache(maxsize=1)
def engine_class():
    """The FontEngine subclass (defined on first use: it needs pyHanko's base class)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.api import FontEngine, ShapeResult

    class TrueTypeFontEngine(FontEngine):
        """Shows text in an embedded TrueType font, WinAnsi-encoded, without shaping."""

        def __init__(self, writer, font_file: str, font_size: int = 10):
            self.metrics = metrics = _metrics(str(font_file))
            super().__init__(writer, metrics.ps_name, embedded_subset=True, font_size=font_size)
            self._font_ref = writer.allocate_placeholder()
            self._used: set[int] = set()
            self._written = False

        @property
        def uses_complex_positioning(self):
            return False

        def encode(self, text: str) -> bytes:
            out = bytearray()
            for char in text:
                try:
                    code = char.encode(ENCODING)
                except UnicodeEncodeError:
                    code = REPLACEMENT
                if code[0] not in self.metrics.widths:
                    code = REPLACEMENT
                out += code
            return bytes(out)

        def shape(self, txt: str) -> ShapeResult:
            data = self.encode(txt)
            self._used.update(data)
            width = sum(self.metrics.widths[code] for code in data)
            return ShapeResult(
                graphics_ops=b"<" + data.hex().encode("ascii") + b"> Tj",
                x_advance=width / 1000,
                y_advance=0,
            )

        def as_resource(self) -> generic.IndirectObject:
            return self._font_ref

        def prepare_write(self):
            if self._written:
                return
            self._written = True
            metrics = self.metrics
            name = generic.pdf_name(f"/{self.subset_prefix}+{metrics.ps_name}")
            program = generic.StreamObject(
                {generic.pdf_name("/Length1"): generic.NumberObject(len(data := self._subset()))},
                stream_data=data,
            )
            program.compress()
            flags = NONSYMBOLIC | (SERIF if metrics.serif else 0)
            descriptor = generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/FontDescriptor"),
                    generic.pdf_name("/FontName"): name,
                    generic.pdf_name("/Flags"): generic.NumberObject(flags),
                    generic.pdf_name("/FontBBox"): generic.ArrayObject(
                        generic.NumberObject(v) for v in metrics.bbox
                    ),
                    generic.pdf_name("/ItalicAngle"): generic.FloatObject(metrics.italic_angle),
                    generic.pdf_name("/Ascent"): generic.NumberObject(metrics.ascent),
                    generic.pdf_name("/Descent"): generic.NumberObject(metrics.descent),
                    generic.pdf_name("/CapHeight"): generic.NumberObject(metrics.cap_height),
                    generic.pdf_name("/StemV"): generic.NumberObject(80),
                    generic.pdf_name("/FontFile2"): self.writer.add_object(program),
                }
            )
            font = generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                    generic.pdf_name("/Subtype"): generic.pdf_name("/TrueType"),
                    generic.pdf_name("/BaseFont"): name,
                    generic.pdf_name("/FirstChar"): generic.NumberObject(FIRST_CHAR),
                    generic.pdf_name("/LastChar"): generic.NumberObject(LAST_CHAR),
                    generic.pdf_name("/Widths"): generic.ArrayObject(
                        generic.NumberObject(metrics.widths.get(code, 0))
                        for code in range(FIRST_CHAR, LAST_CHAR + 1)
                    ),
                    generic.pdf_name("/Encoding"): generic.pdf_name("/WinAnsiEncoding"),
                    generic.pdf_name("/FontDescriptor"): self.writer.add_object(descriptor),
                }
            )
            self.writer.add_object(font, idnum=self._font_ref.idnum)

        def _subset(self) -> bytes:
            """The font program with the glyphs of the characters shown (and .notdef)."""
            from fontTools import subset
            from fontTools.ttLib import TTFont

            used = {ord(bytes([code]).decode(ENCODING)) for code in self._used}
            options = subset.Options()
            options.notdef_outline = True
            options.layout_features = []
            options.name_IDs = ["*"]
            options.hinting = False
            options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
            with _lock:  # fontTools objects are not shared, but keep the subsetting serial
                font = TTFont(io.BytesIO(self.metrics.data))
                subsetter = subset.Subsetter(options=options)
                subsetter.populate(unicodes=used)
                subsetter.subset(font)
                out = io.BytesIO()
                font.save(out)
            return out.getvalue()

    return TrueTypeFontEngine


@dataclass(frozen=True)
class TrueTypeFontFactory:
    """pyHanko's FontEngineFactory (the stamp's `TextBoxStyle.font`) for a TrueType file."""

    font_file: str

    def create_font_engine(self, writer, obj_stream=None):
        return engine_class()(writer, self.font_file)
