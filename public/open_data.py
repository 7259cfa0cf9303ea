"""Open data (data terbuka): the office's statistics without anything personal in them.

Three datasets of a year, each with metadata in the Satu Data Indonesia style (title,
producer, region, period, variables and their definitions, update frequency, licence):

- `berkas-izin-bulanan`: files received, receipted, permits ready and ready on time, per
  month and service, from the pre-counted figures (tracking.tallies, ADR 0005);
- `skm-triwulanan`: the satisfaction survey (complaints.skm) per quarter and service: the
  respondents, the NRR of each element, the IKM and its category; cells with fewer than
  settings.OPEN_DATA_MIN_RESPONDENTS respondents are left empty (`suppressed`);
- `pengaduan-bulanan`: complaints received per channel and category, answered (within the
  time limit or not) and closed, per month.

Every row is a count or an average over a group; no column names a file, a person or a
complaint. Each dataset is read in one to three grouped queries whatever the number of
files, answers or complaints (plus one for the service catalog, shared).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from complaints import skm, survey_figures
from complaints.models import Category, Channel, Complaint, SurveyResponse
from complaints.periods import period_bounds
from complaints.workflow import ComplaintStatus
from office.models import OfficeProfile
from permits.models import Service
from tracking.models import Tally
from tracking.tallies import ALL_SERVICES, OFFICE, Metric, month_of, period_q

WILAYAH = "Kabupaten Ogan Komering Ilir"
KODE_WILAYAH = "1602"  # BPS: Provinsi Sumatera Selatan (16), Kabupaten Ogan Komering Ilir (02)
LISENSI = "CC BY 4.0"
URL_LISENSI = "https://creativecommons.org/licenses/by/4.0/deed.id"
SUMBER = "Kendali, sistem perizinan DPMPTSP"
MONTHLY = "Bulanan"
QUARTERLY = "Triwulanan"

ALL_CODE = "semua"  # kode_layanan of the rows of every service together
ALL_NAME = "Semua layanan"


class Kind:
    """A variable's type, as the metadata names it."""

    INTEGER = "bilangan bulat"
    DECIMAL = "bilangan desimal"
    TEXT = "teks"
    DATE = "tanggal (YYYY-MM-DD)"


@dataclass(frozen=True)
class Variable:
    name: str  # the column of the CSV, the key of the JSON
    kind: str
    definition: str
    label: str = ""  # the column heading of the page's preview
    title: str = ""  # what a short heading stands for (shown on hover)
    places: int = 2  # decimals shown on the page (a bilangan desimal)

    @property
    def heading(self) -> str:
        return self.label or self.name

    @property
    def long_heading(self) -> str:
        """The heading with what it stands for, where a card on a phone has the room."""
        return f"{self.heading} {self.title}" if self.title else self.heading


@dataclass(frozen=True)
class Period:
    year: int
    start: date
    end: date  # 31 December, or today in the current year

    @property
    def months(self) -> list[date]:
        months, current = [], month_of(self.start)
        while current <= self.end:
            months.append(current)
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        return months

    @property
    def quarters(self) -> list[int]:
        return list(range(1, (self.end.month - 1) // 3 + 2))


def period_of(year: int, today: date) -> Period:
    end = date(year, 12, 31)
    return Period(year=year, start=date(year, 1, 1), end=min(end, today))


@dataclass(frozen=True)
class ServiceRef:
    pk: int
    code: str
    name: str


@dataclass
class Dataset:
    slug: str
    judul: str
    deskripsi: str
    frekuensi: str
    satuan: str
    variables: tuple[Variable, ...]
    rows: list[dict]
    period: Period
    produsen: str
    kontak: str
    updated_at: datetime
    catatan: tuple[str, ...] = ()
    # The page's preview: these columns of the rows `preview_where` keeps.
    preview_names: tuple[str, ...] = ()
    preview_where: Callable[[dict], bool] = field(default=lambda row: True)
    preview_note: str = ""

    @property
    def names(self) -> list[str]:
        return [variable.name for variable in self.variables]

    def metadata(self) -> dict:
        """The metadata, in the Satu Data Indonesia style (Indonesian keys)."""
        return {
            "kode_dataset": self.slug,
            "judul": self.judul,
            "deskripsi": self.deskripsi,
            "produsen_data": self.produsen,
            "wilayah": WILAYAH,
            "kode_wilayah": KODE_WILAYAH,
            "periode": str(self.period.year),
            "tanggal_awal": self.period.start,
            "tanggal_akhir": self.period.end,
            "frekuensi_pemutakhiran": self.frekuensi,
            "tanggal_pemutakhiran": timezone.localtime(self.updated_at).replace(microsecond=0),
            "lisensi": LISENSI,
            "url_lisensi": URL_LISENSI,
            "satuan": self.satuan,
            "sumber": SUMBER,
            "kontak": self.kontak,
            "catatan": list(self.catatan),
            "variabel": [
                {"nama": v.name, "tipe": v.kind, "definisi": v.definition} for v in self.variables
            ],
        }

    @property
    def preview_columns(self) -> list[Variable]:
        chosen = self.preview_names or tuple(self.names)
        by_name = {variable.name: variable for variable in self.variables}
        return [by_name[name] for name in chosen]

    @property
    def preview_rows(self) -> list[list[tuple[Variable, object]]]:
        columns = self.preview_columns
        return [
            [(column, row[column.name]) for column in columns]
            for row in self.rows
            if self.preview_where(row)
        ]


@dataclass(frozen=True)
class Context:
    """What every dataset of one request shares: the period, the catalog, the office."""

    period: Period
    services: tuple[ServiceRef, ...]
    office: OfficeProfile
    now: datetime


def services() -> tuple[ServiceRef, ...]:
    """Every service of the catalog, active or not (old files count too), in one query."""
    rows = Service.objects.order_by("name", "pk").values_list("pk", "code", "name")
    return tuple(ServiceRef(*row) for row in rows)


def _with_all(catalog: Iterable[ServiceRef]) -> list[ServiceRef]:
    return [ServiceRef(ALL_SERVICES, ALL_CODE, ALL_NAME), *catalog]


def _share(part: int, whole: int) -> Decimal | None:
    return skm.rounded(Decimal(part * 100) / whole) if whole else None


def _base(context: Context, **fields) -> Dataset:
    return Dataset(
        period=context.period,
        produsen=context.office.name,
        kontak=context.office.email or "",
        updated_at=context.now,
        **fields,
    )


SERVICE_VARIABLES = (
    Variable("kode_layanan", Kind.TEXT, f'Kode jenis layanan; "{ALL_CODE}" untuk semua layanan.'),
    Variable("nama_layanan", Kind.TEXT, "Nama jenis layanan menurut standar pelayanan."),
)
MONTH_VARIABLE = Variable(
    "bulan", Kind.DATE, "Bulan pencatatan, ditulis sebagai tanggal pertama bulan itu.", "Bulan"
)

# --- berkas-izin-bulanan ---------------------------------------------------------------

FILE_METRICS = (Metric.REGISTERED, Metric.RECEIPTED, Metric.READY, Metric.READY_ON_TIME)


def file_counts(period: Period, catalog: Iterable[ServiceRef]) -> Counter:
    """{(service_id, metric, month): events} of every service and of all together, one query.

    The same rows as tallies.counts_by_month (office-wide, month and day rows), for every
    service at once rather than one query per service. The services are named: the figures'
    index leads with the service, and without them PostgreSQL reads the whole table."""
    rows = (
        Tally.objects.filter(
            period_q(period.start, period.end, by_month=True),
            service_id__in=[service.pk for service in _with_all(catalog)],
            officer_id=OFFICE,
            metric__in=FILE_METRICS,
        )
        .values_list("service_id", "metric", "period_start")
        .annotate(n=Sum("events"))
        .order_by()
    )
    counts: Counter = Counter()
    for service_id, metric, start, n in rows:
        counts[(service_id, metric, month_of(start))] += n
    return counts


def files_by_month(context: Context) -> Dataset:
    counts = file_counts(context.period, context.services)
    rows = []
    for month in context.period.months:
        for service in _with_all(context.services):
            ready = counts[(service.pk, Metric.READY, month)]
            on_time = counts[(service.pk, Metric.READY_ON_TIME, month)]
            rows.append(
                {
                    "bulan": month,
                    "kode_layanan": service.code,
                    "nama_layanan": service.name,
                    "berkas_masuk": counts[(service.pk, Metric.REGISTERED, month)],
                    "berkas_diterima_lengkap": counts[(service.pk, Metric.RECEIPTED, month)],
                    "izin_selesai": ready,
                    "selesai_tepat_waktu": on_time,
                    "persentase_tepat_waktu": _share(on_time, ready),
                }
            )
    return _base(
        context,
        slug="berkas-izin-bulanan",
        judul=f"Jumlah Berkas Permohonan dan Izin Terbit per Bulan dan Jenis Layanan, {WILAYAH}",
        deskripsi=(
            "Jumlah berkas permohonan yang didaftarkan dan diterima lengkap, izin yang selesai "
            "(diberi nomor) dan yang selesai tepat waktu menurut standar pelayanan, per bulan "
            "dan per jenis layanan."
        ),
        frekuensi=MONTHLY,
        satuan="berkas; izin; persen",
        variables=(
            MONTH_VARIABLE,
            *SERVICE_VARIABLES,
            Variable(
                "berkas_masuk",
                Kind.INTEGER,
                "Jumlah berkas permohonan yang didaftarkan di loket pada bulan itu.",
                "Berkas masuk",
            ),
            Variable(
                "berkas_diterima_lengkap",
                Kind.INTEGER,
                "Jumlah berkas yang dinyatakan lengkap dan diberi tanda terima pada bulan itu; "
                "jangka waktu pelayanan mulai berjalan sejak tanda terima.",
                "Diterima lengkap",
            ),
            Variable(
                "izin_selesai",
                Kind.INTEGER,
                "Jumlah izin yang selesai (diberi nomor) pada bulan itu.",
                "Izin selesai",
            ),
            Variable(
                "selesai_tepat_waktu",
                Kind.INTEGER,
                "Jumlah izin selesai yang diberi nomor paling lambat pada batas waktu, yaitu "
                "jumlah hari kerja standar pelayanan setelah berkas diterima lengkap.",
                "Tepat waktu",
            ),
            Variable(
                "persentase_tepat_waktu",
                Kind.DECIMAL,
                "selesai_tepat_waktu dibagi izin_selesai, dikali 100, dua desimal; kosong bila "
                "tidak ada izin selesai pada bulan itu.",
                "% tepat waktu",
            ),
        ),
        rows=rows,
        catatan=(
            "Angka dicatat saat setiap langkah ditulis pada kartu kendali berkas.",
            "Hari kerja adalah Senin sampai Jumat, tanpa hari libur nasional, cuti bersama "
            "dan hari libur kantor; waktu berkas dikembalikan kepada pemohon tidak dihitung.",
            f'Baris dengan kode_layanan "{ALL_CODE}" adalah jumlah semua layanan.',
            "Bulan yang sedang berjalan berisi angka sampai tanggal pemutakhiran.",
        ),
        preview_names=(
            "bulan",
            "berkas_masuk",
            "berkas_diterima_lengkap",
            "izin_selesai",
            "selesai_tepat_waktu",
            "persentase_tepat_waktu",
        ),
        preview_where=lambda row: row["kode_layanan"] == ALL_CODE,
        preview_note="Pratinjau: semua layanan. Rincian per jenis layanan ada di berkas unduhan.",
    )


# --- skm-triwulanan --------------------------------------------------------------------

NOTE_NONE = "Belum ada responden."


def note_too_few(threshold: int) -> str:
    return f"Dikosongkan: kurang dari {threshold} responden."


NOTE_SECONDARY = (
    "Dikosongkan agar nilai layanan lain yang dikosongkan tidak dapat dihitung dari baris "
    "semua layanan."
)


def survey_sums(period: Period) -> dict[tuple[int, int], dict]:
    """{(quarter, service_id): {"respondents": n, "u1": sum, ...}}, service_id 0 for every
    answer, from the survey's monthly figures (two queries, complaints/survey_figures.py)."""
    found: dict[tuple[int, int], dict] = {}
    for (month, service_id), sums in survey_figures.by_month_and_service(
        period.start, period.end
    ).items():
        key = ((month.month - 1) // 3 + 1, service_id)
        found[key] = survey_figures.combined([found[key], sums]) if key in found else sums
    return found


def suppressed(cells: dict[int, int], total: int, threshold: int) -> dict[int, str]:
    """Which service cells of a quarter to leave empty, and why: {service_id: note}.

    A cell with 1 to threshold-1 respondents is left empty. The quarter's row of all services
    minus the cells shown gives the empty ones together (and the answers naming no
    service), so while those together have fewer than `threshold` respondents the smallest
    cell shown is left empty too: no one's answers can be worked out by subtraction.
    """
    hidden = {pk: note_too_few(threshold) for pk, n in cells.items() if 0 < n < threshold}
    if not hidden:
        return hidden
    shown = sorted((n, pk) for pk, n in cells.items() if n >= threshold)
    residual = total - sum(n for n, _pk in shown)
    while shown and residual < threshold:
        n, pk = shown.pop(0)
        hidden[pk] = NOTE_SECONDARY
        residual += n
    return hidden


def _survey_row(quarter: int, service: ServiceRef, sums: dict | None, note: str) -> dict:
    respondents = sums["respondents"] if sums else 0
    result = None
    if respondents and not note:
        result = skm.compute_ikm({code: sums[code] or 0 for code in skm.ELEMENT_CODES}, respondents)
    if not respondents:
        note = NOTE_NONE
    row = {"triwulan": quarter, "kode_layanan": service.code, "nama_layanan": service.name}
    row["responden"] = respondents
    for score_index, element in enumerate(skm.ELEMENTS):
        row[f"nrr_{element.label.lower()}"] = (
            result.scores[score_index].nrr_shown if result else None
        )
    row["ikm"] = result.ikm if result else None
    row["mutu_pelayanan"] = result.category.letter if result else None
    row["kinerja_unit"] = result.category.label if result else None
    row["keterangan"] = note
    return row


def survey_by_quarter(context: Context) -> Dataset:
    threshold = settings.OPEN_DATA_MIN_RESPONDENTS
    sums = survey_sums(context.period)
    rows = []
    for quarter in context.period.quarters:
        groups = {pk: found for (q, pk), found in sums.items() if q == quarter and pk}
        totals = sums.get((quarter, ALL_SERVICES)) or survey_figures.zero()
        cells = {s.pk: groups[s.pk]["respondents"] for s in context.services if s.pk in groups}
        hidden = suppressed(cells, totals["respondents"], threshold)
        if 0 < totals["respondents"] < threshold:
            hidden[ALL_SERVICES] = note_too_few(threshold)
        for service in _with_all(context.services):
            found = totals if service.pk == ALL_SERVICES else groups.get(service.pk)
            rows.append(_survey_row(quarter, service, found, hidden.get(service.pk, "")))
    elements = tuple(
        Variable(
            f"nrr_{element.label.lower()}",
            Kind.DECIMAL,
            f"Nilai rata-rata unsur {element.label} {element.title} (skala 1-4): jumlah nilai "
            "unsur dibagi jumlah responden, tiga desimal.",
            element.label,
            title=element.title,
            places=3,
        )
        for element in skm.ELEMENTS
    )
    categories = "; ".join(
        f"{c.letter} {c.label} ({c.lower:.2f}-{c.upper:.2f})" for c in skm.CATEGORIES
    )
    return _base(
        context,
        slug="skm-triwulanan",
        judul=f"Indeks Kepuasan Masyarakat (IKM) per Triwulan dan Jenis Layanan, {WILAYAH}",
        deskripsi=(
            "Hasil Survei Kepuasan Masyarakat terhadap pelayanan perizinan menurut Permenpan "
            "RB Nomor 14 Tahun 2017: jumlah responden, nilai rata-rata (NRR) tiap unsur "
            "pelayanan U1 sampai U9, nilai IKM dan mutu pelayanan, per triwulan dan per jenis "
            "layanan."
        ),
        frekuensi=QUARTERLY,
        satuan="responden; nilai (NRR skala 1-4, IKM skala 25-100)",
        variables=(
            Variable("triwulan", Kind.INTEGER, "Triwulan tahun periode (1 sampai 4).", "Triwulan"),
            *SERVICE_VARIABLES,
            Variable(
                "responden",
                Kind.INTEGER,
                "Jumlah pemohon yang mengisi survei pada triwulan itu.",
                "Responden",
            ),
            *elements,
            Variable(
                "ikm",
                Kind.DECIMAL,
                "Indeks Kepuasan Masyarakat: jumlah NRR tertimbang (bobot 1/9 tiap unsur) "
                "dikali 25, skala 25-100, dua desimal.",
                "IKM",
            ),
            Variable(
                "mutu_pelayanan",
                Kind.TEXT,
                f"Mutu pelayanan menurut nilai IKM: {categories}.",
                "Mutu",
            ),
            Variable(
                "kinerja_unit",
                Kind.TEXT,
                "Kinerja unit pelayanan sesuai mutu pelayanan.",
                "Kinerja",
            ),
            Variable(
                "keterangan",
                Kind.TEXT,
                "Alasan nilai dikosongkan, bila ada.",
                "Keterangan",
            ),
        ),
        rows=rows,
        catatan=(
            f"Untuk melindungi responden, nilai triwulan dan layanan dengan kurang dari "
            f"{threshold} responden dikosongkan (jumlah respondennya tetap ditampilkan). Bila "
            "nilai yang dikosongkan dapat dihitung dari baris semua layanan dikurangi layanan "
            "lain, layanan dengan responden paling sedikit berikutnya ikut dikosongkan.",
            "Setiap unsur berbobot sama (1/9); pembulatan setengah ke atas hanya pada angka "
            "yang ditampilkan.",
            f'Baris dengan kode_layanan "{ALL_CODE}" mencakup semua jawaban triwulan itu.',
            "Triwulan yang sedang berjalan berisi jawaban sampai tanggal pemutakhiran.",
        ),
        preview_names=(
            "triwulan",
            "responden",
            *(variable.name for variable in elements),
            "ikm",
            "mutu_pelayanan",
            "keterangan",
        ),
        preview_where=lambda row: row["kode_layanan"] == ALL_CODE,
        preview_note="Pratinjau: semua layanan. Rincian per jenis layanan ada di berkas unduhan.",
    )


# --- pengaduan-bulanan -----------------------------------------------------------------

# Column names in Indonesian for the choices' codes; a code without one keeps its code.
CHANNEL_NAMES = {
    "web": "situs_web",
    "room": "ruang_pengaduan",
    "email": "email",
    "phone": "telepon",
    "letter": "surat",
    "lapor": "sp4n_lapor",
}
CATEGORY_NAMES = {
    "requirements": "persyaratan_prosedur",
    "time": "waktu_penyelesaian",
    "fee": "biaya",
    "conduct": "perilaku_petugas",
    "product": "dokumen_izin",
    "facilities": "sarana_prasarana",
    "suggestion": "saran_masukan",
    "other": "lainnya",
}
ANSWERED = (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED)


def _channel_column(value: str) -> str:
    return f"kanal_{CHANNEL_NAMES.get(value, value)}"


def _category_column(value: str) -> str:
    return f"kategori_{CATEGORY_NAMES.get(value, value)}"


def _month(value) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return month_of(value)


def complaint_counts(period: Period) -> dict[str, Counter]:
    """Complaints received (per channel and category), answered and closed per month.

    Three grouped queries on indexed dates; none reads a complaint's text or complainant."""
    since, until = period_bounds(period.start, period.end)
    received = (
        Complaint.objects.filter(received_on__gte=period.start, received_on__lte=period.end)
        .annotate(month=TruncMonth("received_on"))
        .order_by()
        .values_list("month", "channel", "category")
        .annotate(n=Count("*"))
    )
    answered = (
        Complaint.objects.filter(status__in=ANSWERED, replied_at__gte=since, replied_at__lt=until)
        .annotate(month=TruncMonth("replied_at"), replied_day=TruncDate("replied_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("*"), on_time=Count("pk", filter=Q(replied_day__lte=F("due_on"))))
    )
    closed = (
        Complaint.objects.filter(
            status=ComplaintStatus.CLOSED, closed_at__gte=since, closed_at__lt=until
        )
        .annotate(month=TruncMonth("closed_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("*"))
    )
    counts = {name: Counter() for name in ("received", "answered", "on_time", "closed")}
    for month, channel, category, n in received:
        month = _month(month)
        counts["received"][month] += n
        counts["received"][(month, _channel_column(channel))] += n
        counts["received"][(month, _category_column(category))] += n
    for month, n, on_time in answered:
        counts["answered"][_month(month)] += n
        counts["on_time"][_month(month)] += on_time
    for month, n in closed:
        counts["closed"][_month(month)] += n
    return counts


def complaints_by_month(context: Context) -> Dataset:
    counts = complaint_counts(context.period)
    channels = [(_channel_column(value), label) for value, label in Channel.choices]
    categories = [(_category_column(value), label) for value, label in Category.choices]
    rows = []
    for month in context.period.months:
        received = counts["received"]
        row = {"bulan": month, "pengaduan_diterima": received[month]}
        for name, _label in (*channels, *categories):
            row[name] = received[(month, name)]
        answered, on_time = counts["answered"][month], counts["on_time"][month]
        row["pengaduan_dijawab"] = answered
        row["dijawab_tepat_waktu"] = on_time
        row["persentase_dijawab_tepat_waktu"] = _share(on_time, answered)
        row["pengaduan_selesai"] = counts["closed"][month]
        rows.append(row)
    return _base(
        context,
        slug="pengaduan-bulanan",
        judul=f"Jumlah Pengaduan, Saran dan Masukan Pelayanan Perizinan per Bulan, {WILAYAH}",
        deskripsi=(
            "Jumlah pengaduan, saran dan masukan yang diterima menurut kanal dan kategori, "
            "yang dijawab (dan yang dijawab dalam batas waktu penyelesaian) serta yang "
            "selesai, per bulan."
        ),
        frekuensi=MONTHLY,
        satuan="pengaduan; persen",
        variables=(
            MONTH_VARIABLE,
            Variable(
                "pengaduan_diterima",
                Kind.INTEGER,
                "Jumlah pengaduan yang diterima pada bulan itu, termasuk yang kemudian "
                "dinyatakan bukan kewenangan kantor atau duplikat.",
                "Diterima",
            ),
            *(
                Variable(name, Kind.INTEGER, f"Pengaduan diterima melalui kanal: {label}.")
                for name, label in channels
            ),
            *(
                Variable(name, Kind.INTEGER, f"Pengaduan diterima dengan kategori: {label}.")
                for name, label in categories
            ),
            Variable(
                "pengaduan_dijawab",
                Kind.INTEGER,
                "Jumlah pengaduan yang dijawab kepada pelapor pada bulan itu.",
                "Dijawab",
            ),
            Variable(
                "dijawab_tepat_waktu",
                Kind.INTEGER,
                "Pengaduan yang dijawab pada bulan itu paling lambat pada batas waktu "
                "penyelesaian menurut klasifikasinya (hari kerja).",
                "Dijawab tepat waktu",
            ),
            Variable(
                "persentase_dijawab_tepat_waktu",
                Kind.DECIMAL,
                "dijawab_tepat_waktu dibagi pengaduan_dijawab, dikali 100, dua desimal; kosong "
                "bila tidak ada pengaduan yang dijawab.",
                "% tepat waktu",
            ),
            Variable(
                "pengaduan_selesai",
                Kind.INTEGER,
                "Jumlah pengaduan yang ditutup (selesai) pada bulan itu.",
                "Selesai",
            ),
        ),
        rows=rows,
        catatan=(
            "Hanya jumlah: tidak ada isi pengaduan, identitas pelapor atau nomor tiket.",
            "Pengaduan dihitung pada bulan diterima, dijawab dan ditutup masing-masing; satu "
            "pengaduan dapat dihitung pada bulan yang berbeda.",
            "Bulan yang sedang berjalan berisi angka sampai tanggal pemutakhiran.",
        ),
        preview_names=(
            "bulan",
            "pengaduan_diterima",
            "pengaduan_dijawab",
            "dijawab_tepat_waktu",
            "persentase_dijawab_tepat_waktu",
            "pengaduan_selesai",
        ),
        preview_note="Pratinjau: jumlah per bulan. Rincian per kanal dan kategori ada di berkas "
        "unduhan.",
    )


# --- the catalogue -------------------------------------------------------------------

BUILDERS: dict[str, Callable[[Context], Dataset]] = {
    "berkas-izin-bulanan": files_by_month,
    "skm-triwulanan": survey_by_quarter,
    "pengaduan-bulanan": complaints_by_month,
}
SLUGS = tuple(BUILDERS)


def first_year(today: date) -> int:
    """The year of the earliest figure, answer or complaint (this year when there is none)."""
    years = [today.year]
    # Every file begins with its registration: the first year of registrations is the first
    # year of figures (and one metric lets the index give the minimum at once).
    tally = Tally.objects.filter(
        service_id=ALL_SERVICES,
        officer_id=OFFICE,
        metric=Metric.REGISTERED,
        scale=Tally.Scale.YEAR,
    ).aggregate(first=Min("period_start"))["first"]
    if tally:
        years.append(tally.year)
    received = Complaint.objects.aggregate(first=Min("received_on"))["first"]
    if received:
        years.append(received.year)
    answered = SurveyResponse.objects.aggregate(first=Min("submitted_at"))["first"]
    if answered:
        years.append(timezone.localtime(answered).year)
    return min(years)


def available_years(today: date) -> list[int]:
    """Newest first: from this year back to the year of the first data."""
    return list(range(today.year, first_year(today) - 1, -1))


def context_for(year: int, *, today: date | None = None, now: datetime | None = None) -> Context:
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    return Context(
        period=period_of(year, today),
        services=services(),
        office=OfficeProfile.current(),
        now=now,
    )


def dataset(slug: str, context: Context) -> Dataset:
    """One dataset (KeyError for an unknown slug)."""
    return BUILDERS[slug](context)


def datasets(context: Context) -> list[Dataset]:
    return [builder(context) for builder in BUILDERS.values()]
