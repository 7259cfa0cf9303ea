"""Open data (/data/): non-personal statistics as a page, CSV and JSON, with Satu Data metadata.

The figures are those of files walked through the real workflow, complaints through the
complaint services and survey answers as the survey stores them; the identifier scan fills
every personal field with known values and looks for them in every page and download.
"""

import csv
import io
import json
import re
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Category, Channel, ComplaintTier, SurveyResponse
from complaints.services import ActionInput, NewComplaint
from complaints.skm import ELEMENT_CODES
from office.models import OfficeProfile
from office.roles import Role
from permits.models import Applicant, Application, Service
from public import open_data
from public.open_data_views import OPEN_DATA_REQUESTS
from tests.clock_fixtures import at
from tests.helpers import error_at
from workflow.table import Status

SLUGS = ("berkas-izin-bulanan", "skm-triwulanan", "pengaduan-bulanan")
METADATA_KEYS = {
    "kode_dataset",
    "judul",
    "deskripsi",
    "produsen_data",
    "wilayah",
    "kode_wilayah",
    "periode",
    "tanggal_awal",
    "tanggal_akhir",
    "frekuensi_pemutakhiran",
    "tanggal_pemutakhiran",
    "lisensi",
    "url_lisensi",
    "satuan",
    "sumber",
    "kontak",
    "catatan",
    "variabel",
}
PROFILE = {"gender": "P", "age_band": "31-40", "education": "s1", "occupation": "wirausaha"}


def get_json(client, slug: str, **params) -> dict:
    response = client.get(f"/data/{slug}.json", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def get_csv(client, slug: str, **params) -> tuple[list[str], list[dict]]:
    response = client.get(f"/data/{slug}.csv", params)
    assert response.status_code == 200, response.content
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would not read it as UTF-8"
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    return reader.fieldnames, list(reader)


def rows_of(payload: dict, **match) -> list[dict]:
    return [row for row in payload["data"] if all(row[k] == v for k, v in match.items())]


def one(payload: dict, **match) -> dict:
    (row,) = rows_of(payload, **match)
    return row


def answer(day: date, service: Service | None, key: str, **scores) -> SurveyResponse:
    """One survey answer as the survey stores it; every element 3 unless given."""
    zone = timezone.get_current_timezone()
    return SurveyResponse.objects.create(
        respondent_key=key,
        submitted_at=datetime.combine(day, time(10), tzinfo=zone),
        service=service,
        **PROFILE,
        **{code: scores.get(code, 3) for code in ELEMENT_CODES},
    )


# --- berkas-izin-bulanan ---------------------------------------------------------------


@pytest.fixture
def july(walk, sipb):
    """July 2026: A on time (receipt 6, number 8), B late (receipt 13, number 17: 4 working
    days), both IUPI; C registered in September and left at the counter."""
    steps = ("process", "print_draft", "initial", "sign")
    walk(
        at(2026, 7, 6, 8),
        [
            ("issue_receipt", at(2026, 7, 6, 9)),
            *((name, at(2026, 7, 7, 9 + i)) for i, name in enumerate(steps)),
            ("number", at(2026, 7, 8, 10)),
        ],
    )
    walk(
        at(2026, 7, 13, 8),
        [
            ("issue_receipt", at(2026, 7, 13, 9)),
            *((name, at(2026, 7, 16, 9 + i)) for i, name in enumerate(steps)),
            ("number", at(2026, 7, 17, 10)),
        ],
    )
    walk(at(2026, 9, 1, 8))
    return sipb


def test_files_per_month_and_service_with_every_month_so_far_and_every_service(
    client, july, travel
):
    with travel(at(2026, 10, 15, 12)):
        payload = get_json(client, "berkas-izin-bulanan")

    months = sorted({row["bulan"] for row in payload["data"]})
    assert months == [f"2026-{m:02d}-01" for m in range(1, 11)]  # up to October, zeros too
    codes = {row["kode_layanan"] for row in payload["data"]}
    assert codes == set(Service.objects.values_list("code", flat=True)) | {"semua"}
    assert len(payload["data"]) == 10 * len(codes)

    for code in ("semua", "iupi"):
        assert one(payload, bulan="2026-07-01", kode_layanan=code) | {"nama_layanan": ""} == {
            "bulan": "2026-07-01",
            "kode_layanan": code,
            "nama_layanan": "",
            "berkas_masuk": 2,
            "berkas_diterima_lengkap": 2,
            "izin_selesai": 2,
            "selesai_tepat_waktu": 1,
            "persentase_tepat_waktu": 50.0,
        }
        september = one(payload, bulan="2026-09-01", kode_layanan=code)
        assert (september["berkas_masuk"], september["berkas_diterima_lengkap"]) == (1, 0)
        assert september["persentase_tepat_waktu"] is None  # nothing ready: no share
    sipb = one(payload, bulan="2026-07-01", kode_layanan="sipb")
    assert sipb["nama_layanan"] == july.service.name
    assert (sipb["berkas_masuk"], sipb["izin_selesai"]) == (0, 0)
    january = one(payload, bulan="2026-01-01", kode_layanan="semua")
    assert january["berkas_masuk"] == january["izin_selesai"] == 0


def test_a_past_year_has_its_twelve_months_and_the_csv_the_same_figures(client, july, travel):
    with travel(at(2027, 2, 10, 12)):
        payload = get_json(client, "berkas-izin-bulanan", tahun="2026")
        names, rows = get_csv(client, "berkas-izin-bulanan", tahun="2026")

    assert sorted({row["bulan"] for row in payload["data"]})[-1] == "2026-12-01"
    assert names == [variable["nama"] for variable in payload["metadata"]["variabel"]]
    july_row = next(r for r in rows if r["bulan"] == "2026-07-01" and r["kode_layanan"] == "iupi")
    assert july_row["izin_selesai"] == "2"
    assert july_row["persentase_tepat_waktu"] == "50.00"
    empty = next(r for r in rows if r["bulan"] == "2026-01-01" and r["kode_layanan"] == "iupi")
    assert empty["persentase_tepat_waktu"] == ""


# --- skm-triwulanan ------------------------------------------------------------------


@pytest.fixture
def third_service(db):
    return Service.objects.create(
        code="siup", name="Izin Usaha Percobaan", category=Service.Category.BUSINESS
    )


def test_the_survey_per_quarter_with_small_cells_left_empty(
    client, sipb, third_service, travel, settings
):
    settings.OPEN_DATA_MIN_RESPONDENTS = 5
    iupi, sipb_service = Service.objects.get(code="iupi"), sipb.service
    # Q1: IUPI 6 (all 4 on U1), SIPB 2. SIPB is too small; the total minus IUPI would give
    # SIPB's two answers, so IUPI is left empty too.
    for i in range(6):
        answer(date(2026, 2, 2), iupi, f"q1-iupi-{i}", u1=4)
    for i in range(2):
        answer(date(2026, 3, 2), sipb_service, f"q1-sipb-{i}", u1=1)
    # Q2: IUPI 7, SIPB 5, the third service 1: the third is too small, SIPB (the smaller
    # shown) is left empty with it; IUPI stays.
    for i in range(7):
        answer(date(2026, 5, 4), iupi, f"q2-iupi-{i}", u3=2 if i < 3 else 4)
    for i in range(5):
        answer(date(2026, 6, 1), sipb_service, f"q2-sipb-{i}")
    answer(date(2026, 6, 2), third_service, "q2-third")
    # Q3: three answers in all: even the total is left empty.
    for i in range(3):
        answer(date(2026, 8, 3), iupi, f"q3-iupi-{i}")

    with travel(at(2026, 10, 15, 12)):
        payload = get_json(client, "skm-triwulanan")

    assert sorted({row["triwulan"] for row in payload["data"]}) == [1, 2, 3, 4]
    too_few = "Dikosongkan: kurang dari 5 responden."
    q1_sipb = one(payload, triwulan=1, kode_layanan="sipb")
    assert (q1_sipb["responden"], q1_sipb["nrr_u1"], q1_sipb["ikm"]) == (2, None, None)
    assert q1_sipb["keterangan"] == too_few
    q1_iupi = one(payload, triwulan=1, kode_layanan="iupi")
    assert q1_iupi["responden"] == 6 and q1_iupi["ikm"] is None
    assert q1_iupi["keterangan"].startswith("Dikosongkan agar")
    q1_all = one(payload, triwulan=1, kode_layanan="semua")
    assert q1_all["responden"] == 8
    assert q1_all["nrr_u1"] == 3.25  # (6 x 4 + 2 x 1) / 8
    assert q1_all["nrr_u2"] == 3.0
    # IKM = (3.25 + 8 x 3) / 9 x 25 = 75.694...
    assert (q1_all["ikm"], q1_all["mutu_pelayanan"], q1_all["kinerja_unit"]) == (
        75.69,
        "C",
        "Kurang Baik",
    )

    q2_iupi = one(payload, triwulan=2, kode_layanan="iupi")
    assert q2_iupi["responden"] == 7
    assert q2_iupi["nrr_u3"] == 3.143  # (3 x 2 + 4 x 4) / 7 = 3.1428...
    assert q2_iupi["keterangan"] == ""
    assert one(payload, triwulan=2, kode_layanan="sipb")["ikm"] is None
    assert one(payload, triwulan=2, kode_layanan="siup")["keterangan"] == too_few
    assert one(payload, triwulan=2, kode_layanan="semua")["responden"] == 13

    q3_all = one(payload, triwulan=3, kode_layanan="semua")
    assert (q3_all["responden"], q3_all["ikm"], q3_all["keterangan"]) == (3, None, too_few)
    q4_all = one(payload, triwulan=4, kode_layanan="semua")
    assert (q4_all["responden"], q4_all["ikm"]) == (0, None)
    assert q4_all["keterangan"] == "Belum ada responden."
    assert any("kurang dari 5 responden" in note for note in payload["metadata"]["catatan"])


def test_the_threshold_is_a_setting(client, travel, settings, db):
    iupi = Service.objects.get(code="iupi")
    for i in range(3):
        answer(date(2026, 2, 2), iupi, f"k-{i}")

    with travel(at(2026, 10, 15, 12)):
        settings.OPEN_DATA_MIN_RESPONDENTS = 5
        assert (
            one(get_json(client, "skm-triwulanan"), triwulan=1, kode_layanan="iupi")["ikm"] is None
        )
        settings.OPEN_DATA_MIN_RESPONDENTS = 3
        payload = get_json(client, "skm-triwulanan")

    assert one(payload, triwulan=1, kode_layanan="iupi")["ikm"] == 75.0
    assert any("kurang dari 3 responden" in note for note in payload["metadata"]["catatan"])


@pytest.mark.parametrize(
    ("cells", "total", "hidden"),
    [
        ({1: 10, 2: 10}, 20, set()),
        ({1: 10, 2: 4}, 14, {1, 2}),  # one small cell: the total would give it away
        ({1: 10, 2: 3, 3: 3}, 16, {2, 3}),  # two small ones together reach 5: safe
        ({1: 10, 2: 6, 3: 1}, 17, {2, 3}),  # the smaller shown one goes with the small one
        ({1: 10, 2: 2}, 16, {2}),  # 4 answers naming no service: 2 + 4 together reach 5
        ({1: 0, 2: 7}, 7, set()),
    ],
)
def test_which_cells_are_left_empty(cells, total, hidden):
    assert set(open_data.suppressed(cells, total, 5)) == hidden


# --- pengaduan-bulanan ---------------------------------------------------------------


@pytest.fixture
def officer(staff):
    return staff[Role.COMPLAINT_OFFICER]


def complaint(officer, *, received_on: date, channel=Channel.ROOM, category=Category.TIME, **kw):
    return complaint_services.submit_complaint(
        data=NewComplaint(
            category=category,
            subject="Izin belum terbit",
            description="Sudah lewat jangka waktu pelayanan.",
            name=kw.get("name", "Siti Rahmawati"),
            email=kw.get("email", "siti@contoh.co.id"),
            phone=kw.get("phone", "081234567890"),
            related_number=kw.get("related_number", ""),
            channel=channel,
            received_on=received_on,
        ),
        actor=officer,
    )


def act(officer, item, *names):
    tier = ComplaintTier.objects.get(code="simple")
    for name in names:
        complaint_services.perform_action(
            complaint_id=item.pk,
            name=name,
            actor=officer,
            data=ActionInput(
                tier_id=tier.pk,
                assignee_id=officer.pk,
                reply="Jawaban untuk pelapor.",
                note="Catatan internal petugas.",
            ),
        )


def test_complaints_per_month_by_channel_and_category_answered_and_closed(client, officer, travel):
    with travel(at(2026, 3, 2, 9)):
        quick = complaint(officer, received_on=date(2026, 3, 2))
        act(officer, quick, "verify", "assign", "answer", "close")
        complaint(officer, received_on=date(2026, 3, 2), channel=Channel.LETTER, category="fee")
        slow = complaint(officer, received_on=date(2026, 3, 2), category=Category.CONDUCT)
        act(officer, slow, "verify", "assign")
    with travel(at(2026, 4, 20, 9)):  # far past the simple tier's working days
        act(officer, slow, "answer")
    with travel(at(2026, 5, 4, 9)):
        complaint_services.submit_complaint(  # the public form: channel "web", today
            data=NewComplaint(category=Category.SUGGESTION, subject="Saran", description="Ok")
        )

    with travel(at(2026, 6, 10, 12)):
        payload = get_json(client, "pengaduan-bulanan")

    assert [row["bulan"] for row in payload["data"]] == [f"2026-{m:02d}-01" for m in range(1, 7)]
    march = one(payload, bulan="2026-03-01")
    assert march["pengaduan_diterima"] == 3
    assert (march["kanal_ruang_pengaduan"], march["kanal_surat"], march["kanal_situs_web"]) == (
        2,
        1,
        0,
    )
    assert march["kategori_waktu_penyelesaian"] == 1
    assert march["kategori_biaya"] == march["kategori_perilaku_petugas"] == 1
    assert (march["pengaduan_dijawab"], march["dijawab_tepat_waktu"]) == (1, 1)
    assert march["persentase_dijawab_tepat_waktu"] == 100.0
    assert march["pengaduan_selesai"] == 1
    april = one(payload, bulan="2026-04-01")
    assert (april["pengaduan_diterima"], april["pengaduan_dijawab"]) == (0, 1)
    assert (april["dijawab_tepat_waktu"], april["persentase_dijawab_tepat_waktu"]) == (0, 0.0)
    may = one(payload, bulan="2026-05-01")
    assert (may["kanal_situs_web"], may["kategori_saran_masukan"]) == (1, 1)
    assert one(payload, bulan="2026-02-01")["pengaduan_diterima"] == 0
    names = [variable["nama"] for variable in payload["metadata"]["variabel"]]
    assert names == list(payload["data"][0])


# --- the page, the year and the formats ------------------------------------------------


def test_the_catalogue_page_shows_each_dataset_with_its_metadata_preview_and_links(
    client, july, travel
):
    OfficeProfile.objects.update(email="dpmptsp@okikab.go.id")
    with travel(at(2026, 10, 15, 12)):
        response = client.get("/data/")

    assert response.status_code == 200
    html = response.content.decode()
    for slug in SLUGS:
        assert f'href="/data/{slug}.csv?tahun=2026"' in html
        assert f'href="/data/{slug}.json?tahun=2026"' in html
    assert html.count('class="table table-stack preview"') == 3
    assert 'data-label="Izin selesai"' in html
    assert "Kabupaten Ogan Komering Ilir (kode wilayah BPS 1602)" in html
    assert "CC BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert "dpmptsp@okikab.go.id" in html
    assert "Triwulanan" in html and "Bulanan" in html
    assert OfficeProfile.current().name in html
    # The preview of the files: every service together, month by month (January to October).
    files = response.context["datasets"][0]
    assert [row[0][1] for row in files.preview_rows] == [date(2026, m, 1) for m in range(1, 11)]
    assert [value for _column, value in files.preview_rows[6]][1:5] == [2, 2, 2, 1]


def test_every_page_links_to_the_open_data(client, db):
    assert 'href="/data/"' in client.get("/lacak/").content.decode()


def test_the_year_picker_lists_the_years_from_the_first_data_to_now(client, officer, travel):
    with travel(at(2024, 5, 6, 9)):
        complaint(officer, received_on=date(2024, 5, 6))
    with travel(at(2026, 10, 15, 12)):
        response = client.get("/data/", {"tahun": "2024"})
        payload = get_json(client, "pengaduan-bulanan", tahun="2024")

    assert response.status_code == 200
    assert [value for value, _label in response.context["form"].fields["tahun"].choices] == [
        2026,
        2025,
        2024,
    ]
    assert '<option value="2024" selected>' in response.content.decode()
    assert payload["metadata"]["periode"] == "2024"
    assert payload["metadata"]["tanggal_akhir"] == "2024-12-31"
    assert one(payload, bulan="2024-05-01")["pengaduan_diterima"] == 1


@pytest.mark.parametrize("year", ["2019", "2099", "dua ribu", "2026.5", "-1"])
def test_a_bad_year_gets_a_message_on_the_page_and_a_400_for_downloads(client, db, year, travel):
    with travel(at(2026, 10, 15, 12)):
        page = client.get("/data/", {"tahun": year})
        as_json = client.get("/data/skm-triwulanan.json", {"tahun": year})
        as_csv = client.get("/data/skm-triwulanan.csv", {"tahun": year})

    message = "Tahun tidak tersedia. Data terbuka tersedia untuk tahun 2026."
    assert page.status_code == 400
    assert error_at(page, "id_tahun") == message
    assert "Unduh CSV" not in page.content.decode()
    assert as_json.status_code == 400
    assert json.loads(as_json.content) == {"error": message}
    assert as_csv.status_code == 400
    assert as_csv.content.decode() == message


def test_no_year_is_this_year_and_an_unknown_dataset_is_404(client, db, travel):
    with travel(at(2026, 10, 15, 12)):
        payload = get_json(client, "pengaduan-bulanan")
        assert client.get("/data/tidak-ada.json").status_code == 404
        assert client.get("/data/tidak-ada.csv").status_code == 404
        assert client.get("/data/berkas-izin-bulanan.xml").status_code == 404
        assert client.post("/data/").status_code == 405
    assert payload["metadata"]["periode"] == "2026"


def test_the_csv_opens_in_a_spreadsheet(client, db, travel):
    with travel(at(2026, 10, 15, 12)):
        response = client.get("/data/skm-triwulanan.csv", {"tahun": "2026"})
        payload = get_json(client, "skm-triwulanan", tahun="2026")
        names, rows = get_csv(client, "skm-triwulanan", tahun="2026")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="skm-triwulanan-2026.csv"'
    assert names[:5] == ["triwulan", "kode_layanan", "nama_layanan", "responden", "nrr_u1"]
    assert len(rows) == len(payload["data"])


@pytest.mark.parametrize("slug", SLUGS)
def test_the_json_has_satu_data_metadata_and_typed_rows(client, db, slug, travel):
    OfficeProfile.objects.update(email="dpmptsp@okikab.go.id")
    with travel(at(2026, 10, 15, 12)):
        response = client.get(f"/data/{slug}.json")
        payload = json.loads(response.content)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(payload) == {"metadata", "data"}
    metadata = payload["metadata"]
    assert set(metadata) == METADATA_KEYS
    assert metadata["kode_dataset"] == slug
    assert metadata["produsen_data"] == OfficeProfile.current().name
    assert (metadata["wilayah"], metadata["kode_wilayah"]) == (
        "Kabupaten Ogan Komering Ilir",
        "1602",
    )
    assert (metadata["lisensi"], metadata["url_lisensi"]) == (
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/deed.id",
    )
    assert metadata["kontak"] == "dpmptsp@okikab.go.id"
    assert metadata["sumber"] == "Kendali, sistem perizinan DPMPTSP"
    assert metadata["frekuensi_pemutakhiran"] in {"Bulanan", "Triwulanan"}
    assert (metadata["tanggal_awal"], metadata["tanggal_akhir"]) == ("2026-01-01", "2026-10-15")
    assert datetime.fromisoformat(metadata["tanggal_pemutakhiran"]) == at(2026, 10, 15, 12)
    assert all(
        set(v) == {"nama", "tipe", "definisi"} and v["definisi"] for v in metadata["variabel"]
    )
    kinds = {v["nama"]: v["tipe"] for v in metadata["variabel"]}
    for row in payload["data"]:
        assert list(row) == list(kinds)
        for name, value in row.items():
            if value is None:
                continue
            expected = {
                open_data.Kind.INTEGER: int,
                open_data.Kind.DECIMAL: float,
                open_data.Kind.TEXT: str,
            }.get(kinds[name], str)
            assert type(value) is expected or (expected is float and type(value) is int), name
            if kinds[name] == open_data.Kind.DATE:
                date.fromisoformat(value)


def test_an_address_gets_its_limit_then_a_429(client, db):
    for _ in range(OPEN_DATA_REQUESTS.limit - 1):
        client.get("/data/pengaduan-bulanan.json", REMOTE_ADDR="203.0.113.7")
    assert client.get("/data/", REMOTE_ADDR="203.0.113.7").status_code == 200

    refused_page = client.get("/data/", REMOTE_ADDR="203.0.113.7")
    refused_download = client.get("/data/pengaduan-bulanan.csv", REMOTE_ADDR="203.0.113.7")

    assert refused_page.status_code == 429
    assert "Terlalu banyak percobaan" in refused_page.content.decode()
    assert refused_download.status_code == 429
    assert client.get("/data/", REMOTE_ADDR="198.51.100.23").status_code == 200


# --- what it costs -------------------------------------------------------------------


def _costs(client) -> list[int]:
    counts = []
    for url in ["/data/", *(f"/data/{slug}.{fmt}" for slug in SLUGS for fmt in ("csv", "json"))]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"tahun": "2026"}).status_code == 200
        counts.append(len(captured))
    return counts


def test_every_page_and_download_costs_the_same_with_2_and_20_files(client, file_at, officer):
    def add(n: int, start: int):
        for i in range(start, start + n):
            file_at(Status.NUMBERED if i % 3 == 0 else Status.RECEIPTED)
            item = complaint(officer, received_on=timezone.localdate())
            if i % 2:
                act(officer, item, "verify", "assign", "answer", "close")
            answer(timezone.localdate(), Service.objects.get(code="iupi"), f"cost-{i}")

    add(2, 0)
    before = _costs(client)
    add(18, 2)

    assert _costs(client) == before
    # The page: throttle 2, years 3, catalog 1, office 2 (one for the menu), figures 6 (two
    # for the survey: its monthly figures, and the answers of this month so far).
    assert max(before) <= 14


# --- nothing personal ----------------------------------------------------------------

NAME = "Rusdiana Kartikasari"
NIK = "1602014407880005"
NPWP = "093458712306000"
EMAIL = "rusdiana.kartika@surel.co.id"
PHONE = "+62 812-7788-9900"
COMPLAINANT = "Hendra Gunawan Saputra"
COMPLAINANT_EMAIL = "hendra.saputra@posku.id"
COMPLAINANT_PHONE = "+6281377889911"
OFFICE_EMAIL = "dpmptsp@okikab.go.id"

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
E_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
INDONESIAN_PHONE = re.compile(
    r"(?<![\w+])(?:\+62|62|0)[\s-]?8\d{1,3}[\s.-]?\d{3,4}[\s.-]?\d{2,5}(?!\d)"
)


@pytest.fixture
def personal_world(file_at, officer, staff):
    """Files, a complaint and survey answers full of known personal data."""
    OfficeProfile.objects.update(email=OFFICE_EMAIL)
    files = [file_at(Status.HANDED_OVER), file_at(Status.NUMBERED), file_at(Status.RECEIPTED)]
    Applicant.objects.filter(applications__in=files).update(
        name=NAME, nik=NIK, npwp=NPWP, email=EMAIL, phone=PHONE, whatsapp_number=PHONE
    )
    files = list(Application.objects.filter(pk__in=[f.pk for f in files]))
    item = complaint(
        officer,
        received_on=timezone.localdate(),
        name=COMPLAINANT,
        email=COMPLAINANT_EMAIL,
        phone=COMPLAINANT_PHONE,
        related_number=files[0].registration_number,
    )
    act(officer, item, "verify", "assign", "answer")
    complaint_services.submit_survey(
        application=files[0],
        profile=PROFILE,
        scores=dict.fromkeys(ELEMENT_CODES, 4),
        suggestion=f"Terima kasih, saya {NAME}, NIK {NIK}.",
    )
    iupi = files[0].standard.service
    for i in range(6):  # enough answers for the figures to be shown, not left empty
        answer(timezone.localdate(), iupi, f"scan-{i}")
    permit = files[0].permit
    secrets = [
        NAME,
        NIK,
        NPWP,
        EMAIL,
        PHONE,
        PHONE.replace(" ", "").replace("-", ""),
        COMPLAINANT,
        COMPLAINANT_EMAIL,
        COMPLAINANT_PHONE,
        item.ticket,
        permit.number,
        permit.verification_code,
        "Ahmad Fauzi",  # the handover's recipient
        *(user.get_full_name() for user in staff.values()),
        *(user.username for user in staff.values()),
    ]
    for application in files:
        secrets += [application.registration_number, application.tracking_code, application.nib]
        secrets += [application.company_name]
    return secrets


def test_no_page_or_download_holds_anything_personal(client, personal_world):
    years = open_data.available_years(timezone.localdate())
    bodies = {}
    for year in years:
        bodies[f"/data/?tahun={year}"] = client.get("/data/", {"tahun": year})
        for slug in SLUGS:
            for fmt in ("csv", "json"):
                url = f"/data/{slug}.{fmt}"
                bodies[f"{url}?tahun={year}"] = client.get(url, {"tahun": year})
    assert len(bodies) == 7 * len(years)

    figures = json.loads(bodies[f"/data/skm-triwulanan.json?tahun={years[0]}"].content)
    assert any(row["ikm"] for row in figures["data"]), "the scan should see real figures"
    assert figures["metadata"]["kontak"] == OFFICE_EMAIL  # the one address allowed below
    for url, response in bodies.items():
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        lowered = text.lower()
        for secret in personal_world:
            assert secret and secret.lower() not in lowered, (url, secret)
        assert SIXTEEN_DIGITS.findall(text) == [], url
        assert set(E_MAIL.findall(text)) <= {OFFICE_EMAIL}, url
        assert INDONESIAN_PHONE.findall(text) == [], url


def test_the_scans_would_see_an_identifier():
    text = f"x {NIK} y {COMPLAINANT_EMAIL} z {PHONE} w 0812 3456 7890 v 081234567890"
    assert SIXTEEN_DIGITS.findall(text) == [NIK]
    assert E_MAIL.findall(text) == [COMPLAINANT_EMAIL]
    assert len(INDONESIAN_PHONE.findall(text)) == 3
    assert INDONESIAN_PHONE.findall("2026-08-01, 0, 8, 12.5, 2026-10-15T08:12:00+07:00") == []
