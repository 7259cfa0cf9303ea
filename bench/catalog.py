"""The services of a bench fill (issue 14): the seeded IUPI and generated services.

Every fill makes the generated services afresh, through the same standard-file import an
administrator uses (permits.standard_file: every declaration, number format and decree
template is checked): the same catalog for the same count on the same day, so the
100,000-file and the 10-file databases have the same services and versions. Each service
has its own category, time limit (3-14 working days), fee, registration prefix, permit
number format and series (its code), 3-6 requirements, 1-3 commitments and 3-6 declared
fields of different kinds; every third one has a second version in force from a day within
the last years (a third for the one the pages open), with another time limit, fee, number
format and one more requirement and field, so older files are under version 1 and newer ones
under version 2.
"""

import json
import random
from datetime import date, timedelta

IUPI = "iupi"
FIRST_EFFECTIVE = date(2019, 1, 1)  # as the seeded IUPI
IUPI_SHARE = 35.0  # percent of the files; the other services share the rest, skewed
# (code, name, category, for a company?, registration prefix, permit number format).
SERVICES = (
    ("sipd", "Surat Izin Praktik Dokter", "non_business", False, "SIPD",
     "503/{seq:04d}/SIPD/DPMPTSP/{year}"),
    ("reklame", "Izin Penyelenggaraan Reklame", "business", True, "REK",
     "{year}/REK/{seq:05d}"),
    ("sipa", "Surat Izin Praktik Apoteker", "non_business", False, "SIPA",
     "503/{seq:04d}/SIPA/DPMPTSP/{year}"),
    ("tdup", "Tanda Daftar Usaha Pariwisata", "business", True, "TDUP",
     "556/{seq:04d}/TDUP/DPMPTSP/{year}"),
    ("penelitian", "Surat Keterangan Penelitian", "non_permit", False, "SKP",
     "070/{seq:04d}/SKP/DPMPTSP/{year}"),
    ("klinik", "Izin Operasional Klinik", "non_business", True, "KLN",
     "445/{seq:04d}/KLINIK/DPMPTSP/{year}"),
    ("sipp", "Surat Izin Praktik Perawat", "non_business", False, "SIPP",
     "503/{seq:04d}/SIPP/DPMPTSP/{year}"),
    ("iuts", "Izin Usaha Toko Swalayan", "business", True, "IUTS",
     "510/{seq:04d}/IUTS/DPMPTSP/{year}"),
    ("paud", "Izin Operasional Satuan PAUD", "non_business", True, "PAUD",
     "421/{seq:04d}/PAUD/DPMPTSP/{year}"),
    ("rektek", "Rekomendasi Teknis Pemanfaatan Ruang", "non_permit", True, "RTPR",
     "650/{seq:04d}/RTPR/DPMPTSP/{year}"),
    ("sipf", "Surat Izin Praktik Fisioterapis", "non_business", False, "SIPF",
     "503/{seq:04d}/SIPF/DPMPTSP/{year}"),
    ("sktu", "Surat Keterangan Tempat Usaha", "non_permit", True, "SKTU",
     "517/{seq:04d}/SKTU/DPMPTSP/{year}"),
    ("apotek", "Izin Apotek", "business", True, "APT",
     "503/{seq:04d}/APOTEK/DPMPTSP/{year}"),
    ("sipg", "Surat Izin Praktik Tenaga Gizi", "non_business", False, "SIPG",
     "503/{seq:04d}/SIPG/DPMPTSP/{year}"),
    ("labkes", "Izin Operasional Laboratorium Klinik", "non_business", True, "LAB",
     "445/{seq:04d}/LAB/DPMPTSP/{year}"),
    ("optik", "Izin Penyelenggaraan Optikal", "business", True, "OPT",
     "503/{seq:04d}/OPTIK/DPMPTSP/{year}"),
    ("legalisasi", "Legalisasi Salinan Izin", "non_permit", False, "LGS",
     "LGS.{seq:05d}/{year}"),
    ("kursus", "Izin Lembaga Kursus dan Pelatihan", "non_business", True, "LKP",
     "421.9/{seq:04d}/LKP/DPMPTSP/{year}"),
    ("bengkel", "Tanda Daftar Bengkel Umum Kendaraan Bermotor", "business", True, "TDB",
     "551/{seq:04d}/TDB/DPMPTSP/{year}"),
)  # fmt: skip
# Declared fields to pick from, one per kind (the first two open every service).
FIELDS = (
    {"name": "nomor_rekomendasi", "type": "text", "label": "Nomor surat rekomendasi",
     "max_length": 60, "searchable": True},
    {"name": "jenis_kegiatan", "type": "choice", "label": "Jenis kegiatan",
     "choices": [["baru", "Baru"], ["perpanjangan", "Perpanjangan"], ["perubahan", "Perubahan"]]},
    {"name": "alamat_lokasi", "type": "long_text", "label": "Alamat lokasi", "max_length": 300},
    {"name": "jumlah_tenaga", "type": "integer", "label": "Jumlah tenaga kerja",
     "unit": "orang", "min": 0, "max": 5000},
    {"name": "luas_tempat", "type": "decimal", "label": "Luas tempat", "unit": "m²", "min": 0},
    {"name": "nilai_investasi", "type": "money", "label": "Nilai investasi", "min": 0},
    {"name": "tanggal_rekomendasi", "type": "date", "label": "Tanggal surat rekomendasi",
     "not_in_future": True},
    {"name": "milik_sendiri", "type": "yes_no", "label": "Tempat usaha milik sendiri",
     "required": False},
    {"name": "kbli_usaha", "type": "kbli", "label": "KBLI kegiatan"},
    {"name": "telepon_lokasi", "type": "phone", "label": "Telepon lokasi", "required": False},
    {"name": "denah_lokasi", "type": "file", "label": "Denah lokasi", "required": False},
)  # fmt: skip
KBLI_CODES = ("47111", "55110", "86103", "85131", "45201", "47772", "73100")
PROCEDURE = (
    "Pemohon mengajukan berkas permohonan ke loket pendaftaran Front Office (FO)",
    "Petugas loket menyerahkan tanda terima berkas yang lengkap dan benar kepada pemohon",
    "Permohonan diproses di back office",
    "Draf izin diparaf Kepala Bidang dan ditandatangani Kepala DPMPTSP",
    "Pemberian nomor oleh bagian umum dan penyerahan dokumen kepada pemohon",
)
COMMITMENTS = (
    ("rekomendasi", "Rekomendasi teknis dari perangkat daerah terkait"),
    ("lokasi", "Bukti penguasaan lokasi atau tempat usaha"),
    ("sertifikat", "Sertifikat kompetensi atau registrasi yang masih berlaku"),
)


def fields_of(n: int, version: int) -> list[dict]:
    """The declared fields of service `n`: text and choice, then 1-4 kinds by turn;
    a later version asks one more."""
    chosen = [0, 1]
    for k in range(1 + n % 4 + (version - 1)):
        index = 2 + (n + 3 * k) % (len(FIELDS) - 2)
        if index not in chosen:
            chosen.append(index)
    return [dict(FIELDS[i]) for i in chosen]


def versions_of(n: int) -> int:
    """Every third service has a second version; the second service (the one the pages
    of one service open) a third."""
    return 3 if n == 2 else 2 if n % 3 == 2 else 1


def effective_days_ago(n: int, version: int) -> int:
    """How long ago (in days) version 2 or 3 of service `n` took effect."""
    if version == 3:
        return 45
    return 200 + (n * 379) % 1400


def standard_file(n: int, version: int, today: date) -> dict:
    """The standard file (docs/services.md, format 1) of version `version` of service `n`."""
    if n <= len(SERVICES):
        code, name, category, company, prefix, number = SERVICES[n - 1]
    else:
        code, name = f"layanan{n:03d}", f"Layanan Uji {n:03d}"
        category = ("business", "non_business", "non_permit")[n % 3]
        company, prefix = n % 2 == 0, f"LU{n:03d}"
        number = "503/{seq:04d}/" + prefix + "/DPMPTSP/{year}"
    later = version - 1
    days = 3 + (n * 5 + later * 3) % 12
    fee = 0 if (n + later) % 3 == 0 else 50_000 * (1 + (n + later) % 6)
    if later:
        # A new regulation: another classification code in the number format.
        number = f"500.{version}/{{seq:04d}}/{prefix}/DPMPTSP/{{year}}"
    requirements = [{"text": "Kartu Tanda Penduduk (KTP) pemohon", "applies_to": "all"}]
    requirements += [
        {"text": f"Dokumen persyaratan {i} {name}", "applies_to": "all"}
        for i in range(1, 2 + n % 4)
    ]
    if company:
        requirements.append(
            {"text": "Akta pendirian badan usaha dan pengesahannya", "applies_to": "entity"}
        )
    requirements.append({"text": "Pas foto berwarna ukuran 4x6 cm", "applies_to": "all"})
    if later:
        requirements.append(
            {"text": f"Surat pernyataan kesanggupan (versi {version})", "applies_to": "all"}
        )
    commitments = [{"code": c, "text": t} for c, t in COMMITMENTS[: 1 + n % 3]]
    fields = fields_of(n, version)
    return {
        "format": 1,
        "service": {"code": code, "name": name, "category": category, "active": True},
        "version": {
            "effective_from": (
                FIRST_EFFECTIVE
                if version == 1
                else today - timedelta(days=effective_days_ago(n, version))
            ).isoformat(),
            "product": name,
            "service_days": days,
            "fee_amount": str(fee),
            "fee_label": "Gratis" if fee == 0 else "Retribusi daerah",
            "permit_number_format": number,
            "registration_prefix": prefix,
            "requirements": requirements,
            "commitments": commitments,
            "items": {
                "procedure": list(PROCEDURE),
                "legal_basis": [
                    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
                    f"Peraturan Bupati Ogan Komering Ilir tentang {name} (perubahan {later})",
                ],
                "complaint_channel": [
                    "Datang langsung ke kantor DPMPTSP Kabupaten Ogan Komering Ilir",
                    "SP4N-LAPOR! (www.lapor.go.id)",
                ],
            },
            "data_fields": fields,
            "decree_title": name,
            "decree_clauses": (
                f"Memberikan {name} kepada:\n\n"
                f"{name} ini untuk kegiatan {{{{ data.jenis_kegiatan | huruf_kecil }}}} "
                "berdasarkan surat rekomendasi Nomor {{ data.nomor_rekomendasi }}.\n\n"
                "Keputusan ini mulai berlaku pada tanggal ditetapkan."
            ),
            "requires_inspection": n % 4 == 1,
            "certificate_page": n % 5 == 0,
            "asks_company": company,
            "asks_industry_expansion": False,
            "applicant_kinds": ["wni", "wna", "entity"] if company else ["wni", "wna"],
        },
    }


def weights(count: int) -> list[float]:
    """Share of the files (percent) of each service: the IUPI first, the others skewed."""
    others = [1 / n**0.9 for n in range(1, count)]
    total = sum(others) or 1.0
    share = 100.0 - IUPI_SHARE if count > 1 else 0.0
    return [IUPI_SHARE if count > 1 else 100.0] + [share * w / total for w in others]


def make_catalog(count: int, today: date) -> list[tuple[object, float, list]]:
    """Drop the services of an earlier fill (every one but the seeded IUPI; their files are
    gone), import `count - 1` new ones and return (service, weight, versions by effective
    date) for each, the IUPI first."""
    from permits.models import Service, ServiceStandard
    from permits.standard_file import import_standard, read

    ServiceStandard.objects.exclude(service__code=IUPI).delete()
    Service.objects.exclude(code=IUPI).delete()
    for n in range(1, count):
        for version in range(1, versions_of(n) + 1):
            text = json.dumps(standard_file(n, version, today), ensure_ascii=False)
            import_standard(read(text, "json"))
    catalog = []
    services = Service.objects.order_by("pk")
    by_pk = {service.pk: service for service in services}
    versions: dict[int, list] = {pk: [] for pk in by_pk}
    for standard in ServiceStandard.objects.order_by("effective_from", "version"):
        versions[standard.service_id].append(standard)
    iupi = next(s for s in services if s.code == IUPI)
    ordered = [iupi] + [s for s in services if s.code != IUPI]
    for service, weight in zip(ordered, weights(count), strict=True):
        for standard in versions[service.pk]:
            standard.service = service
        catalog.append((service, weight, versions[service.pk]))
    return catalog


def version_on(versions: list, day: date):
    """The version in force on `day` (the earliest for a day before any)."""
    chosen = versions[0]
    for standard in versions:
        if standard.effective_from <= day:
            chosen = standard
    return chosen


def declared_values(specs, rng: random.Random, index: int, day: date, prefix: str) -> dict:
    """One file's values of the declared fields (parsed specs), as the intake stores them."""
    data: dict = {}
    for spec in specs:
        kind = spec.type
        if kind == "file" or (not spec.required and rng.random() < 0.3):
            continue
        if kind == "text":
            value = f"{rng.randrange(100, 999)}/{prefix}/{day.year}/{index}"
        elif kind == "long_text":
            value = f"Jl. Lintas Timur No. {rng.randrange(1, 300)}, Kayuagung"
        elif kind == "integer":
            value = rng.randrange(1, 60)
        elif kind == "decimal":
            value = f"{rng.randrange(10, 5000)}.{rng.randrange(0, 100):02d}"
        elif kind == "money":
            value = str(rng.randrange(5, 500) * 1_000_000)
        elif kind == "date":
            value = (day - timedelta(days=rng.randrange(1, 90))).isoformat()
        elif kind == "choice":
            value = rng.choice(spec.choices)[0]
        elif kind == "yes_no":
            value = rng.random() < 0.6
        elif kind == "kbli":
            value = rng.choice(KBLI_CODES)
        elif kind == "nib":
            value = f"{9140000000000 + index:013d}"
        elif kind == "phone":
            value = f"+62812{rng.randrange(10_000_000, 99_999_999)}"
        else:
            continue
        data[spec.name] = value
    return data
