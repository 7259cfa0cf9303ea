"""The final permit is signed (PAdES) at numbering, and the signature can be checked."""

import hashlib
import io
import random
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader
from sequences import get_last_value

from office.models import OfficeProfile
from office.roles import Role
from permits import services
from permits.documents.permit import (
    PermitSigningError,
    issue_permit_document,
    render_final_permit_for_signing,
)
from permits.models import Permit
from permits.sample import walk_to
from permits.signing import FIELD_NAME, SignatureBox, SigningError, get_signer
from permits.signing.pkcs12 import Pkcs12Signer, sign_with_pyhanko
from permits.signing.validation import (
    INTACT,
    INVALID,
    MODIFIED,
    UNREADABLE,
    UNSIGNED,
    check_pdf_signature,
)
from tests.conftest import PASSWORD, make_user
from tests.signing.tampering import append_annotation, flip_signed_byte, unsigned_revision
from workflow.table import Status

HEAD_NAME = "H. AHMAD RIZAL, S.STP., M.Si."

# With the database tests: pytest-django runs those before the transactional tests, which
# flush the seed data (groups, the standard) that the module's permit is built from.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker):
    """A permit numbered through the real services, once per module: (stored PDF, facts).

    Built in a transaction that is rolled back, so the tests' database stays empty.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        office = OfficeProfile.current()
        office.head_name = HEAD_NAME
        office.save()
        staff = {role: make_user(f"modul_{role.value}", role) for role in Role}
        application = walk_to(
            Status.NUMBERED, staff=staff, password=PASSWORD, rng=random.Random(70), index=70
        )
        permit = application.permit
        with permit.pdf.open("rb") as handle:
            pdf = handle.read()
        facts = {
            "sha256": permit.pdf_sha256,
            "size": permit.pdf_size,
            "signed_at": permit.signed_at,
            "number": permit.number,
        }
        transaction.set_rollback(True)
    return pdf, facts


def signature_widgets(pdf: bytes) -> list[tuple[int, str, list[float]]]:
    """(page index, field name, rectangle) of every signature widget, read with pypdf."""
    found = []
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/FT") == "/Sig":
                found.append(
                    (index, str(annotation["/T"]), [float(v) for v in annotation["/Rect"]])
                )
    return found


def text_lines_y(pdf: bytes, page_index: int) -> dict[str, float]:
    """The baseline height of each text run on a page (PDF points from the bottom)."""
    page = PdfReader(io.BytesIO(pdf)).pages[page_index]
    heights: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            heights.setdefault(text, cm[5] + tm[5] * cm[3])

    page.extract_text(visitor_text=visit)
    return heights


def y_of(heights: dict[str, float], start: str) -> float:
    return next(y for text, y in heights.items() if text.startswith(start))


# --- signing at numbering ------------------------------------------------------------


def test_a_signed_permit_validates_intact_trusted_and_covering_the_whole_document(issued):
    pdf, facts = issued

    check = check_pdf_signature(pdf)

    assert hashlib.sha256(pdf).hexdigest() == facts["sha256"]
    assert len(pdf) == facts["size"]
    assert check.verdict == INTACT
    assert check.intact and check.covers_whole_file and check.trusted
    assert check.is_valid
    assert check.signature_count == 1
    assert check.signer_name == HEAD_NAME
    assert check.signed_revision_sha256 == facts["sha256"]
    assert abs(check.signing_time - facts["signed_at"]) < timedelta(seconds=1)
    assert check.timestamp_time is None  # no TSA configured in the tests


def test_the_signature_is_pades_with_sha256(issued):
    pdf, _ = issued
    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]

    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.md_algorithm == "sha256"
    assert embedded.field_name == FIELD_NAME
    assert "Penetapan Izin Usaha Perluasan Industri" in str(embedded.sig_object["/Reason"])


def test_the_visible_signature_sits_in_the_signature_block_of_the_last_page(issued):
    pdf, _ = issued
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    widgets = signature_widgets(pdf)

    assert len(widgets) == 1
    page, name, (x1, y1, x2, y2) = widgets[0]
    assert name == FIELD_NAME
    assert page == pages - 1
    # 5.9 cm x 2.8 cm, the box reserved in templates/pdf/_decree.html
    assert x2 - x1 == pytest.approx(5.9 / 2.54 * 72, abs=1.5)
    assert y2 - y1 == pytest.approx(2.8 / 2.54 * 72, abs=1.5)
    # below "pada tanggal" and the position, above the Kepala Dinas's name; right half
    heights = text_lines_y(pdf, page)
    assert y_of(heights, "pada tanggal") > y2
    assert y1 > y_of(heights, HEAD_NAME)
    assert x1 > 595 / 2


def test_the_signature_box_is_where_the_template_reserved_it(file_at):
    application = file_at(Status.SIGNED)
    permit = Permit(
        application=application, number="503/9999/IUPI/2026", year=2026, sequence=9999,
        issued_on=application.created_at.date(),
    )  # fmt: skip

    pdf, box = render_final_permit_for_signing(application, permit)

    assert box.page == len(PdfReader(io.BytesIO(pdf)).pages) - 1
    assert box.width == pytest.approx(5.9 / 2.54 * 72, abs=0.5)
    assert box.height == pytest.approx(2.8 / 2.54 * 72, abs=0.5)
    assert box.x > 0 and box.x + box.width < 595
    assert box.y > 0 and box.y + box.height < 842


def test_pdfsig_reports_the_signature(issued, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("pdfsig"):
        pytest.skip("needs poppler-utils")
    pdf, _ = issued
    path = tmp_path / "izin.pdf"
    path.write_bytes(pdf)

    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout

    assert f"Signer Certificate Common Name: {HEAD_NAME}" in report
    assert "Signature is Valid" in report
    assert "ETSI.CAdES.detached" in report
    assert "Total document signed" in report


# --- tampering --------------------------------------------------------------------------


def test_a_permit_with_one_byte_changed_is_reported_as_invalid(issued):
    pdf, _ = issued

    check = check_pdf_signature(flip_signed_byte(pdf))

    assert check.verdict in (INVALID, UNREADABLE)
    assert not check.intact
    assert not check.is_valid


def test_a_byte_changed_in_the_signed_text_is_reported_as_invalid(issued):
    pdf, facts = issued
    # The document's title (metadata, uncompressed) names the permit number.
    position = pdf.index(facts["number"].split("/")[1].encode())
    tampered = bytearray(pdf)
    tampered[position] = ord("9") if tampered[position] != ord("9") else ord("8")

    check = check_pdf_signature(bytes(tampered))

    assert check.verdict == INVALID
    assert not check.intact
    assert check.signer_name == HEAD_NAME  # still readable, just no longer matching


def test_an_appended_annotation_is_reported_as_modified(issued):
    pdf, facts = issued
    edited = append_annotation(pdf)

    check = check_pdf_signature(edited)

    assert edited.startswith(pdf)
    assert check.verdict == MODIFIED
    assert check.intact and not check.covers_whole_file
    assert not check.is_valid
    assert check.signed_revision_sha256 == facts["sha256"]


def test_a_second_signature_by_another_key_does_not_cover_the_first(issued, stranger_signer):
    pdf, _ = issued
    box = SignatureBox(page=0, x=50, y=50, width=150, height=50, name="Tambahan")

    twice = sign_with_pyhanko(
        pdf, stranger_signer, field=box, reason="Tambahan", signer_name="Orang Lain"
    )
    check = check_pdf_signature(twice)

    assert check.signature_count == 2
    assert check.signer_name == HEAD_NAME  # the office's signature is the one reported
    assert check.verdict == MODIFIED
    assert not check.covers_whole_file
    assert not check.is_valid


def test_a_pdf_signed_by_another_ca_is_not_trusted(issued, stranger_signer):
    pdf, _ = issued
    # The same permit, unsigned, signed by someone else's key.
    unsigned = unsigned_revision(pdf)
    box = SignatureBox(page=-1, x=300, y=300, width=160, height=80)

    forged = sign_with_pyhanko(
        unsigned, stranger_signer, field=box, reason="Palsu", signer_name="Orang Lain"
    )
    check = check_pdf_signature(forged)

    assert check.intact and check.covers_whole_file
    assert check.verdict == INTACT
    assert not check.trusted
    assert not check.is_valid
    assert check.signer_name == "Orang Lain"
    assert check.issuer_name == "Otoritas Sertifikat Lain"


def test_without_configured_trust_roots_nothing_is_trusted(issued, settings):
    pdf, _ = issued
    settings.KENDALI_TRUST_ROOTS = []

    check = check_pdf_signature(pdf)

    assert check.verdict == INTACT
    assert not check.trusted
    assert not check.trust_roots_configured


def test_an_unsigned_pdf_and_a_broken_file_are_told_apart():
    from permits.sample import SAMPLE_PDF

    assert check_pdf_signature(SAMPLE_PDF).verdict in (UNSIGNED, UNREADABLE)
    assert check_pdf_signature(b"%PDF-1.7\nbukan pdf").verdict == UNREADABLE


# --- timestamps -------------------------------------------------------------------------


def test_with_a_tsa_configured_the_signature_carries_a_trusted_timestamp(
    issued, tsa, office_signer
):
    pdf, _ = issued
    unsigned = unsigned_revision(pdf)
    signer = get_signer()
    assert signer.tsa_url == tsa.url + "/tsa"

    signed = signer.sign(
        unsigned,
        field=SignatureBox(page=0, x=300, y=300, width=160, height=80),
        reason="Uji cap waktu",
        signer_name=HEAD_NAME,
    )
    check = check_pdf_signature(signed)

    assert tsa.requests >= 1  # pyHanko also asks once to size the signature
    assert check.timestamp_time is not None
    assert abs(check.timestamp_time - check.signing_time) < timedelta(seconds=5)
    assert check.is_valid


def test_an_unreachable_tsa_fails_signing_with_a_message(issued, settings, unused_port):
    pdf, _ = issued
    signer = Pkcs12Signer(
        settings.KENDALI_SIGNING_P12,
        (settings.KENDALI_SIGNING_PASSPHRASE_FILE).read_text().strip(),
        tsa_url=f"http://127.0.0.1:{unused_port}/tsa",
        tsa_timeout=2,
    )
    unsigned = unsigned_revision(pdf)

    with pytest.raises(SigningError) as raised:
        signer.sign(
            unsigned,
            field=SignatureBox(page=0, x=300, y=300, width=160, height=80),
            reason="x",
            signer_name="x",
        )

    assert "cap waktu" in raised.value.message


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the local key ------------------------------------------------------------------------


def test_a_wrong_passphrase_for_the_key_file_is_a_signing_error(issued, settings):
    pdf, _ = issued
    signer = Pkcs12Signer(settings.KENDALI_SIGNING_P12, "bukan-passphrase-ini")

    with pytest.raises(SigningError) as raised:
        signer.sign(pdf, field=SignatureBox(0, 1, 1, 10, 10), reason="x", signer_name="x")

    assert "passphrase salah" in raised.value.message


def test_a_missing_key_file_is_a_signing_error_naming_the_path(tmp_path):
    signer = Pkcs12Signer(tmp_path / "tidak-ada.p12", "apa saja")

    with pytest.raises(SigningError) as raised:
        signer.sign(b"%PDF-", field=SignatureBox(0, 1, 1, 10, 10), reason="x", signer_name="x")

    assert "belum dipasang" in raised.value.message
    assert "tidak-ada.p12" in raised.value.message


def test_the_settings_choose_the_signer(settings):
    from permits.signing.bsre import BsreClient

    assert isinstance(get_signer(), Pkcs12Signer)
    settings.KENDALI_SIGNER = "bsre"
    settings.KENDALI_BSRE_URL = "http://127.0.0.1:9"
    settings.KENDALI_BSRE_PASSPHRASE_FILE = None
    settings.KENDALI_BSRE_PASSPHRASE = "x"
    assert isinstance(get_signer(), BsreClient)


# --- a failure at numbering ------------------------------------------------------------------


class BrokenSigner:
    def sign(self, pdf, **kwargs):
        raise SigningError("Layanan TTE tidak menjawab dalam 30 detik.")


def permit_counter() -> int | None:
    from django.utils import timezone

    from permits.models import ServiceStandard

    return get_last_value(
        f"permit/{ServiceStandard.objects.current().series}/{timezone.localdate().year}"
    )


def test_a_signing_failure_at_numbering_consumes_no_number_and_says_why(
    file_at, staff, monkeypatch
):
    file_at(Status.NUMBERED)  # one permit issued before: the counter stands at 1
    before = permit_counter()
    application = file_at(Status.SIGNED)
    monkeypatch.setattr("permits.documents.permit.get_signer", lambda: BrokenSigner())

    with pytest.raises(services.TransitionError) as raised:
        services.perform_transition(
            application_id=application.pk, name="number", actor=staff[Role.BAGIAN_UMUM]
        )

    assert before == 1
    assert permit_counter() == before
    assert not Permit.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.status == Status.SIGNED
    assert "tidak dapat ditandatangani secara elektronik" in raised.value.message
    assert "tidak menjawab dalam 30 detik" in raised.value.message


def test_the_officer_sees_why_numbering_failed(client, file_at, staff, monkeypatch):
    application = file_at(Status.SIGNED)
    monkeypatch.setattr("permits.documents.permit.get_signer", lambda: BrokenSigner())
    client.force_login(staff[Role.BAGIAN_UMUM])

    response = client.post(
        reverse("transition", args=[application.pk, "number"]),
        {"expected_status": Status.SIGNED},
        follow=True,
    )

    page = response.content.decode()
    assert "tidak dapat ditandatangani secara elektronik" in page
    assert "tidak menjawab dalam 30 detik" in page
    application.refresh_from_db()
    assert application.status == Status.SIGNED


def test_issue_permit_document_wraps_signing_errors(file_at):
    application = file_at(Status.SIGNED)
    permit = Permit.objects.create(
        application=application, number="503/0777/IUPI/2026", year=2026, sequence=777,
        issued_on=application.created_at.date(),
    )  # fmt: skip

    with pytest.raises(PermitSigningError) as raised:
        issue_permit_document(permit, signer=BrokenSigner())

    assert "tidak menjawab" in str(raised.value)
    permit.refresh_from_db()
    assert not permit.pdf and not permit.pdf_sha256
