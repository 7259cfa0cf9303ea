"""HTML templates to PDF bytes with WeasyPrint, set up once per process.

WeasyPrint's advice for speed is to reuse one `FontConfiguration` and the parsed
stylesheets across renders; `_engine()` builds them on first use and keeps them.
Fonts are the Liberation Serif files shipped in static/fonts, declared by
@font-face under a family name of our own ("Kendali Serif") so that no system font
is ever picked, and embedded (subsetted) in every PDF. Nothing is fetched from the
network, and nothing else from the disk: the URL fetcher accepts only data: URIs and the
font files (READABLE_DIRS).

Every PDF is archival: PDF/A-3b (ISO 19005-3, level B), written by WeasyPrint's "pdf/a-3b"
variant, which embeds the sRGB IEC61966-2.1 profile as the /GTS_PDFA1 output intent, and with
XMP metadata of our own (`DocumentMetadata`, `_ArchivalMetadata`): title, number, issuing
office, dates and language, the same values as the document information dictionary. See
docs/documents.md.
"""

import atexit
import mimetypes
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

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


# --- archival metadata -------------------------------------------------------------------

# WeasyPrint's PDF/A variant: PDF 1.7, an sRGB output intent, a file identifier, printable
# annotations and the pdfaid identification in the XMP. Level B (the look of the pages is
# kept exactly) rather than U: see docs/documents.md.
PDF_VARIANT = "pdf/a-3b"
LANGUAGE = "id-ID"
CREATOR_TOOL = "Kendali"

XMP_NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


@dataclass(frozen=True)
class DocumentMetadata:
    """What an outgoing document says about itself, in its XMP and its information dictionary.

    title     dc:title and /Title, e.g. "Keputusan ... Nomor 503/0001/IUPI/DPMPTSP/2026";
    number    dc:identifier: the document's own number (a permit's or letter's number, a
              file's registration number);
    office    dc:creator and /Author: the issuing office's full name;
    issued_on dc:date: the document's own date (the decree's date, the receipt's date);
    language  dc:language and the catalog's /Lang (BCP 47);
    subject   dc:description and /Subject; empty: the template's <meta name=description>.

    xmp:CreateDate, xmp:ModifyDate and /CreationDate are the moment of rendering.
    """

    title: str
    number: str
    office: str
    issued_on: date
    language: str = LANGUAGE
    subject: str = ""


# Characters XML 1.0 does not allow; a value typed into a form must not break the XMP packet.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _xmp_alternative(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml_text(text)}</rdf:li></rdf:Alt>'


def _xmp_array(kind: str, items) -> str:
    inner = "".join(f"<rdf:li>{_xml_text(item)}</rdf:li>" for item in items)
    return f"<rdf:{kind}>{inner}</rdf:{kind}>"


def xmp_rdf(meta, variant: str, version: int, conformance: str) -> bytes:
    """The rdf:RDF of a document's XMP packet, from WeasyPrint's metadata (`_ArchivalMetadata`).

    The PDF/A identification, pdf:Producer as in /Producer, Dublin Core (format, title,
    creator, description, identifier, date, language) and the XMP dates and tool. Each
    rdf:Description declares its own namespace (some XMP readers, PDFBox's among them, see no
    schema declared only on rdf:RDF), and only schemas predefined by XMP and PDF/A are used,
    so the file needs no PDF/A extension schema.
    """
    from weasyprint import __version__

    if variant != "a" or not version or not conformance:
        raise DocumentRenderError(f"Not a PDF/A variant: {variant} {version} {conformance}")
    dublin_core = [("format", "application/pdf")]
    if meta.title:
        dublin_core.append(("title", _xmp_alternative(meta.title)))
    if meta.authors:
        dublin_core.append(("creator", _xmp_array("Seq", meta.authors)))
    if meta.description:
        dublin_core.append(("description", _xmp_alternative(meta.description)))
    if meta.identifier:
        dublin_core.append(("identifier", _xml_text(meta.identifier)))
    if meta.issued_on:
        dublin_core.append(("date", _xmp_array("Seq", [meta.issued_on.isoformat()])))
    if meta.lang:
        dublin_core.append(("language", _xmp_array("Bag", [meta.lang])))
    basic = []
    if meta.created:
        basic.append(("CreateDate", _xml_text(meta.created)))
    if meta.modified:
        basic += [
            ("ModifyDate", _xml_text(meta.modified)),
            ("MetadataDate", _xml_text(meta.modified)),
        ]
    if meta.generator:
        basic.append(("CreatorTool", _xml_text(meta.generator)))
    descriptions = {
        "pdfaid": [("part", str(version)), ("conformance", conformance)],
        "pdf": [("Producer", _xml_text(f"WeasyPrint {__version__}"))],
        "dc": dublin_core,
        "xmp": basic,
    }
    lines = [f"<rdf:RDF xmlns:rdf={quoteattr(XMP_NAMESPACES['rdf'])}>"]
    for prefix, properties in descriptions.items():
        if properties:
            namespace = quoteattr(XMP_NAMESPACES[prefix])
            lines.append(f'<rdf:Description rdf:about="" xmlns:{prefix}={namespace}>')
            lines += [f"<{prefix}:{name}>{value}</{prefix}:{name}>" for name, value in properties]
            lines.append("</rdf:Description>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines).encode("utf-8")


@cache
def _archival_metadata_class():
    """WeasyPrint's DocumentMetadata with a number, a date of its own, and our XMP."""
    from weasyprint.pdf.metadata import DocumentMetadata as WeasyPrintMetadata

    class _ArchivalMetadata(WeasyPrintMetadata):
        identifier: str | None = None
        issued_on: date | None = None

        def generate_rdf_metadata(self, variant, version, conformance):
            return xmp_rdf(self, variant, version, conformance)

        def include_in_pdf(self, pdf, variant, version, conformance, compress):
            # The XMP packet stays uncompressed (as PDF/A-1 requires and XMP recommends),
            # so that a tool that only scans the bytes for the packet still finds it.
            super().include_in_pdf(pdf, variant, version, conformance, False)

    return _ArchivalMetadata


def _clean(value: str | None) -> str | None:
    """One line of text that XML can hold: no control characters, spaces collapsed."""
    if value is None:
        return None
    return " ".join(_NOT_XML.sub("", str(value)).split()) or None


def archival_metadata(from_html, metadata: DocumentMetadata | None):
    """WeasyPrint's metadata for one document: `metadata` where given, else what the HTML
    says (<title>, <meta name=author>, <meta name=description>).

    The same values go to the XMP and to the information dictionary; /Author is the
    authors joined by commas and dc:creator their list, so they are kept to one. The HTML's
    keywords and <link rel=attachment> are not carried over (the templates have none).
    """
    moment = timezone.localtime().replace(microsecond=0).isoformat()
    title, description = from_html.title, from_html.description
    authors = [", ".join(from_html.authors)] if from_html.authors else []
    result = _archival_metadata_class()(generator=CREATOR_TOOL, created=moment, modified=moment)
    result.lang = LANGUAGE
    if metadata is not None:
        title = metadata.title or title
        authors = [metadata.office] if metadata.office else authors
        description = metadata.subject or description
        result.lang = metadata.language or LANGUAGE
        result.identifier = _clean(metadata.number)
        result.issued_on = metadata.issued_on
    result.title = _clean(title)
    result.authors = [name for name in map(_clean, authors) if name]
    result.description = _clean(description)
    return result


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

    def write_pdf_with_layout(
        self, html: str, metadata: DocumentMetadata | None = None
    ) -> tuple[bytes, list["PageLayout"]]:
        """The PDF/A and, per page, its size and where each element with an `id` was laid out."""
        from weasyprint import HTML

        with self.lock:
            document = HTML(
                string=html,
                base_url=pdf_templates_dir().as_uri() + "/",
                url_fetcher=self.fetcher,
            ).render(stylesheets=[self.stylesheet], font_config=self.font_config)
            document.metadata = archival_metadata(document.metadata, metadata)
            pages = [PageLayout.of(page) for page in document.pages]
            return document.write_pdf(pdf_variant=PDF_VARIANT), pages

    def write_pdf(self, html: str, metadata: DocumentMetadata | None = None) -> bytes:
        return self.write_pdf_with_layout(html, metadata)[0]


@cache
def _engine() -> _Engine:
    return _Engine()


# Drop the engine before the interpreter tears modules down (WeasyPrint's font
# configuration cleans up its temporary folder in __del__).
atexit.register(_engine.cache_clear)


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, {**context, "font_family": FONT_FAMILY})


def render_pdf(
    template_name: str, context: dict, *, metadata: DocumentMetadata | None = None
) -> bytes:
    """Render a template of templates/pdf/ to PDF/A-3b bytes.

    `metadata` fills the XMP and the information dictionary; without it the title, author
    and description come from the template's <head> and the file has no number or date of
    its own.
    """
    pdf = _engine().write_pdf(render_html(template_name, context), metadata)
    if not pdf:
        raise DocumentRenderError(f"{template_name} produced no PDF")
    return pdf


def render_pdf_with_layout(
    template_name: str, context: dict, *, metadata: DocumentMetadata | None = None
) -> tuple[bytes, list[PageLayout]]:
    """As `render_pdf`, with each page's layout (to place things such as a signature field)."""
    pdf, pages = _engine().write_pdf_with_layout(render_html(template_name, context), metadata)
    if not pdf:
        raise DocumentRenderError(f"{template_name} produced no PDF")
    return pdf, pages


def warm_up() -> None:
    """Load fonts and the stylesheet now (e.g. at start-up) rather than on the first render."""
    _engine()
