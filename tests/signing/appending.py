"""Ways to add bytes after a signed PDF without touching what was signed.

Each returns the signed bytes unchanged, followed by something: an incremental update that
only rewrites metadata (/Info, XMP), one that adds page content, validation data or a document
timestamp, or bytes that are no PDF structure at all. pyHanko rates some of these harmless
(metadata, DSS and document timestamps are `ModificationLevel.LTA_UPDATES`). For Kendali only
long-term validation data written as the office writes it (a DSS, a document timestamp, and
nothing else: `append_validation_data`, `append_document_timestamp_only`) may follow the
signature; every other addition is a change after signing, including pyHanko's own DSS and
timestamp updates (`append_dss`, `append_document_timestamp`), which also rewrite /Info.
"""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import xmp_xml
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def append_bytes(pdf: bytes, junk: bytes = b"\n% catatan tambahan\n") -> bytes:
    """Bytes after the final %%EOF, no incremental update at all."""
    return pdf + junk


def repeat_end_marker(pdf: bytes) -> bytes:
    """A comment and a copy of the last `startxref ... %%EOF`: still the signed revision."""
    tail = pdf[pdf.rindex(b"startxref") :]
    return pdf + b"% tambahan\n" + tail


def update_info(pdf: bytes, title: str = "Izin yang diubah") -> bytes:
    """An incremental update that only changes the /Info dictionary (or adds one)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info is None:
        writer.set_info(
            generic.DictionaryObject({generic.pdf_name("/Title"): generic.TextStringObject(title)})
        )
    else:
        info.get_object()[generic.pdf_name("/Title")] = generic.TextStringObject(title)
        writer.mark_update(info)
    return _written(writer)


def update_xmp(pdf: bytes, title: str = "Izin yang diubah") -> bytes:
    """An incremental update that only adds (or replaces) the XMP metadata stream."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = xmp_xml.MetadataStream.from_xmp(
        xmp_xml.update_xmp_with_meta(DocumentMetadata(title=title))
    )
    writer.root[generic.pdf_name("/Metadata")] = writer.add_object(stream)
    writer.update_root()
    return _written(writer)


def empty_update(pdf: bytes) -> bytes:
    """An incremental update with nothing in it but a new trailer and cross-reference."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer._force_write_when_empty = True
    return _written(writer)


def append_page_content(pdf: bytes, text: str = "DIBATALKAN") -> bytes:
    """An incremental update that draws text on the first page (a new content stream)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    font = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
            }
        )
    )
    drawing = f"q BT /FTambahan 36 Tf 100 400 Td ({text}) Tj ET Q".encode()
    writer.add_stream_to_page(
        0,
        writer.add_object(generic.StreamObject(stream_data=drawing)),
        resources=generic.DictionaryObject(
            {
                generic.pdf_name("/Font"): generic.DictionaryObject(
                    {generic.pdf_name("/FTambahan"): font}
                )
            }
        ),
    )
    return _written(writer)


def append_dss(pdf: bytes) -> bytes:
    """An incremental update adding a (forced, empty) Document Security Store."""
    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    out = io.BytesIO(pdf)
    DocumentSecurityStore.add_dss(out, embedded.sig_object["/Contents"], force_write=True)
    return out.getvalue()


def append_document_timestamp(pdf: bytes, timestamper) -> bytes:
    """An incremental update with a document timestamp (a second, /DocTimeStamp signature)."""
    out = PdfTimeStamper(timestamper).timestamp_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), "sha256"
    )
    return out.getvalue()


# --- long-term validation data, as the office adds it (permits/signing/ltv.py) -----------


def append_validation_data(pdf: bytes) -> bytes:
    """A DSS update and nothing else (no metadata): the signer's certificates."""
    from permits.signing.ltv import _validation_data_writer

    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    writer = _validation_data_writer(pdf)
    DocumentSecurityStore.supply_dss_in_writer(
        writer, None, certs=[embedded.signer_cert, *embedded.other_embedded_certs]
    )
    return _written(writer)


def append_document_timestamp_only(pdf: bytes, timestamper) -> bytes:
    """A document timestamp and nothing else (no metadata update)."""
    from permits.signing.ltv import _validation_data_writer

    out = PdfTimeStamper(timestamper).timestamp_pdf(
        _validation_data_writer(pdf), "sha256", output=io.BytesIO()
    )
    return out.getvalue()


def junk_then_validation_data(pdf: bytes) -> bytes:
    """A comment after the signed revision, then a DSS update written after it."""
    return append_validation_data(pdf + b"% sisipan\n")
