"""The BSrE-style esign client, against a fake of the service on loopback (fakes.py)."""

import base64
import io
import random

import pytest
from pypdf import PdfReader

from office.models import OfficeProfile
from office.roles import Role
from permits.sample import walk_to
from permits.signing import SignatureBox, SigningError, get_signer
from permits.signing.bsre import BsreClient
from permits.signing.validation import INTACT, check_pdf_signature
from tests.conftest import PASSWORD, make_user
from tests.signing.fakes import CLIENT_ID, CLIENT_SECRET, NIK, PASSPHRASE
from workflow.table import Status

BOX = SignatureBox(page=-1, x=311.8, y=152.4, width=167.2, height=79.4)


@pytest.fixture(scope="module")
def unsigned_pdf():
    """A small multi-page PDF to send (WeasyPrint, no database)."""
    from weasyprint import HTML

    pages = "".join(f"<p style='break-after: page'>Halaman {i}</p>" for i in range(1, 4))
    return HTML(string=f"<html><body>{pages}</body></html>").write_pdf()


def client_for(esign, **overrides) -> BsreClient:
    options = {
        "nik": NIK,
        "passphrase": PASSPHRASE,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "timeout": 5,
        **overrides,
    }
    return BsreClient(esign.url, **options)


def sign(client: BsreClient, pdf: bytes) -> bytes:
    return client.sign(
        pdf, field=BOX, reason="Penetapan izin", signer_name="Kepala Dinas", location="Kayuagung"
    )


def test_the_service_signs_and_the_result_validates(esign, unsigned_pdf):
    signed = sign(client_for(esign), unsigned_pdf)

    check = check_pdf_signature(signed)
    assert signed.startswith(unsigned_pdf)
    assert check.verdict == INTACT and check.trusted


def test_the_request_carries_nik_passphrase_credentials_and_the_box(esign, unsigned_pdf):
    sign(client_for(esign), unsigned_pdf)

    (request,) = esign.requests
    body = request["body"]
    assert request["path"] == "/api/v2/sign/pdf"
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert request["headers"]["Authorization"] == f"Basic {expected}"
    assert body["nik"] == NIK and body["passphrase"] == PASSPHRASE
    assert base64.b64decode(body["file"][0]) == unsigned_pdf
    assert body["signatureProperties"] == [
        {
            "tampilan": "VISIBLE",
            "page": 3,  # the last of three pages, counted from 1
            "originX": 311.8,
            "originY": 152.4,
            "width": 167.2,
            "height": 79.4,
            "reason": "Penetapan izin",
            "location": "Kayuagung",
        }
    ]


def test_the_signature_lands_where_it_was_asked_for(esign, unsigned_pdf):
    signed = sign(client_for(esign), unsigned_pdf)

    last = PdfReader(io.BytesIO(signed)).pages[-1]
    (widget,) = [a.get_object() for a in last["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    assert [round(float(v)) for v in widget["/Rect"]] == [312, 152, 479, 232]


def test_a_wrong_passphrase_is_reported_as_such(esign, unsigned_pdf):
    with pytest.raises(SigningError) as raised:
        sign(client_for(esign, passphrase="salah"), unsigned_pdf)

    assert "NIK atau passphrase" in raised.value.message
    assert "Passphrase anda salah" in raised.value.message


def test_a_server_error_asks_to_try_again(esign, unsigned_pdf):
    esign.mode = "500"

    with pytest.raises(SigningError) as raised:
        sign(client_for(esign), unsigned_pdf)

    assert "HTTP 500" in raised.value.message
    assert "Coba lagi" in raised.value.message


def test_refused_client_credentials_are_a_4xx_refusal(esign, unsigned_pdf):
    with pytest.raises(SigningError) as raised:
        sign(client_for(esign, client_secret="salah"), unsigned_pdf)

    assert "HTTP 403" in raised.value.message
    assert "Klien tidak dikenal" in raised.value.message


def test_a_service_that_does_not_answer_in_time_is_a_time_out(esign, unsigned_pdf):
    esign.mode = "sleep"
    esign.sleep_seconds = 1.5

    with pytest.raises(SigningError) as raised:
        sign(client_for(esign, timeout=0.3), unsigned_pdf)

    assert "tidak menjawab dalam 0.3 detik" in raised.value.message


def test_a_garbage_answer_is_not_taken_for_a_signature(esign, unsigned_pdf):
    esign.mode = "garbage"

    with pytest.raises(SigningError) as raised:
        sign(client_for(esign), unsigned_pdf)

    assert "tidak dapat dibaca" in raised.value.message


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("not_pdf", "bukan PDF"),
        ("other_pdf", "berbeda dari dokumen yang dikirim"),
        ("unsigned", "tidak ada tanda tangan"),
    ],
)
def test_an_answer_that_is_not_our_document_signed_is_refused(esign, unsigned_pdf, mode, why):
    esign.mode = mode

    with pytest.raises(SigningError) as raised:
        sign(client_for(esign), unsigned_pdf)

    assert why in raised.value.message


def test_an_unreachable_service_says_so(unsigned_pdf):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = BsreClient(f"http://127.0.0.1:{port}", nik=NIK, passphrase=PASSPHRASE)

    with pytest.raises(SigningError) as raised:
        sign(client, unsigned_pdf)

    assert "tidak dapat dihubungi" in raised.value.message


def test_missing_settings_are_reported_before_calling(unsigned_pdf):
    with pytest.raises(SigningError) as raised:
        sign(BsreClient("", nik=NIK, passphrase=PASSPHRASE), unsigned_pdf)

    assert "belum diatur" in raised.value.message


@pytest.mark.django_db
def test_numbering_signs_through_the_service_when_configured(esign, settings, tmp_path):
    passphrase_file = tmp_path / "bsre-passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    settings.KENDALI_SIGNER = "bsre"
    settings.KENDALI_BSRE_URL = esign.url
    settings.KENDALI_BSRE_NIK = NIK
    settings.KENDALI_BSRE_PASSPHRASE = None
    settings.KENDALI_BSRE_PASSPHRASE_FILE = str(passphrase_file)
    settings.KENDALI_BSRE_CLIENT_ID = CLIENT_ID
    settings.KENDALI_BSRE_CLIENT_SECRET = CLIENT_SECRET
    assert isinstance(get_signer(), BsreClient)
    office = OfficeProfile.current()
    office.head_name = "Kepala Uji"
    office.save()
    staff = {role: make_user(f"bsre_{role.value}", role) for role in Role}

    application = walk_to(
        Status.NUMBERED, staff=staff, password=PASSWORD, rng=random.Random(3), index=3
    )

    permit = application.permit
    with permit.pdf.open("rb") as handle:
        stored = handle.read()
    (request,) = esign.requests
    assert request["body"]["signatureProperties"][0]["page"] == len(
        PdfReader(io.BytesIO(stored)).pages
    )
    assert check_pdf_signature(stored).is_valid
