"""Ways to change a signed PDF, for the tests of the signature check."""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader


def append_annotation(pdf: bytes, text: str = "Masa berlaku diubah") -> bytes:
    """An incremental update after the signature: a free-text note on the first page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
                generic.pdf_name("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (100, 100, 300, 140)]
                ),
                generic.pdf_name("/Contents"): generic.TextStringObject(text),
                generic.pdf_name("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
            }
        )
    )
    page[generic.pdf_name("/Annots")] = generic.ArrayObject([note])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def unsigned_revision(pdf: bytes) -> bytes:
    """The document as it was before its first signature (the revision it was applied to)."""
    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    head = pdf[: embedded.byte_range[1]]
    return head[: head.rindex(b"%%EOF") + len(b"%%EOF\n")]


def flip_signed_byte(pdf: bytes) -> bytes:
    """One byte changed inside the first page's compressed content, well inside the signed range."""
    start = pdf.index(b"stream\n", pdf.index(b"/Filter /FlateDecode")) + len(b"stream\n")
    tampered = bytearray(pdf)
    tampered[start + 40] ^= 0x01
    return bytes(tampered)
