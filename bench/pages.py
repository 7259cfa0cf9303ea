"""The pages the load test drives, and the file they open, chosen the same way on any database."""

from dataclasses import dataclass
from urllib.parse import urlencode

BARE = "/bench/kosong/"
# Who opens the page: a demo-like role that logs in without a second factor, or nobody.
FO, SUPERVISOR, ANONYMOUS = "bench_fo1", "bench_sekretaris", ""


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    user: str  # username, "" for an anonymous visitor
    bare: str  # key of the bare view measured with the same login
    public: bool = False  # counted by the look-up throttle: each address gets few requests


@dataclass(frozen=True)
class Targets:
    year: int
    application_id: int
    registration_number: str
    tracking_code: str
    service: str = "iupi"  # a service other than the IUPI when the catalog has one


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
    """The file with the longest history among those handed over (or any, on a tiny database)."""
    from django.db.models import Count
    from django.utils import timezone

    from permits.models import Application, Service
    from workflow.table import Status

    files = Application.objects.annotate(steps=Count("control_card")).order_by("-steps", "-pk")
    application = files.filter(status=Status.HANDED_OVER).first() or files.first()
    if application is None:
        raise SystemExit("Basis data kosong: jalankan dulu python -m bench.fill.")
    # The same service on every database: bench.fill gives it the first file.
    other = showcase(list(Service.objects.all()))
    return Targets(
        year=timezone.localdate().year,
        application_id=application.pk,
        registration_number=application.registration_number,
        tracking_code=application.tracking_code,
        service=other.code,
    )


def pages(t: Targets) -> list[Page]:
    track = urlencode({"no": t.registration_number, "kode": t.tracking_code})
    return [
        Page("bare_fo", "tampilan kosong (base.html), petugas FO", BARE, FO, "bare_fo"),
        Page("queue", "antrean FO (beranda)", "/", FO, "bare_fo"),
        Page(
            "application",
            "halaman berkas (kartu kendali terpanjang)",
            f"/berkas/{t.application_id}/",
            FO,
            "bare_fo",
        ),
        Page("bare_supervisor", "tampilan kosong, Sekretaris", BARE, SUPERVISOR, "bare_supervisor"),
        Page(
            "dashboard",
            f"pengawasan, satu tahun ({t.year})",
            f"/pengawasan/?dari={t.year}-01-01&sampai={t.year}-12-31",
            SUPERVISOR,
            "bare_supervisor",
        ),
        Page(
            "dashboard_service",
            f"pengawasan, satu tahun, satu layanan ({t.service})",
            f"/pengawasan/?dari={t.year}-01-01&sampai={t.year}-12-31&layanan={t.service}",
            SUPERVISOR,
            "bare_supervisor",
        ),
        Page(
            "file_list_service",
            f"semua berkas, satu layanan ({t.service})",
            f"/berkas/?layanan={t.service}",
            SUPERVISOR,
            "bare_supervisor",
        ),
        Page("choose_service", "daftarkan berkas: pilih layanan", "/berkas/baru/", FO, "bare_fo"),
        Page(
            "intake_form",
            f"formulir pendaftaran ({t.service})",
            f"/berkas/baru/{t.service}/",
            FO,
            "bare_fo",
        ),
        Page("bare_public", "tampilan kosong, tanpa login", BARE, ANONYMOUS, "bare_public"),
        Page(
            "catalog",
            "katalog standar pelayanan (publik)",
            "/standar-pelayanan/",
            ANONYMOUS,
            "bare_public",
        ),
        Page(
            "standard",
            f"standar pelayanan satu layanan ({t.service})",
            f"/standar-pelayanan/{t.service}/",
            ANONYMOUS,
            "bare_public",
        ),
        Page(
            "track",
            "lacak berkas (publik)",
            f"/lacak/?{track}",
            ANONYMOUS,
            "bare_public",
            public=True,
        ),
    ]
