"""The pages the load test drives, and the file they open, chosen the same way on any database."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

BARE = "/bench/kosong/"
# Who opens the page: a role that logs in without a second factor, or nobody. Pages only
# roles with a second factor open (bulk signing, numbering batches, a new letter) are left out.
FO, BO, SUPERVISOR, ANONYMOUS = "bench_fo1", "bench_bo1", "bench_sekretaris", ""
# The API client of the load test (every scope, no practical rate limit), made by api_token().
API_TOKEN = "kdl_bench-beban-2026"
API_CLIENT = "Bench beban"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    user: str  # username, "" for an anonymous visitor
    bare: str  # key of the bare view measured with the same login
    public: bool = False  # counted by the look-up throttle: each address gets few requests
    api: bool = False  # sent with the bench API client's token

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {API_TOKEN}"} if self.api else {}


@dataclass(frozen=True)
class Targets:
    year: int
    application_id: int
    registration_number: str
    tracking_code: str
    service: str = "iupi"  # a service other than the IUPI when the catalog has one
    first_year: int = 0  # of the oldest file: the dashboard over every year
    receipted_id: int = 0  # a file the back office verifies
    permit_code: str = ""  # verification code of the file's permit
    letter_code: str = ""  # verification code of one of the file's letters
    complaint_id: int = 0  # the complaint with the longest history
    officer_id: int = 0  # the FO whose performance page opens
    since: str = ""  # a day ago (ISO 8601): the API's catch-up pull


def showcase(services):
    """The service the pages of one service open: the generated one with the most versions
    (then the first code), the same on every database filled with the same catalog."""
    from permits.models import ServiceStandard

    others = [service for service in services if service.code != "iupi"]
    if not others:
        return next(iter(services))
    counts = {service.pk: 0 for service in others}
    for service_id in ServiceStandard.objects.filter(service__in=others).values_list(
        "service_id", flat=True
    ):
        counts[service_id] += 1
    return min(others, key=lambda service: (-counts[service.pk], service.code))


def targets() -> Targets:
    """The file with the longest history among those handed over (or any, on a tiny database),
    and what its pages link to."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.utils import timezone

    from complaints.models import Complaint
    from permits.models import Application, Letter, Permit, Service
    from workflow.table import Status

    # Among the last files registered: the same kind of file on any size of database, found
    # without counting every control card of the years.
    latest = Application.objects.order_by("-pk")[:2000]
    files = (
        Application.objects.filter(pk__in=latest.values("pk"))
        .annotate(steps=Count("control_card"))
        .order_by("-steps", "-pk")
    )
    application = files.filter(status=Status.HANDED_OVER).first() or files.first()
    if application is None:
        raise SystemExit("Basis data kosong: jalankan dulu python -m bench.fill.")
    receipted = (
        Application.objects.filter(status=Status.RECEIPTED).order_by("-pk").first() or application
    )
    permit = Permit.objects.filter(application=application).first()
    letter = Letter.objects.filter(application=application).order_by("pk").first()
    complaint = Complaint.objects.annotate(steps=Count("events")).order_by("-steps", "-pk").first()
    first = Application.objects.order_by("pk").values_list("created_at", flat=True).first()
    # The same service on every database: bench.fill gives it the first file.
    other = showcase(list(Service.objects.all()))
    return Targets(
        year=timezone.localdate().year,
        application_id=application.pk,
        registration_number=application.registration_number,
        tracking_code=application.tracking_code,
        service=other.code,
        first_year=timezone.localtime(first).year,
        receipted_id=receipted.pk,
        permit_code=permit.verification_code if permit else "",
        letter_code=letter.verification_code if letter else "",
        complaint_id=complaint.pk if complaint else 0,
        officer_id=User.objects.get(username=FO).pk,
        since=(timezone.now() - timedelta(days=1)).replace(microsecond=0).isoformat(),
    )


def warmed_pages():
    """(page, client) for every page, in-process: limits and cache emptied, one test Client per
    login (staff forced in), each page opened twice first so templates and caches are warm."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from office.models import RequestCount

    cache.clear()
    RequestCount.objects.all().delete()  # the look-up throttle starts afresh
    api_token()
    clients: dict[str, Client] = {}
    for page in pages(targets()):
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = Client()
            if page.user:
                client.force_login(User.objects.get(username=page.user))
        for _ in range(2):
            client.get(page.path, headers=page.headers)
        yield page, client


def api_token() -> None:
    """The load test's API client: every scope, a limit the load never reaches."""
    from django.utils import timezone

    from api import tokens
    from api.models import Client
    from api.scopes import Scope

    Client.objects.update_or_create(
        name=API_CLIENT,
        defaults={
            "token_digest": tokens.digest(API_TOKEN),
            "token_shown": tokens.shown_part(API_TOKEN),
            "scopes": sorted(Scope.values),
            "calls_per_minute": 10**6,
            "active": True,
            "expires_at": timezone.now() + timedelta(days=365),
        },
    )


def pages(t: Targets) -> list[Page]:
    """Every page staff and the public open, the API's list endpoints and open data; each with
    the bare view of the same login (API calls: the bare view of a signed-in officer)."""
    track = urlencode({"no": t.registration_number, "kode": t.tracking_code})
    year = f"dari={t.year}-01-01&sampai={t.year}-12-31"
    years = f"dari={t.first_year}-01-01&sampai={t.year}-12-31"
    api_year = f"from={t.year}-01-01&to={t.year}-12-31"
    fo = [
        ("queue", "antrean FO (beranda)", "/"),
        (
            "application",
            "halaman berkas (kartu kendali terpanjang)",
            f"/berkas/{t.application_id}/",
        ),
        ("choose_service", "daftarkan berkas: pilih layanan", "/berkas/baru/"),
        ("intake_form", f"formulir pendaftaran ({t.service})", f"/berkas/baru/{t.service}/"),
        ("performance", "kinerja saya", "/kinerja/"),
        ("account", "keamanan akun", "/akun/keamanan/"),
    ]
    bo = [
        ("bo_queue", "antrean back office (beranda)", "/"),
        ("verification", "verifikasi berkas", f"/berkas/{t.receipted_id}/verifikasi/"),
    ]
    supervisor = [
        ("dashboard", f"pengawasan, satu tahun ({t.year})", f"/pengawasan/?{year}"),
        (
            "dashboard_service",
            f"pengawasan, satu tahun, satu layanan ({t.service})",
            f"/pengawasan/?{year}&layanan={t.service}",
        ),
        (
            "dashboard_years",
            f"pengawasan, {t.year - t.first_year + 1} tahun ({t.first_year}-{t.year})",
            f"/pengawasan/?{years}",
        ),
        (
            "dashboard_years_service",
            f"pengawasan, {t.year - t.first_year + 1} tahun, satu layanan ({t.service})",
            f"/pengawasan/?{years}&layanan={t.service}",
        ),
        ("file_list", "semua berkas", "/berkas/"),
        (
            "file_list_service",
            f"semua berkas, satu layanan ({t.service})",
            f"/berkas/?layanan={t.service}",
        ),
        (
            "file_list_search",
            "semua berkas, cari nomor registrasi",
            f"/berkas/?q={t.registration_number}",
        ),
        ("file_list_last_page", "semua berkas, halaman terakhir", "/berkas/?page=999999"),
        ("letters", "register surat keluar", "/surat-keluar/"),
        ("exports", "unduhan saya", "/unduhan/"),
        ("performance_all", "kinerja semua petugas", "/kinerja/semua/"),
        ("performance_officer", "kinerja satu petugas", f"/kinerja/petugas/{t.officer_id}/"),
        ("complaints_desk", "meja pengaduan", "/pengaduan/meja/"),
        ("complaint", "satu pengaduan (riwayat terpanjang)", f"/pengaduan/{t.complaint_id}/"),
        ("ikm_report", f"laporan IKM ({t.year})", "/survei/ikm/"),
    ]
    public = [
        ("catalog", "katalog standar pelayanan (publik)", "/standar-pelayanan/"),
        (
            "standard",
            f"standar pelayanan satu layanan ({t.service})",
            f"/standar-pelayanan/{t.service}/",
        ),
        ("open_data", "data terbuka", "/data/"),
        ("verify_permit", "verifikasi izin (kode QR)", f"/verifikasi/{t.permit_code}/"),
        ("verify_letter", "verifikasi surat (kode QR)", f"/verifikasi/surat/{t.letter_code}/"),
        ("complaint_form", "formulir pengaduan", "/pengaduan/"),
    ]
    since = urlencode({"updated_since": t.since, "page_size": 500})
    files_year = f"registered_from={t.year}-01-01&registered_to={t.year}-12-31&page_size=500"
    api = [
        ("api_services", "API: daftar layanan", "/api/v1/services"),
        ("api_files", "API: daftar berkas, halaman pertama", "/api/v1/files"),
        ("api_files_year", "API: berkas setahun, 500 per halaman", f"/api/v1/files?{files_year}"),
        ("api_files_since", "API: berkas yang berubah sehari terakhir", f"/api/v1/files?{since}"),
        ("api_figures", "API: angka setahun", f"/api/v1/figures?{api_year}"),
        ("api_skm", "API: IKM setahun", f"/api/v1/skm?{api_year}"),
        ("api_complaints", "API: angka pengaduan", f"/api/v1/complaints/figures?{api_year}"),
    ]  # fmt: skip
    listed = [Page("bare_fo", "tampilan kosong (base.html), petugas FO", BARE, FO, "bare_fo")]
    listed += [Page(key, label, path, FO, "bare_fo") for key, label, path in fo]
    listed += [Page(key, label, path, FO, "bare_fo", api=True) for key, label, path in api]
    listed.append(Page("bare_bo", "tampilan kosong, back office", BARE, BO, "bare_bo"))
    listed += [Page(key, label, path, BO, "bare_bo") for key, label, path in bo]
    listed.append(
        Page("bare_supervisor", "tampilan kosong, Sekretaris", BARE, SUPERVISOR, "bare_supervisor")
    )
    listed += [
        Page(key, label, path, SUPERVISOR, "bare_supervisor") for key, label, path in supervisor
    ]
    listed.append(
        Page("bare_public", "tampilan kosong, tanpa login", BARE, ANONYMOUS, "bare_public")
    )
    # Pages counted per address (verification, open data) get the look-up's many addresses.
    counted = {"open_data", "verify_permit", "verify_letter"}
    listed += [
        Page(key, label, path, ANONYMOUS, "bare_public", public=key in counted)
        for key, label, path in public
    ]
    listed.append(
        Page(
            "track",
            "lacak berkas (publik)",
            f"/lacak/?{track}",
            ANONYMOUS,
            "bare_public",
            public=True,
        )
    )
    return listed
