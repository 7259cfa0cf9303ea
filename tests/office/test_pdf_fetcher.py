"""The PDF engine reads the fonts and nothing else of the machine (issue 13, item 13).

WeasyPrint asks its URL fetcher for every image, stylesheet, font and attachment a document
names. A template, a company name that slipped through, or an uploaded SVG logo that names
`file:///.../var/signing/passphrase.txt` must not put the signing key, its passphrase or the
database into a PDF handed to an applicant.
"""

import io
import os
import shutil

import pypdf
import pytest
import weasyprint

from office import pdf as pdf_engine

PASSPHRASE = "rahasia-kepala-dinas-2026"
FONT = "LiberationSerif-Regular.ttf"


@pytest.fixture
def house(tmp_path):
    """A project laid out like the real one, with a signing passphrase and a database in it."""
    root = tmp_path / "kendali"
    fonts = root / "static" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(pdf_engine.fonts_dir() / FONT, fonts / FONT)
    (root / "static" / "css").mkdir()
    (root / "static" / "css" / "kendali.css").write_text("body { color: black }")
    (root / "templates" / "pdf").mkdir(parents=True)
    (root / "templates" / "pdf" / "base.css").write_text("@page { size: A4 }")
    signing = root / "var" / "signing"
    signing.mkdir(parents=True)
    (signing / "passphrase.txt").write_text(PASSPHRASE)
    (signing / "kepala-dinas.p12").write_bytes(b"0\x82\x0a\x00 private key")
    (root / "var" / "kendali.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    (root / "var" / "private" / "office").mkdir(parents=True)
    (root / "var" / "private" / "office" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(PASSPHRASE)
    return root


def refused(fetcher, url: str) -> bool:
    try:
        response = fetcher.fetch(url)
    except ValueError:
        return True
    response.read()
    return False


@pytest.mark.parametrize(
    "inside",
    [
        "var/signing/passphrase.txt",
        "var/signing/kepala-dinas.p12",
        "var/kendali.sqlite3",
        "var/private/office/logo.png",  # the logo reaches the PDF as a data: URI, never a file
        "static/css/kendali.css",  # the screen's assets are not the PDF's
        "templates/pdf/base.css",  # read by the engine itself, not through the fetcher
        "config/settings.py",
    ],
)
def test_the_fetcher_refuses_files_of_the_project_that_are_not_fonts(house, inside):
    fetcher = pdf_engine._make_fetcher(house)
    (house / inside).parent.mkdir(parents=True, exist_ok=True)
    (house / inside).touch()
    assert refused(fetcher, (house / inside).as_uri())


def test_the_fetcher_refuses_the_real_signing_passphrase_and_database(settings):
    fetcher = pdf_engine._make_fetcher(pdf_engine.project_root())
    assert refused(fetcher, (settings.KENDALI_SIGNING_DIR / "passphrase.txt").as_uri())
    assert refused(fetcher, (settings.VAR_DIR / "kendali.sqlite3").as_uri())


def test_the_fetcher_refuses_system_files(house):
    fetcher = pdf_engine._make_fetcher(house)
    assert refused(fetcher, "file:///etc/passwd")
    assert refused(fetcher, "file://localhost/etc/passwd")
    assert refused(fetcher, (house.parent / "elsewhere" / "secret.txt").as_uri())


@pytest.mark.parametrize(
    "escape",
    [
        "../../var/signing/passphrase.txt",
        "%2e%2e/%2e%2e/var/signing/passphrase.txt",
        "..%2f..%2fvar%2fsigning%2fpassphrase.txt",
        "../../../elsewhere/secret.txt",
    ],
)
def test_the_fetcher_refuses_a_path_that_climbs_out_of_the_fonts(house, escape):
    fetcher = pdf_engine._make_fetcher(house)
    fonts = (house / "static" / "fonts").as_uri()
    assert refused(fetcher, f"{fonts}/{escape}")


@pytest.mark.parametrize(
    "target", ["var/signing/passphrase.txt", "var/kendali.sqlite3", "../elsewhere/secret.txt"]
)
def test_the_fetcher_refuses_a_link_in_the_fonts_that_points_elsewhere(house, target):
    link = house / "static" / "fonts" / "Kendali-Bold.ttf"
    os.symlink(os.path.normpath(house / target), link)
    fetcher = pdf_engine._make_fetcher(house)
    assert refused(fetcher, link.as_uri())


def test_the_fetcher_refuses_the_network(house):
    fetcher = pdf_engine._make_fetcher(house)
    for url in ("http://example.com/logo.png", "https://example.com/x.css", "ftp://x/y"):
        assert refused(fetcher, url)


def test_the_fetcher_still_serves_the_fonts_and_data_uris(house):
    fetcher = pdf_engine._make_fetcher(house)
    font = house / "static" / "fonts" / FONT
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    assert fetcher.fetch("data:text/plain,halo").read() == b"halo"


def test_the_real_engine_serves_every_font_it_declares():
    fetcher = pdf_engine._make_fetcher(pdf_engine.project_root())
    for filename, _weight, _style in pdf_engine.FONT_FACES:
        font = pdf_engine.fonts_dir() / filename
        assert fetcher.fetch(font.as_uri()).read(4) == font.read_bytes()[:4]


def test_a_document_naming_the_passphrase_carries_neither_it_nor_an_attachment(house):
    secret = (house / "var" / "signing" / "passphrase.txt").as_uri()
    html = (
        f'<html><head><link rel="attachment" href="{secret}"></head>'
        f'<body><p>Izin</p><img src="{secret}"><a rel="attachment" href="{secret}">x</a>'
        "</body></html>"
    )
    pdf = weasyprint.HTML(string=html, url_fetcher=pdf_engine._make_fetcher(house)).write_pdf()

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert embedded_files(reader) == []
    assert "Izin" in reader.pages[0].extract_text()


def embedded_files(reader: pypdf.PdfReader) -> list[bytes]:
    """Every file a PDF carries: document attachments and file-attachment annotations."""
    found = [data for values in reader.attachments.values() for data in values]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                found.append(annotation["/FS"]["/EF"]["/F"].get_object().get_data())
    return found
