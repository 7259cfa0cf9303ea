"""HTML templates to PDF bytes with WeasyPrint, set up once per process.

WeasyPrint's advice for speed is to reuse one `FontConfiguration` and the parsed
stylesheets across renders; `_engine()` builds them on first use and keeps them.
Fonts are the Liberation Serif files shipped in static/fonts, declared by
@font-face under a family name of our own ("Kendali Serif") so that no system font
is ever picked, and embedded (subsetted) in every PDF. Nothing is fetched from the
network, and nothing else from the disk: the URL fetcher accepts only data: URIs and the
font files (READABLE_DIRS).
"""

import atexit
import mimetypes
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

FONT_FAMILY = "Kendali Serif"
FONT_FACES = (
    # (file, weight, style)
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)


def project_root() -> Path:
    return Path(settings.BASE_DIR).resolve()


def fonts_dir() -> Path:
    return project_root() / "static" / "fonts"


def pdf_templates_dir() -> Path:
    return project_root() / "templates" / "pdf"


class DocumentRenderError(Exception):
    """A document could not be rendered."""


PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF counts points (72).


@dataclass(frozen=True)
class PageLayout:
    """One rendered page: its size and its anchors (elements with an `id`), in PDF points.

    Anchor boxes are (left, top, right, bottom) measured from the page's top-left corner,
    as laid out by WeasyPrint; `pdf_box` turns one into PDF's bottom-left coordinates.
    """

    width: float
    height: float
    anchors: dict[str, tuple[float, float, float, float]]

    @classmethod
    def of(cls, page) -> "PageLayout":
        anchors = {}
        for name, box in page.anchors.items():
            if len(box) == 4:  # WeasyPrint >= 63: (x1, y1, x2, y2)
                anchors[name] = tuple(v * PX_TO_PT for v in box)
        return cls(page.width * PX_TO_PT, page.height * PX_TO_PT, anchors)

    def pdf_box(self, anchor: str) -> tuple[float, float, float, float] | None:
        """(x, y, width, height) of the anchor with y from the page's bottom, or None."""
        box = self.anchors.get(anchor)
        if box is None:
            return None
        left, top, right, bottom = box
        return left, self.height - bottom, right - left, bottom - top


# What a document may read from disk, under the project root: the fonts and nothing else.
# The templates link no stylesheet or image (base.css is read by the engine itself), and the
# office logo and the QR codes reach the HTML as data: URIs (permits/documents/context.py), so
# the signing key and passphrase (var/signing/), the database and the private files stay out
# of every PDF, whatever a template, a value or an uploaded SVG names.
READABLE_DIRS = ("static/fonts",)


class ResourceRefused(ValueError):
    """A document named a resource the engine does not read (WeasyPrint leaves it out)."""


def _make_fetcher(root: Path):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    readable = tuple((root / name).resolve() for name in READABLE_DIRS)

    class LocalOnlyFetcher(URLFetcher):
        """data: URIs and the files of READABLE_DIRS; everything else is refused."""

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ResourceRefused(f"Only data: and font file: URLs are allowed: {url[:60]}")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise ResourceRefused(f"File on another host refused: {url[:80]}")
            # Decoded, then resolved: `..` and symbolic links are followed before the check,
            # and the file opened is the one checked.
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(folder) for folder in readable) or not path.is_file():
                raise ResourceRefused(f"File refused (not a font of the project): {url[:80]}")
            body = path.read_bytes()
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), timeout=5)


def font_face_css() -> str:
    rules = []
    for filename, weight, style in FONT_FACES:
        path = fonts_dir() / filename
        rules.append(
            "@font-face {"
            f' font-family: "{FONT_FAMILY}";'
            f' src: url("{path.as_uri()}") format("truetype");'
            f" font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


class _Engine:
    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fetcher = _make_fetcher(project_root())
        self.font_config = FontConfiguration()
        css_text = font_face_css() + "\n" + (pdf_templates_dir() / "base.css").read_text("utf-8")
        self.stylesheet = CSS(
            string=css_text,
            base_url=pdf_templates_dir().as_uri() + "/",
            font_config=self.font_config,
            url_fetcher=self.fetcher,
        )
        # The font configuration and the fetcher are not made for concurrent use:
        # threads of one process take turns (a render is CPU-bound anyway).
        self.lock = threading.Lock()

    def write_pdf(self, html: str) -> bytes:
        from weasyprint import HTML

        with self.lock:
            document = HTML(
                string=html,
                base_url=pdf_templates_dir().as_uri() + "/",
                url_fetcher=self.fetcher,
            )
            return document.write_pdf(stylesheets=[self.stylesheet], font_config=self.font_config)

    def write_pdf_with_layout(self, html: str) -> tuple[bytes, list["PageLayout"]]:
        """The PDF and, per page, its size and where each element with an `id` was laid out."""
        from weasyprint import HTML

        with self.lock:
            document = HTML(
                string=html,
                base_url=pdf_templates_dir().as_uri() + "/",
                url_fetcher=self.fetcher,
            ).render(stylesheets=[self.stylesheet], font_config=self.font_config)
            pages = [PageLayout.of(page) for page in document.pages]
            return document.write_pdf(), pages


@cache
def _engine() -> _Engine:
    return _Engine()


# Drop the engine before the interpreter tears modules down (WeasyPrint's font
# configuration cleans up its temporary folder in __del__).
atexit.register(_engine.cache_clear)


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, {**context, "font_family": FONT_FAMILY})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template of templates/pdf/ to PDF bytes."""
    pdf = _engine().write_pdf(render_html(template_name, context))
    if not pdf:
        raise DocumentRenderError(f"{template_name} produced no PDF")
    return pdf


def render_pdf_with_layout(template_name: str, context: dict) -> tuple[bytes, list[PageLayout]]:
    """As `render_pdf`, with each page's layout (to place things such as a signature field)."""
    pdf, pages = _engine().write_pdf_with_layout(render_html(template_name, context))
    if not pdf:
        raise DocumentRenderError(f"{template_name} produced no PDF")
    return pdf, pages


def warm_up() -> None:
    """Load fonts and the stylesheet now (e.g. at start-up) rather than on the first render."""
    _engine()
