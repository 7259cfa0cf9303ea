"""Property-based tests (hypothesis): no input, however odd, makes a server error.

The identifier validators either return the compact number or raise Django's
ValidationError with an Indonesian message; numbers built by their published
rules always pass; normalising twice changes nothing. The intake form and every
public form answer arbitrary input with a page (or a redirect), never a 5xx, and
a refused intake writes neither a file record nor a stored scan.

Examples are kept few (see SETTINGS) so the suite stays quick; the hypothesis
example database is off so that runs leave nothing in the working tree.
"""

import io
import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from stdnum import luhn, numdb

from complaints.models import Complaint, SurveyResponse
from complaints.skm import ELEMENTS
from office.roles import Role
from permits import validators
from permits.forms.intake import ApplicantForm, ApplicationForm, IntakeForm
from permits.models import Application, KeptUpload, ServiceStandard
from permits.sample import SAMPLE_PDF
from tests.helpers import valid_post
from tests.images import small_jpeg, small_png
from workflow.table import Status


def examples(count: int, **extra) -> hypothesis_settings:
    return hypothesis_settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        **extra,
    )


# --- strategies ----------------------------------------------------------------------

# Text a clerk or a bot could send: any unicode, control characters, digits of other
# scripts ("١", "²", "１" all pass str.isdigit()), and very long strings.
ODD_DIGITS = "0123456789 .-\t\n\x00²³¹١٢٣١٠４５６０１⁰₀"
long_text = st.builds(
    lambda piece, times: piece * times,
    st.text(min_size=1, max_size=4),
    st.integers(min_value=100, max_value=20_000),
)
arbitrary_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x9F)),  # ASCII and C0/C1 controls
    st.text(alphabet=ODD_DIGITS, max_size=20),
    long_text,
)

SEPARATORS = st.sampled_from(["", "", " ", ".", "-"])


def typed(digits: str, separators: list[str]) -> str:
    """The digits as a person might type them, with spaces, dots or dashes between."""
    return (
        "".join(d + s for d, s in zip(digits, separators, strict=False)) + digits[len(separators) :]
    )


def with_separators(numbers: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    """(compact number, the same number as typed)."""
    return numbers.flatmap(
        lambda digits: st.tuples(
            st.just(digits),
            st.lists(SEPARATORS, max_size=len(digits) - 1).map(lambda seps: typed(digits, seps)),
        )
    )


def digit_string(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


# Provinces python-stdnum knows (the first two digits of a NIK).
PROVINCES = [
    f"{code:02d}" for code in range(100) if numdb.get("id/loc").info(f"{code:02d}00")[0][1]
]


@st.composite
def niks(draw) -> str:
    """PPRRSS DDMMYY XXXX: a known province, a real birth date (+40 on the day for women)."""
    born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2019, 12, 31)))
    day = born.day + (40 if draw(st.booleans()) else 0)
    return (
        draw(st.sampled_from(PROVINCES))
        + draw(digit_string(4))
        + f"{day:02d}{born.month:02d}{born.year % 100:02d}"
        + draw(digit_string(4))
    )


@st.composite
def old_npwps(draw) -> str:
    """The 15-digit NPWP: 8 digits, a Luhn check digit over them, office and branch."""
    head = draw(digit_string(8))
    return head + luhn.calc_check_digit(head) + draw(digit_string(6))


npwps = st.one_of(old_npwps(), old_npwps().map(lambda n: "0" + n), niks())
nibs = digit_string(13)
kblis = st.builds(
    lambda division, rest: f"{division:02d}{rest}",
    st.integers(min_value=10, max_value=33),
    digit_string(3),
)

NORMALIZERS = {
    "NIK": (validators.normalize_nik, niks(), 16),
    "NPWP": (validators.normalize_npwp, npwps, None),
    "NIB": (validators.normalize_nib, nibs, 13),
    "KBLI": (validators.normalize_kbli, kblis, 5),
}
ENGLISH = re.compile(
    r"\b(this field|enter a|ensure|select a valid|is required|must be|invalid|"
    r"characters|number|value)\b",
    re.I,
)


def assert_indonesian(messages) -> None:
    for message in messages:
        assert message.strip(), "an empty error message"
        assert not ENGLISH.search(message), f"English error message: {message!r}"


# --- validators --------------------------------------------------------------------------


@pytest.mark.parametrize("label", NORMALIZERS)
@examples(300)
@given(value=arbitrary_text)
# Regressions: "²" passed str.isdigit() and then crashed int() (a 500 on the intake form);
# Arabic-Indic digits were accepted and stored as they were.
@example(value="²²²²²")
@example(value="١٠٤٣١")
@example(value="١" * 13)
@example(value="１０４３１")
@example(value="\x00" * 16)
def test_a_validator_returns_compact_ascii_digits_or_an_indonesian_validation_error(label, value):
    normalize, _, length = NORMALIZERS[label]
    try:
        compact = normalize(value)
    except ValidationError as error:
        assert_indonesian(error.messages)
        assert any(label in message for message in error.messages)
        return
    assert re.fullmatch(r"[0-9]+", compact)
    assert length is None or len(compact) == length
    assert normalize(compact) == compact  # idempotent


@pytest.mark.parametrize("label", NORMALIZERS)
@examples(150)
@given(data=st.data())
def test_a_number_built_by_its_rules_passes_however_it_is_typed(label, data):
    normalize, numbers, _ = NORMALIZERS[label]
    compact, as_typed = data.draw(with_separators(numbers))

    assert normalize(compact) == compact
    assert normalize(as_typed) == compact
    assert normalize(f"  {as_typed}  ") == compact


@examples(100)
@given(number=old_npwps())
def test_an_old_npwp_in_its_dotted_form_reads_back_as_the_same_number(number):
    dotted = validators.format_npwp(number)

    assert re.fullmatch(r"\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}", dotted)
    assert validators.normalize_npwp(dotted) == number


@examples(100)
@given(number=old_npwps(), position=st.integers(min_value=0, max_value=8), shift=st.integers(1, 9))
def test_changing_one_digit_of_an_old_npwp_breaks_its_check_digit(number, position, shift):
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]

    with pytest.raises(ValidationError):
        validators.normalize_npwp(wrong)


@examples(300)
@given(value=arbitrary_text)
@example(value="ı1234567")  # "ı".upper() is "I"
@example(value="ß123456")  # "ß".upper() is "SS"
@example(value="１２３４５６７")
def test_a_passport_number_is_capital_ascii_letters_and_digits_or_an_indonesian_error(value):
    try:
        compact = validators.normalize_passport(value)
    except ValidationError as error:
        assert_indonesian(error.messages)
        assert all("paspor" in message for message in error.messages)
        return
    assert re.fullmatch(r"[A-Z0-9]{6,12}", compact)
    assert validators.normalize_passport(compact) == compact
    assert validators.normalize_passport(value.lower()) == compact


@examples(300)
@given(
    value=st.one_of(
        arbitrary_text,
        st.text(alphabet=st.characters(categories=["Cf", "Zl", "Zp", "Cc"]), min_size=1),
    )
)
def test_free_text_is_refused_exactly_when_it_hides_a_character(value):
    hidden = [
        c
        for c in value
        if unicodedata.category(c) in {"Cf", "Zl", "Zp"}
        or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\x00")
    ]
    try:
        validators.validate_visible_text(value)
    except ValidationError as error:
        assert hidden
        assert_indonesian(error.messages)
        assert f"U+{ord(min(hidden)):04X}" in error.messages[0]
        return
    assert not hidden


def file_name(name: str) -> str:
    """A name SimpleUploadedFile accepts; the validator never looks at it."""
    base = Path(name.replace("\x00", "")).name
    return base if base not in {"", ".", ".."} else "berkas"


# Real files: an image must also be readable (and its pixels counted) to be accepted.
# Bytes after the end of an image are not read, so any tail keeps it what it is.
MAGIC = {
    "pdf": SAMPLE_PDF[:64],
    "png": small_png(),
    "jpg": small_jpeg(),
}


@examples(150)
@given(name=st.text(max_size=300), content=st.binary(max_size=4096))
@example(name="ktp.pdf", content=b"")
@example(name="", content=b"%PDF")
def test_an_upload_is_accepted_by_its_content_or_refused_in_indonesian(name, content):
    uploaded = SimpleUploadedFile(file_name(name), content)
    try:
        extension = validators.validate_upload(uploaded)
    except ValidationError as error:
        assert_indonesian(error.messages)
        return
    assert extension in validators.ALLOWED_UPLOADS.values()


@examples(60)
@given(
    kind=st.sampled_from(sorted(MAGIC)), tail=st.binary(max_size=2048), name=st.text(max_size=50)
)
def test_a_known_file_type_is_recognised_whatever_its_name(kind, tail, name):
    uploaded = SimpleUploadedFile(file_name(name), MAGIC[kind] + tail)

    assert validators.validate_upload(uploaded) == kind


# --- the intake form ------------------------------------------------------------------

INTAKE_FIELDS = sorted(
    [f"applicant-{name}" for name in ApplicantForm.base_fields]
    + [f"company-{name}" for name in ApplicationForm.base_fields]
)
field_values = st.one_of(
    arbitrary_text,
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.sampled_from(["", " ", "0", "-1", "1e999999", "9" * 5000, "NaN", "on", "2099-12-31"]),
)
# None: the key is left out; a list: the key is sent several times.
posted_values = st.one_of(st.none(), field_values, st.lists(field_values, min_size=0, max_size=3))


def query_dict(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, value in data.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result


def mutated(field: str, value) -> dict:
    data = valid_post()
    data.pop(field, None)
    if value is not None:
        data[field] = value
    return data


@pytest.mark.django_db
@examples(100)
@given(field=st.sampled_from(INTAKE_FIELDS), value=posted_values)
@example(field="company-kbli_code", value="²²²²²")  # was a 500 (ValueError in int())
@example(field="company-nib", value="١" * 13)
@example(field="company-investment_value", value="1e999999")
@example(field="company-workers_id_men", value="9" * 5000)
@example(field="applicant-kswp_checked_on", value="99999-01-01")
def test_the_intake_form_answers_any_one_field_with_a_bool_and_indonesian_field_errors(
    field, value
):
    standard = ServiceStandard.objects.current()
    requirements = list(standard.requirements.filter(active=True))
    form = IntakeForm(
        query_dict(mutated(field, value)),
        standard=standard,
        requirements=requirements,
        officer=None,
    )

    valid = form.is_valid()

    assert isinstance(valid, bool)
    if valid:
        return
    assert form.error_count > 0
    for part in form.parts:
        for name, messages in part.errors.items():
            assert name in part.fields, f"an error not attached to a field: {name}"
            assert_indonesian(messages)


@pytest.mark.django_db
@examples(60)
@given(
    data=st.dictionaries(
        st.one_of(st.sampled_from(INTAKE_FIELDS), st.text(max_size=30)), posted_values
    )
)
def test_the_intake_form_answers_arbitrary_data_without_an_exception(data):
    requirements = list(ServiceStandard.objects.current().requirements.filter(active=True))
    data = {key: value for key, value in data.items() if value is not None}
    form = IntakeForm(
        query_dict(data),
        standard=ServiceStandard.objects.current(),
        requirements=requirements,
        officer=None,
    )

    assert form.is_valid() in (True, False)
    for part in form.parts:
        for messages in part.errors.values():
            assert_indonesian(messages)


# --- the intake view -------------------------------------------------------------------


def stored_files() -> set[Path]:
    return {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.fixture
def fo_client(client, staff):
    client.force_login(staff[Role.FO])
    return client


class Upload(io.BytesIO):
    """A file to post under any name at all (the test client sends only its basename)."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name

    def __repr__(self) -> str:
        return f"Upload({self.name!r}, {self.getvalue()[:40]!r}...)"


upload_contents = st.one_of(
    st.binary(max_size=2048),
    st.sampled_from(sorted(MAGIC)).flatmap(
        lambda kind: st.binary(max_size=512).map(lambda tail: MAGIC[kind] + tail)
    ),
)
# A pair, so each request gets a fresh file to read.
uploads = st.tuples(st.text(max_size=120), upload_contents)


def with_files(data: dict) -> dict:
    return {
        key: Upload(*value) if isinstance(value, tuple) else value for key, value in data.items()
    }


def post_intake(client, data: dict):
    """POST and check what a refusal may leave behind: only the accepted scans it keeps for
    the form (issue 13, item 17), each named by a KeptUpload row; nothing else."""
    applications, files = Application.objects.count(), stored_files()
    response = client.post(reverse("intake_service", args=["iupi"]), with_files(data))
    event(f"status {response.status_code}")  # --hypothesis-show-statistics shows the mix
    assert response.status_code < 500
    if response.status_code == 302:
        assert Application.objects.count() == applications + 1
    else:
        assert Application.objects.count() == applications
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        kept = {root / name for name in KeptUpload.objects.values_list("file", flat=True)}
        assert stored_files() - files <= kept
    return response


@examples(50)
@given(field=st.sampled_from(INTAKE_FIELDS), value=posted_values)
@example(field="company-kbli_code", value="²²²²²")  # was a 500
def test_the_intake_page_never_fails_on_one_odd_field(fo_client, field, value):
    post_intake(fo_client, mutated(field, value))


@examples(50)
@given(
    extra=st.dictionaries(
        st.one_of(st.sampled_from([*INTAKE_FIELDS, "intake_token"]), st.text(max_size=30)),
        posted_values,
        max_size=8,
    ),
    drop=st.lists(st.sampled_from(INTAKE_FIELDS), max_size=5),
)
def test_the_intake_page_never_fails_on_arbitrary_post_data(fo_client, extra, drop):
    data = valid_post()
    for name in drop:
        data.pop(name, None)
    data.update({key: value for key, value in extra.items() if value is not None})
    post_intake(fo_client, data)


@examples(50)
@given(scan=uploads, broken=st.booleans())
def test_the_intake_page_never_fails_on_an_odd_upload_and_keeps_only_accepted_scans(
    fo_client, scan, broken
):
    requirement = ServiceStandard.objects.current().requirements.filter(active=True).first()
    # `broken`: the rest of the form is invalid too; a scan that passed its checks is kept for
    # the form (named by a KeptUpload row), anything else leaves nothing.
    data = valid_post(**({"company-nib": "salah"} if broken else {}))
    data[f"req-{requirement.pk}-scan"] = scan
    response = post_intake(fo_client, data)
    if broken:
        assert response.status_code != 302


# --- the public forms -------------------------------------------------------------------

public_data = st.dictionaries(
    st.one_of(
        st.sampled_from(
            [
                "no",
                "kode",
                "tiket",
                "name",
                "email",
                "phone",
                "category",
                "subject",
                "description",
                "anonymous",
                "confidential",
                "related_number",
                "situs_web",
                "gender",
                "age_band",
                "education",
                "occupation",
                "suggestion",
                *(element.code for element in ELEMENTS),
            ]
        ),
        st.text(max_size=20),
    ),
    posted_values,
    max_size=12,
).map(lambda data: {key: value for key, value in data.items() if value is not None})


def no_server_error(response) -> None:
    event(f"{response.request['PATH_INFO'][:12]} {response.status_code}")
    assert response.status_code < 500, response.status_code


@pytest.fixture
def handed_over(file_at):
    return file_at(Status.HANDED_OVER)


@pytest.mark.django_db
@examples(50)
@given(data=public_data, document=st.one_of(st.none(), uploads), real=st.booleans())
def test_the_tracking_and_download_pages_never_fail(client, handed_over, data, document, real):
    cache.clear()  # each example starts under the look-up limits
    if real:  # the right pair, so the page goes past the look-up
        data = {**data, "no": handed_over.registration_number, "kode": handed_over.tracking_code}
    if document is not None:
        data = {**data, "document": document}
    no_server_error(client.post("/lacak/", with_files(data)))
    no_server_error(client.get("/lacak/", {k: v for k, v in data.items() if k != "document"}))
    no_server_error(client.post("/lacak/unduh/", with_files(data)))


@pytest.mark.django_db
@examples(50)
@given(code=st.text(min_size=1, max_size=60), document=st.one_of(st.none(), uploads))
def test_the_verification_page_never_fails(client, handed_over, code, document):
    cache.clear()
    verification_code = handed_over.permit.verification_code
    for path_code in (code, verification_code):
        url = f"/verifikasi/{quote(path_code, safe='')}/"
        no_server_error(client.get(url))
        data = {"document": Upload(*document)} if document is not None else {}
        no_server_error(client.post(url, data))


COMPLAINT = {
    "name": "Siti Rahmawati",
    "email": "siti@contoh.co.id",
    "phone": "0812 3456 7890",
    "related_number": "",
    "category": "time",
    "subject": "Izin belum terbit",
    "description": "Sudah lewat jangka waktu pelayanan.",
    "situs_web": "",
}
SURVEY = {
    "gender": "P",
    "age_band": "31-40",
    "education": "s1",
    "occupation": "wirausaha",
    "suggestion": "",
    "situs_web": "",
    **{element.code: "3" for element in ELEMENTS},
}


def one_to_three_changed(base: dict) -> st.SearchStrategy[dict]:
    """A valid submission with a few fields replaced, sent twice or left out."""
    return st.dictionaries(st.sampled_from(sorted(base)), posted_values, max_size=3).map(
        lambda changes: {
            key: value
            for key, value in {**base, **changes}.items()
            if not (key in changes and value is None)
        }
    )


@pytest.mark.django_db
@examples(60)
@given(
    data=st.one_of(public_data, one_to_three_changed(COMPLAINT)),
    attachment=st.one_of(st.none(), uploads),
)
def test_the_complaint_form_and_status_page_never_fail(client, data, attachment):
    cache.clear()
    complaints, files = Complaint.objects.count(), stored_files()
    posted = {**data, "attachment": attachment} if attachment is not None else data
    response = client.post("/pengaduan/", with_files(posted))
    no_server_error(response)
    if response.status_code != 302:  # refused: nothing recorded, no attachment kept
        assert Complaint.objects.count() == complaints
        assert stored_files() == files
    no_server_error(client.post("/pengaduan/status/", data))
    no_server_error(client.get("/pengaduan/status/", data))


@pytest.mark.django_db
@examples(50)
@given(data=st.one_of(public_data, one_to_three_changed(SURVEY)), real=st.booleans())
def test_the_survey_never_fails(client, handed_over, data, real):
    cache.clear()
    SurveyResponse.objects.all().delete()  # so each example reaches the answers
    if real:
        data = {**data, "no": handed_over.registration_number, "kode": handed_over.tracking_code}
    no_server_error(client.post("/survei/", data))
    no_server_error(client.get("/survei/", {k: v for k, v in data.items() if k in ("no", "kode")}))
