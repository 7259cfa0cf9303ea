"""The structure of an archival (PDF/A-3b) document, checked with pikepdf: `assert_pdfa`.

Not a conformance validator (no such tool is packaged for this machine, see docs/documents.md):
it checks what the office relies on and what a change to the engine or to the signing could
break. The PDF/A identification in the XMP (pdfaid:part 3, conformance B); one output intent
/GTS_PDFA1 with an sRGB ICC profile (N 3); every font embedded, on every page, in its form
XObjects and patterns and, unless asked not to, in the annotations' appearances (a signature
stamp); the XMP's title, creator, language, dates (and number and date of the document when
given) and the information dictionary agreeing with it; no encryption, no JavaScript, no
hidden or non-printing annotation. A signed file is checked in its last revision, as a reader
sees it.

`preflight` runs PDFBox Preflight (PDF/A-1b rules, Debian's libpdfbox2-java) where installed;
`beyond_pdfa1_only` sets aside what it reports that PDF/A-2 and -3 allow.

    from tests.pdfa import assert_pdfa
    xmp = assert_pdfa(pdf, title="Keputusan ... Nomor 503/0001/IUPI/DPMPTSP/2026",
                      number="503/0001/IUPI/DPMPTSP/2026", issued_on=date(2026, 11, 25))
"""

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pikepdf
from PIL import ImageCms

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
DC = "http://purl.org/dc/elements/1.1/"
XMP = "http://ns.adobe.com/xap/1.0/"
PDF = "http://ns.adobe.com/pdf/1.3/"

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
# Annotation flags (ISO 32000-1, 12.5.3): PDF/A wants Print set, and none of these.
INVISIBLE, HIDDEN, NO_VIEW, TOGGLE_NO_VIEW = 1, 2, 32, 256
PRINT = 4


class NotPdfA(AssertionError):
    """The file lacks something an archival document of the office must have."""


@dataclass(frozen=True)
class Xmp:
    """What the checked file's XMP says (the values `assert_pdfa` read)."""

    title: str
    creator: list[str]
    language: set[str]
    description: str | None
    identifier: str | None
    dates: list[str]
    created: datetime
    modified: datetime
    producer: str | None
    creator_tool: str | None


def _require(condition, message: str) -> None:
    if not condition:
        raise NotPdfA(message)


def _xmp_datetime(value: str | None, name: str) -> datetime:
    _require(value, f"XMP has no {name}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise NotPdfA(f"XMP {name} is not a date and time: {value!r}") from None
    _require(moment.tzinfo is not None, f"XMP {name} has no time zone: {value!r}")
    return moment


def _pdf_datetime(value) -> datetime:
    """D:YYYYMMDDHHmmSS+HH'mm (with or without the last apostrophe), or Z, as a datetime."""
    match = re.fullmatch(
        r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'(\d\d)'?|Z(?:00'00'?)?)",
        str(value).strip(),
    )
    _require(match, f"Not a full PDF date with a time zone: {value!r}")
    *fields, sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes)) if sign else timedelta(0)
    zone = timezone(-offset if sign == "-" else offset)
    return datetime(*map(int, fields), tzinfo=zone)


def _xpacket(pdf: pikepdf.Pdf) -> bytes:
    metadata = pdf.Root.get("/Metadata")
    _require(isinstance(metadata, pikepdf.Stream), "The catalog has no /Metadata stream")
    _require(metadata.get("/Type") == "/Metadata", "The metadata stream's /Type is not /Metadata")
    _require(metadata.get("/Subtype") == "/XML", "The metadata stream's /Subtype is not /XML")
    packet = metadata.read_bytes()
    try:
        packet.decode("utf-8")
    except UnicodeDecodeError:
        raise NotPdfA("The XMP packet is not UTF-8") from None
    header = re.search(rb"<\?xpacket begin=[^>]*\?>", packet)
    _require(header, "The XMP has no xpacket header")
    _require(b"bytes=" not in header.group(0), "The xpacket header has a bytes attribute")
    _require(b"encoding=" not in header.group(0), "The xpacket header has an encoding attribute")
    _require(re.search(rb"<\?xpacket end=['\"][rw]['\"]\?>\s*$", packet), "No xpacket end")
    return packet


def _read_xmp(pdf: pikepdf.Pdf, language: str | None) -> Xmp:
    _xpacket(pdf)
    meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)

    def get(namespace, name):
        return meta.get(f"{{{namespace}}}{name}")

    _require(get(PDFAID, "part") == "3", f"pdfaid:part is {get(PDFAID, 'part')!r}, not 3")
    _require(
        get(PDFAID, "conformance") == "B",
        f"pdfaid:conformance is {get(PDFAID, 'conformance')!r}, not B",
    )
    title = get(DC, "title")
    _require(isinstance(title, str) and title.strip(), "XMP has no dc:title")
    creator = get(DC, "creator")
    _require(
        isinstance(creator, list) and creator and all(c.strip() for c in creator),
        f"XMP has no dc:creator (a list of names): {creator!r}",
    )
    languages = get(DC, "language")
    _require(isinstance(languages, set) and languages, "XMP has no dc:language")
    if language is not None:
        _require(language in languages, f"dc:language is {languages!r}, not {language!r}")
    dates = get(DC, "date") or []
    _require(isinstance(dates, list), f"dc:date is not a list: {dates!r}")
    return Xmp(
        title=title,
        creator=creator,
        language=languages,
        description=get(DC, "description"),
        identifier=get(DC, "identifier"),
        dates=[str(value) for value in dates],
        created=_xmp_datetime(get(XMP, "CreateDate"), "xmp:CreateDate"),
        modified=_xmp_datetime(get(XMP, "ModifyDate"), "xmp:ModifyDate"),
        producer=get(PDF, "Producer"),
        creator_tool=get(XMP, "CreatorTool"),
    )


def _check_output_intent(pdf: pikepdf.Pdf) -> None:
    intents = pdf.Root.get("/OutputIntents")
    _require(intents is not None and len(intents) >= 1, "The catalog has no /OutputIntents")
    pdfa = [intent for intent in intents if intent.get("/S") == "/GTS_PDFA1"]
    _require(len(pdfa) == 1, f"{len(pdfa)} output intents /GTS_PDFA1, not one")
    intent = pdfa[0]
    _require(intent.get("/OutputConditionIdentifier") is not None, "No OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    _require(isinstance(profile, pikepdf.Stream), "The output intent has no DestOutputProfile")
    _require(profile.get("/N") == 3, f"DestOutputProfile /N is {profile.get('/N')}, not 3")
    icc = profile.read_bytes()
    _require(icc[36:40] == b"acsp", "DestOutputProfile is not an ICC profile")
    _require(icc[16:20] == b"RGB ", f"The ICC profile's colour space is {icc[16:20]!r}")
    _require(icc[12:16] in (b"mntr", b"prtr", b"scnr"), f"ICC device class {icc[12:16]!r}")
    description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
    _require("srgb" in description.lower(), f"The ICC profile is {description!r}, not sRGB")


def _fonts_of(resources, where: str, seen: set, out: list) -> None:
    """(where, font) for every font of `resources`, through form XObjects, patterns, Type 3."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for name, font in (resources.get("/Font") or {}).items():
        key = font.objgen if font.is_indirect else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        out.append((f"{where} {name}", font))
        if font.get("/Subtype") == "/Type3":
            _fonts_of(font.get("/Resources"), f"{where} {name}", seen, out)
    for group in ("/XObject", "/Pattern"):
        for name, child in (resources.get(group) or {}).items():
            key = child.objgen if child.is_indirect else None
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            if isinstance(child, pikepdf.Stream | pikepdf.Dictionary):
                if child.get("/Subtype") == "/Image":
                    continue
                _fonts_of(child.get("/Resources"), f"{where} {group[1:]} {name}", seen, out)


def _appearance_streams(annotation):
    appearance = annotation.get("/AP")
    if not isinstance(appearance, pikepdf.Dictionary):
        return
    for kind in ("/N", "/R", "/D"):
        entry = appearance.get(kind)
        if isinstance(entry, pikepdf.Stream):
            yield kind, entry
        elif isinstance(entry, pikepdf.Dictionary):  # states of a check box or radio button
            for state, stream in entry.items():
                yield f"{kind}{state}", stream


def unembedded_fonts(pdf: pikepdf.Pdf, *, annotations: bool = True) -> list[str]:
    """Each font that has no embedded program, as "page N ... /F1 BaseFont"."""
    found: list = []
    seen: set = set()
    for number, page in enumerate(pdf.pages, start=1):
        _fonts_of(page.resources, f"page {number}", seen, found)
        if annotations:
            for annotation in page.obj.get("/Annots") or []:
                for kind, stream in _appearance_streams(annotation):
                    where = f"page {number} {annotation.get('/Subtype')} AP{kind}"
                    _fonts_of(stream.get("/Resources"), where, seen, found)
    missing = []
    for where, font in found:
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            continue  # glyphs are content streams of the font itself
        if subtype == "/Type0":
            descendants = font.get("/DescendantFonts")
            descriptor = descendants[0].get("/FontDescriptor") if descendants else None
        else:
            descriptor = font.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor for key in FONT_FILES):
            missing.append(f"{where} {font.get('/BaseFont')}")
    return missing


def _check_no_javascript(pdf: pikepdf.Pdf) -> None:
    names = pdf.Root.get("/Names")
    _require(not (names and "/JavaScript" in names), "The name tree has /JavaScript")
    _require("/AA" not in pdf.Root, "The catalog has additional actions (/AA)")
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        _require("/JS" not in obj, f"Object {obj.objgen} carries JavaScript (/JS)")
        _require(obj.get("/S") != "/JavaScript", f"Object {obj.objgen} is a JavaScript action")
        if obj.get("/Type") == "/Page" or obj.get("/Subtype") == "/Widget":
            _require("/AA" not in obj, f"Object {obj.objgen} has additional actions (/AA)")


def _check_annotations(pdf: pikepdf.Pdf) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots") or []:
            subtype = annotation.get("/Subtype")
            if subtype == "/Popup":
                continue
            flags = int(annotation.get("/F", 0))
            _require(flags & PRINT, f"page {number}: {subtype} annotation does not print")
            _require(
                not flags & (INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW),
                f"page {number}: {subtype} annotation is hidden (flags {flags})",
            )
            appearance = annotation.get("/AP")
            if appearance is not None and annotation.get("/FT") != "/Btn":
                _require(
                    set(appearance.keys()) == {"/N"},
                    f"page {number}: {subtype} appearance has {sorted(appearance.keys())}",
                )
    form = pdf.Root.get("/AcroForm")
    _require(not (form and form.get("/NeedAppearances")), "AcroForm /NeedAppearances is true")


def _check_info(pdf: pikepdf.Pdf, xmp: Xmp) -> None:
    info = pdf.trailer.get("/Info")
    if info is None:
        return
    if "/Title" in info:
        _require(str(info.Title) == xmp.title, f"/Title {info.Title!r} != dc:title {xmp.title!r}")
    if "/Author" in info:
        _require(
            str(info.Author) == ", ".join(xmp.creator),
            f"/Author {info.Author!r} != dc:creator {xmp.creator!r}",
        )
    if "/Subject" in info:
        _require(
            str(info.Subject) == (xmp.description or ""),
            f"/Subject {info.Subject!r} != dc:description {xmp.description!r}",
        )
    if "/CreationDate" in info:
        _require(
            _pdf_datetime(info.CreationDate) == xmp.created,
            f"/CreationDate {info.CreationDate} != xmp:CreateDate {xmp.created.isoformat()}",
        )
    if "/Creator" in info:
        _require(
            str(info.Creator) == (xmp.creator_tool or ""),
            f"/Creator {info.Creator!r} != xmp:CreatorTool {xmp.creator_tool!r}",
        )


def assert_pdfa(
    pdf_bytes: bytes,
    *,
    title: str | None = None,
    number: str | None = None,
    issued_on: date | None = None,
    office: str | None = None,
    language: str | None = "id-ID",
    annotation_fonts: bool = True,
) -> Xmp:
    """Raise NotPdfA (an AssertionError) naming the first thing missing; return the XMP read.

    `title`, `number` (dc:identifier), `issued_on` (in dc:date), `office` (dc:creator) and
    `language` (in dc:language and the catalog's /Lang) are checked when given; None skips a
    check. `annotation_fonts=False` leaves out the fonts of the annotations' appearances.
    """
    _require(pdf_bytes.startswith(b"%PDF-1."), "Not a PDF 1.x file")
    second_line = pdf_bytes.split(b"\n", 2)[1]
    _require(
        second_line.startswith(b"%") and sum(byte > 127 for byte in second_line[1:5]) == 4,
        "The header is not followed by a comment of four binary bytes",
    )
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _require(not pdf.is_encrypted, "The file is encrypted")
        _require("/Encrypt" not in pdf.trailer, "The trailer has /Encrypt")
        ids = pdf.trailer.get("/ID")
        _require(ids is not None and len(ids) == 2, "The trailer has no /ID")

        xmp = _read_xmp(pdf, language)
        if title is not None:
            _require(xmp.title == title, f"dc:title is {xmp.title!r}, not {title!r}")
        if number is not None:
            _require(xmp.identifier == number, f"dc:identifier {xmp.identifier!r} != {number!r}")
        if issued_on is not None:
            _require(
                issued_on.isoformat() in xmp.dates,
                f"dc:date is {xmp.dates!r}, without {issued_on.isoformat()}",
            )
        if office is not None:
            _require(xmp.creator == [office], f"dc:creator is {xmp.creator!r}, not [{office!r}]")
        if language is not None:
            _require(
                str(pdf.Root.get("/Lang", "")) == language,
                f"The catalog's /Lang is {pdf.Root.get('/Lang')!r}, not {language!r}",
            )
        _check_info(pdf, xmp)
        _check_output_intent(pdf)
        missing = unembedded_fonts(pdf, annotations=annotation_fonts)
        _require(not missing, f"Fonts not embedded: {missing}")
        _check_no_javascript(pdf)
        _check_annotations(pdf)
        return xmp


# --- PDFBox Preflight (Debian: libpdfbox2-java) ------------------------------------------

JAVA_DIR = Path("/usr/share/java")
# Preflight and what it needs at run time; Debian's package does not depend on the last two.
PREFLIGHT_JARS = (
    "preflight.jar",
    "pdfbox2.jar",
    "fontbox2.jar",
    "xmpbox.jar",
    "commons-logging.jar",
    "javax.activation.jar",  # libactivation-java
    "jaxb-api.jar",  # libjaxb-api-java
)
PREFLIGHT_INSTALL = (
    "apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java"
)
# Preflight checks PDF/A-1b only. What it reports on a PDF/A-3b file that PDF/A-2 and -3 allow:
# cross-reference streams (PDF 1.5), subset CID fonts without /CIDSet (optional since PDF/A-2),
# and pdfaid:part 3.
PDFA1_ONLY = (
    ("1.4", "/XRef cross reference streams are not allowed"),
    ("3.1.11", "The CIDSet entry is missing"),
    ("7.11.2", "part must be 1"),
)
# After a pyHanko signature: /Producer "WeasyPrint ...; pyHanko ..." but pdf:Producer "pyHanko
# ...". PDF/A-1 (6.7.3) wants the two equal; PDF/A-2 and -3 do not.
PDFA1_ONLY_SIGNED = (("7.2", "Producer present in the document catalog dictionary"),)


def preflight_classpath() -> str | None:
    """The class path of PDFBox Preflight, or None when Java or a jar is missing."""
    if shutil.which("java") is None:
        return None
    jars = [JAVA_DIR / name for name in PREFLIGHT_JARS]
    if not all(jar.is_file() for jar in jars):
        return None
    return os.pathsep.join(str(jar) for jar in jars)


def preflight(pdf_bytes: bytes) -> list[tuple[str, str]]:
    """(code, message) of each error PDFBox Preflight reports against PDF/A-1b; [] if valid."""
    classpath = preflight_classpath()
    if classpath is None:
        raise RuntimeError(f"PDFBox Preflight is not installed: {PREFLIGHT_INSTALL}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf_bytes)
        run = subprocess.run(
            ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if "is a valid PDF/A-1b file" in run.stdout:
        return []
    errors = re.findall(r"^(\d+(?:\.\d+)*) : (.*)$", run.stdout, flags=re.MULTILINE)
    if not errors:
        raise RuntimeError(f"Preflight said nothing readable:\n{run.stdout}\n{run.stderr}")
    return errors


def beyond_pdfa1_only(errors, allowed=PDFA1_ONLY) -> list[tuple[str, str]]:
    """The errors that are not among `allowed` (code, part of the message) pairs."""
    return [
        (code, message)
        for code, message in errors
        if not any(code == known and part in message for known, part in allowed)
    ]
