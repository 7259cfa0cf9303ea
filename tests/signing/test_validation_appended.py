"""Any byte after the office's signature is a change after signing (issue 13, item 15), but
long-term validation data (issue 16).

The permit is issued as one signed revision covering the whole file, followed at most by the
long-term validation data the office adds (PAdES B-LTA: a DSS, document timestamps, each an
update with nothing else in it). pyHanko rates some other updates as harmless too (metadata:
`ModificationLevel.LTA_UPDATES`) and bytes after %%EOF as no update at all;
`check_pdf_signature` reports every one of them as MODIFIED, never INTACT, after a plain
signature as after long-term data.
"""

import io
import random

import pytest
from django.db import transaction
from pyhanko.pdf_utils.reader import PdfFileReader

from office.models import OfficeProfile
from office.roles import Role
from permits.sample import walk_to
from permits.signing import ltv
from permits.signing.validation import INTACT, MODIFIED, VALID, check_pdf_signature
from tests.conftest import PASSWORD, make_user
from tests.signing import appending
from tests.signing.tampering import append_annotation
from workflow.table import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker):
    """A permit numbered through the real services, once per module: (stored PDF, SHA-256).

    Built in a transaction that is rolled back, so the tests' database stays empty.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        OfficeProfile.current()
        staff = {role: make_user(f"tambahan_{role.value}", role) for role in Role}
        application = walk_to(
            Status.NUMBERED, staff=staff, password=PASSWORD, rng=random.Random(71), index=71
        )
        permit = application.permit
        with permit.pdf.open("rb") as handle:
            pdf = handle.read()
        sha256 = permit.pdf_sha256
        transaction.set_rollback(True)
    return pdf, sha256


def signature_byte_range(pdf: bytes) -> list[int]:
    return list(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].byte_range)


def metadata_then_annotation(pdf: bytes) -> bytes:
    return append_annotation(appending.update_info(pdf))


def two_annotations(pdf: bytes) -> bytes:
    return append_annotation(append_annotation(pdf), text="Catatan kedua")


# (change, incremental updates it adds)
APPENDED = {
    "comment after %%EOF": (appending.append_bytes, 0),
    "one newline after %%EOF": (lambda pdf: appending.append_bytes(pdf, b"\n"), 0),
    "NUL padding after %%EOF": (lambda pdf: appending.append_bytes(pdf, b"\0" * 64), 0),
    "binary garbage after %%EOF": (
        lambda pdf: appending.append_bytes(pdf, bytes(range(256))),
        0,
    ),
    "a repeated startxref and %%EOF": (appending.repeat_end_marker, 0),
    "an empty incremental update": (appending.empty_update, 1),
    "an update of /Info only": (appending.update_info, 1),
    "an update of the XMP metadata only": (appending.update_xmp, 1),
    "XMP twice": (lambda pdf: appending.update_xmp(appending.update_xmp(pdf)), 2),
    # pyHanko's own DSS update also dates the file (/Info): more than validation data.
    "a Document Security Store with a metadata update": (appending.append_dss, 1),
    "an annotation": (append_annotation, 1),
    "two annotations": (two_annotations, 2),
    "metadata, then an annotation": (metadata_then_annotation, 2),
    "text drawn on the first page": (appending.append_page_content, 1),
}


@pytest.mark.parametrize("name", APPENDED)
def test_anything_appended_after_the_signature_is_a_change(issued, name):
    pdf, sha256 = issued
    change, updates = APPENDED[name]
    edited = change(pdf)

    check = check_pdf_signature(edited)

    assert edited.startswith(pdf) and len(edited) > len(pdf)
    assert check.verdict == MODIFIED
    assert check.intact  # what was signed still matches its signature ...
    assert check.signed_revision_sha256 == sha256  # ... and is the issued file
    assert not check.covers_whole_file
    assert not check.is_valid
    assert check.bytes_after_signature == len(edited) - len(pdf)
    assert check.updates_after_signature == updates


def test_a_document_timestamp_with_a_metadata_update_is_a_change(issued, tsa_material):
    pdf, sha256 = issued
    timestamper, _root = tsa_material

    edited = appending.append_document_timestamp(pdf, timestamper)
    check = check_pdf_signature(edited)

    assert edited.startswith(pdf)
    assert check.verdict == MODIFIED
    assert check.signature_count == 1  # a document timestamp is no signature of its own
    assert check.signed_revision_sha256 == sha256
    assert check.updates_after_signature == 1
    assert not check.is_valid


def test_the_issued_file_is_intact_with_nothing_after_its_signature(issued):
    pdf, sha256 = issued

    check = check_pdf_signature(pdf)

    assert check.verdict == INTACT
    assert check.covers_whole_file and check.is_valid
    assert check.bytes_after_signature == 0
    assert check.updates_after_signature == 0
    assert check.signed_revision_sha256 == sha256


def _hole(pdf: bytes) -> tuple[int, int]:
    """Where the hex digits of the /Contents hole start and end (inside `<` and `>`)."""
    _zero, hole_start, hole_end, _rest = signature_byte_range(pdf)
    assert pdf[hole_start : hole_start + 1] == b"<" and pdf[hole_end - 1 : hole_end] == b">"
    return hole_start + 1, hole_end - 1


def write_into_padding(pdf: bytes) -> bytes:
    _start, end = _hole(pdf)
    assert pdf[end - 8 : end] == b"00000000"  # pyHanko pads the CMS with zeros
    return pdf[: end - 8] + b"41424344" + pdf[end:]


def change_letter_case(pdf: bytes) -> bytes:
    """The same CMS bytes, one hex digit written in the other case."""
    start, end = _hole(pdf)
    at = next(i for i in range(start, end) if pdf[i : i + 1] in b"ABCDEFabcdef")
    return pdf[:at] + pdf[at : at + 1].swapcase() + pdf[at + 1 :]


@pytest.mark.parametrize("change", [write_into_padding, change_letter_case])
def test_bytes_changed_in_the_unsigned_signature_contents_are_a_change(issued, change):
    """The /Contents hole is the one unsigned gap in the byte range: it holds the CMS only."""
    pdf, sha256 = issued
    tampered = change(pdf)

    check = check_pdf_signature(tampered)

    assert len(tampered) == len(pdf) and tampered != pdf
    assert check.verdict == MODIFIED
    assert not check.covers_whole_file
    assert not check.is_valid
    assert check.bytes_after_signature == 0
    assert check.signed_revision_sha256 != sha256


# --- long-term validation data after the signature (PAdES B-LT/B-LTA) ------------------------


def test_a_dss_alone_is_validation_data_not_a_change(issued):
    pdf, sha256 = issued

    edited = appending.append_validation_data(pdf)
    check = check_pdf_signature(edited)

    assert check.verdict == INTACT and check.covers_whole_file
    assert check.long_term_updates == 1 and check.dss
    assert check.signed_revision_sha256 == sha256
    assert check.is_valid


def test_a_document_timestamp_alone_is_not_a_change(issued, tsa_material):
    pdf, sha256 = issued
    timestamper, _root = tsa_material

    edited = appending.append_document_timestamp_only(pdf, timestamper)
    check = check_pdf_signature(edited)

    assert check.verdict == INTACT and check.covers_whole_file
    assert check.signature_count == 1
    assert [stamp.intact for stamp in check.document_timestamps] == [True]
    assert check.signed_revision_sha256 == sha256


@pytest.fixture
def long_term(issued, tsa):
    """The issued permit extended to B-LTA by the office's own step (ltv.extend_to_lta)."""
    pdf, _sha256 = issued
    return ltv.extend_to_lta(pdf).pdf


def test_the_office_s_long_term_data_keeps_the_permit_intact(issued, long_term):
    pdf, sha256 = issued

    check = check_pdf_signature(long_term)

    assert long_term.startswith(pdf)
    assert check.verdict == INTACT and check.summary == VALID
    assert check.long_term_updates == 1
    assert check.bytes_after_signature == len(long_term) - len(pdf)
    assert check.signed_revision_sha256 == sha256


# Changes after long-term data: each is still a change after signing.
AFTER_LONG_TERM = {
    name: change
    for name, (change, _updates) in APPENDED.items()
    if name not in ("a Document Security Store with a metadata update",)
}


@pytest.mark.parametrize("name", AFTER_LONG_TERM)
def test_anything_else_appended_after_long_term_data_is_a_change(long_term, name):
    edited = AFTER_LONG_TERM[name](long_term)

    check = check_pdf_signature(edited)

    assert edited.startswith(long_term) and len(edited) > len(long_term)
    assert check.verdict == MODIFIED
    assert check.intact and not check.covers_whole_file and not check.is_valid


def test_a_byte_between_the_signature_and_the_validation_data_is_a_change(issued):
    pdf, _sha256 = issued

    check = check_pdf_signature(appending.junk_then_validation_data(pdf))

    assert check.verdict == MODIFIED
    assert "BYTES_BETWEEN_OR_AFTER_UPDATES" in check.problems


def test_bytes_written_into_a_document_timestamp_s_contents_are_a_change(long_term):
    stamp = PdfFileReader(io.BytesIO(long_term)).embedded_timestamp_signatures[0]
    _zero, _start, end, _rest = (int(v) for v in stamp.byte_range)
    assert long_term[end - 9 : end - 1] == b"00000000"
    tampered = long_term[: end - 9] + b"41424344" + long_term[end - 1 :]

    check = check_pdf_signature(tampered)

    assert len(tampered) == len(long_term)
    assert check.verdict == MODIFIED
    assert [stamp.intact for stamp in check.document_timestamps] == [False]
