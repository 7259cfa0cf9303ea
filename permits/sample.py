"""Sample files walked through the real workflow, for demo data and tests.

Everything goes through permits.services, so a sample file's control card is
exactly what the office would have written by hand.
"""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from office.roles import Role
from permits import services, verification
from permits.declared_fields import parse_declaration
from permits.models import (
    Applicant,
    Application,
    FieldInspection,
    Handover,
    RequirementCheck,
    ServiceStandard,
)
from workflow.table import REGISTER, TRANSITIONS, Condition, Event, Status

# A minimal valid PDF, enough for content sniffing and for a browser to open.
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

COMPANIES = [
    ("PT Sawit Lestari Kayuagung", "10431", "Industri Minyak Mentah Kelapa Sawit", "CPO", "ton"),
    ("PT Karet Ogan Jaya", "22121", "Industri Pengasapan Karet", "RSS karet", "ton"),
    ("CV Pempek Rasa Ilir", "10750", "Industri Makanan dan Masakan Olahan", "Pempek beku", "kg"),
    ("PT Tekstil Songket Palembang", "13134", "Industri Kain Tenun Ikat", "Kain songket", "lembar"),
    ("PT Semen Baturaja Ilir", "23941", "Industri Semen", "Semen", "ton"),
    ("PT Kayu Lapis Komering", "16211", "Industri Kayu Lapis", "Kayu lapis", "m3"),
]

# Valid identifiers (checked by python-stdnum in the tests of the validators).
SAMPLE_NIKS = ["1602011708850001", "1602015502900002", "1602010101800003"]
SAMPLE_NPWP = "013121660091000"

# The demo office's officials; the development CA names its certificates after them too
# (create_dev_ca runs before the demo data exists), so letters and signatures agree.
DEMO_HEAD_NAME = "Ir. H. Ahmad Rizal, M.M."
DEMO_KABID_NAME = "Drs. Syamsul Bahri, M.Si."


def sample_applicant(rng: random.Random, index: int = 0, *, today: date | None = None) -> Applicant:
    return Applicant(
        kind=Applicant.Kind.WNI,
        name=rng.choice(["Ahmad Fauzi", "Siti Rahmawati", "Budi Santoso", "Dewi Lestari"]),
        nik=SAMPLE_NIKS[index % len(SAMPLE_NIKS)],
        npwp=SAMPLE_NPWP,
        kswp_result=Applicant.KswpResult.VALID,
        kswp_checked_on=today or date.today(),
        email=f"pemohon{index}@contoh.co.id",
        phone="081234567890",
        address="Jl. Letnan Muchtar Saleh No. 12, Kayuagung, Ogan Komering Ilir",
    )


def sample_application(rng: random.Random, index: int = 0) -> Application:
    company, kbli, title, commodity, unit = COMPANIES[index % len(COMPANIES)]
    current = Decimal(rng.randrange(1_000, 50_000, 500))
    return Application(
        company_name=company,
        company_address="Jl. Lintas Timur Km 5, Kayuagung, Ogan Komering Ilir",
        nib=f"{9120000000000 + index:013d}",
        kbli_code=kbli,
        kbli_title=title,
        commodity=commodity,
        capacity_current=current,
        capacity_added=current * Decimal("0.4"),
        capacity_unit=unit,
        investment_value=Decimal(rng.randrange(1, 50)) * Decimal(1_000_000_000),
        workers_id_men=rng.randrange(10, 200),
        workers_id_women=rng.randrange(5, 100),
        factory_location="Desa Celikah, Kecamatan Kayuagung, Kabupaten Ogan Komering Ilir",
        iui_number=f"503/{100 + index}/IUI/DPMPTSP/2023",
        iui_date=date(2023, 3, 14),
    )


# A made-up value of each declared type but uploads, as the intake stores it (JSON).
SAMPLE_VALUES = {
    "text": "Contoh isian",
    "long_text": "Jl. Merdeka No. 1, Kayuagung, Ogan Komering Ilir",
    "integer": 12,
    "decimal": "49500.5",
    "money": "25000000",
    "date": "2024-01-15",
    "yes_no": True,
    "kbli": "10431",
    "nib": "9120000000000",
    "phone": "+6281234567890",
}


def sample_data(standard: ServiceStandard) -> dict:
    """Values for the version's declared fields (the first choice of a choice)."""
    data = {}
    for spec in parse_declaration(standard.data_fields or []):
        if spec.type == "choice":
            data[spec.name] = spec.choices[0][0]
        elif spec.type != "file":
            data[spec.name] = SAMPLE_VALUES[spec.type]
    return data


def sample_file_of(standard: ServiceStandard, rng: random.Random, index: int) -> Application:
    """A new file of `standard`: IUPI's own data, or the company (when asked) and the
    declared fields of any other service."""
    if standard.asks_industry_expansion:
        return sample_application(rng, index)
    application = Application(data=sample_data(standard))
    if standard.asks_company:
        company = sample_application(rng, index)
        application.company_name = company.company_name
        application.company_address = company.company_address
        application.nib = company.nib
    return application


def register_sample(
    *,
    fo,
    rng: random.Random,
    index: int = 0,
    complete: bool = True,
    today: date | None = None,
    standard: ServiceStandard | None = None,
):
    standard = standard or ServiceStandard.objects.current()
    applicant = sample_applicant(rng, index, today=today)
    application = sample_file_of(standard, rng, index)
    requirements = standard.requirements.filter(active=True)
    checks = [
        RequirementCheck(requirement=r, present=complete or r.order != 5)
        for r in requirements
        if r.applies_to_kind(applicant.kind)
    ]
    return services.register_application(
        actor=fo,
        applicant=applicant,
        application=application,
        requirement_checks=checks,
        standard=standard,
    )


def complete_verification(
    *, back_office, application: Application, today: date | None = None
) -> None:
    """Verify every commitment item and record a BAP when the version asks for one, as the
    back office would."""
    today = today or date.today()
    for check in application.commitment_checks.all():
        check.reference_number = f"BUKTI/{check.commitment.code.upper()}/{application.pk}"
        check.evidence_date = today
        check.evidence_file.save("bukti.pdf", ContentFile(SAMPLE_PDF), save=False)
        check.verified = True
        verification.verify_commitment(actor=back_office, check=check)
    if not application.standard.requires_inspection:
        return
    verification.record_field_inspection(
        actor=back_office,
        inspection=FieldInspection(
            application=application,
            inspected_on=today,
            team_members="Ir. Hendra Wijaya\nRina Marlina, S.T.\nYusuf Hamdani",
            findings="Mesin tambahan telah terpasang sesuai rencana perluasan.",
            recommendation=FieldInspection.Recommendation.FEASIBLE,
        ),
    )


# The path of transitions that brings a new file to each status.
PATH_TO: dict[str, list[str]] = {
    Status.SUBMITTED: [],
    Status.INCOMPLETE: ["mark_incomplete"],
    Status.RECEIPTED: ["issue_receipt"],
    Status.RETURNED: ["issue_receipt", "return_for_correction"],
    Status.PROCESSED: ["issue_receipt", "process"],
    Status.PRINTED: ["issue_receipt", "process", "print_draft"],
    Status.INITIALED: ["issue_receipt", "process", "print_draft", "initial"],
    Status.SIGNED: ["issue_receipt", "process", "print_draft", "initial", "sign"],
    Status.NUMBERED: ["issue_receipt", "process", "print_draft", "initial", "sign", "number"],
    Status.HANDED_OVER: [
        "issue_receipt",
        "process",
        "print_draft",
        "initial",
        "sign",
        "number",
        "hand_over",
    ],
    Status.REJECTED: ["issue_receipt", "reject"],
    Status.WITHDRAWN: ["withdraw"],
}

STEP_INPUT = services.StepInput(
    note="Catatan contoh dari petugas.",
    recipient_name="Ahmad Fauzi",
    recipient_identity="KTP 1602011708850001",
)


def walk_to(
    status: str,
    *,
    staff: dict[Role, object],
    password: str,
    rng=None,
    index: int = 0,
    standard: ServiceStandard | None = None,
    note: str = STEP_INPUT.note,
) -> Application:
    """Register a sample file (of `standard`, IUPI's version in force when not given) and
    take it, step by step, to `status`, writing `note` at each step."""
    rng = rng or random.Random(index)
    application = register_sample(
        fo=staff[Role.FO],
        rng=rng,
        index=index,
        complete=status != Status.INCOMPLETE,
        standard=standard,
    )
    for name in PATH_TO[status]:
        if Condition.READY_FOR_PROCESSING in services.TRANSITIONS[name].conditions:
            complete_verification(back_office=staff[Role.BACK_OFFICE], application=application)
        spec = services.TRANSITIONS[name]
        data = services.StepInput(
            note=note,
            password=password,
            recipient_name=STEP_INPUT.recipient_name,
            recipient_identity=STEP_INPUT.recipient_identity,
        )
        application = services.perform_transition(
            application_id=application.pk, name=name, actor=staff[spec.role], data=data
        )
    return application


# Notes an officer would write at the steps that ask for one (demo data: `walk_timelines`).
DEMO_NOTES: dict[str, list[str]] = {
    "mark_incomplete": [
        "Belum dilampirkan: SPPL/UKL-UPL untuk kapasitas setelah perluasan. Mohon dilengkapi "
        "dan diserahkan kembali ke loket Front Office.",
        "Kekurangan: (1) dokumen SPPL perluasan belum ada; (2) fotokopi KTP penanggung jawab "
        "tidak terbaca, mohon dilampirkan ulang.",
        "SPPL yang dilampirkan masih untuk kapasitas lama; mohon lampirkan SPPL/UKL-UPL yang "
        "mencakup kapasitas tambahan.",
    ],
    "return_for_correction": [
        "Kapasitas tambahan pada formulir (40%) berbeda dengan BAP pemeriksaan lapangan "
        "(mesin terpasang baru 25%). Mohon perbaiki formulir atau lengkapi pemasangan mesin.",
        "Nilai investasi pada formulir tidak sesuai dengan laporan keuangan yang dilampirkan. "
        "Mohon lampirkan rincian investasi mesin dan bangunan perluasan.",
        "Kode KBLI pada formulir tidak sama dengan KBLI pada IUI. Mohon diperbaiki sesuai NIB.",
    ],
    "resubmit": [
        "Pemohon menyerahkan formulir perbaikan dengan kapasitas tambahan sesuai BAP (25%).",
        "Dilampirkan rincian investasi mesin dan bangunan perluasan yang ditandatangani direktur.",
        "KBLI pada formulir diperbaiki sesuai NIB dan IUI; formulir lama ditarik.",
    ],
    "reject": [
        "Hasil pemeriksaan lapangan: lokasi perluasan berada di luar kawasan peruntukan industri "
        "menurut RTRW Kabupaten Ogan Komering Ilir, sehingga perluasan tidak dapat diizinkan.",
        "Perbaikan yang diminta tidak dipenuhi: mesin tambahan belum terpasang dan pemohon "
        "tidak dapat menunjukkan bukti pengadaannya. Permohonan ditolak; pemohon dapat "
        "mengajukan kembali setelah mesin terpasang.",
    ],
    "withdraw": [
        "Surat pemohon tanggal ini: perusahaan menunda rencana perluasan karena harga "
        "komoditas turun dan mencabut permohonan IUPI.",
        "Surat direktur perusahaan: permohonan dicabut karena akan diajukan ulang dengan "
        "kapasitas perluasan yang lebih besar.",
    ],
    "send_back_by_kabid": [
        "Satuan kapasitas pada draf tertulis 'kg', seharusnya 'ton' sesuai formulir dan BAP. "
        "Mohon dicetak ulang.",
        "Alamat lokasi pabrik pada draf belum menyebut kecamatan. Mohon dilengkapi sesuai IUI.",
    ],
    "send_back_by_head": [
        "Dasar hukum pada konsiderans draf masih merujuk peraturan lama; mohon gunakan PP "
        "Nomor 28 Tahun 2025.",
        "Nama perusahaan pada draf berbeda satu huruf dengan akta/NIB. Mohon diperiksa ulang "
        "sebelum diparaf kembali.",
    ],
}
# (name, identity, proxy): a proxy brings a power of attorney (the sample PDF stands for it).
RECIPIENTS = [
    ("Ahmad Fauzi", "KTP 1602011708850001", False),
    ("Siti Rahmawati", "KTP 1602015502900002", True),
    ("Budi Santoso", "KTP 1602010101800003", False),
]


class _PastClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def move_to(self, moment: datetime) -> None:
        self.moment = moment


@contextmanager
def office_clock(moment: datetime) -> Iterator[_PastClock]:
    """Within the block it is `moment` for the office: `django.utils.timezone.now`, which the
    services, the control card, the service clock and every auto_now field read, returns it
    until `.move_to()` moves it on. For demo data written at moments in the past."""
    clock = _PastClock(moment)
    original = timezone.now
    timezone.now = clock.now
    try:
        yield clock
    finally:
        timezone.now = original


@dataclass
class Timeline:
    """One demo file: registered at `start`, then each (transition, moment) in turn."""

    start: datetime
    steps: list[tuple[str, datetime]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        # Registered incomplete when its first step sends it back to the applicant as such.
        return not self.steps or TRANSITIONS[self.steps[0][0]].target != Status.INCOMPLETE


def walk_timelines(
    timelines: list[Timeline], *, staff: dict[Role, object], password: str, rng: random.Random
) -> list[Application]:
    """Register and step the files through the real services at their moments in the past.

    Every step of every file is taken in time order, so registration and permit numbers
    follow the calendar as the locked counters would have given them. Notes come from
    DEMO_NOTES. The moments must lie in the past.
    """
    real_now = timezone.now()
    events = []
    for index, timeline in enumerate(timelines):
        events.append((timeline.start, index, REGISTER.name))
        previous = timeline.start
        for name, moment in timeline.steps:
            if moment <= previous:
                raise ValueError(f"Langkah {name} berkas demo {index} tidak berurutan.")
            events.append((moment, index, name))
            previous = moment
        if previous >= real_now:
            raise ValueError(f"Berkas demo {index} melangkah di masa depan.")
    events.sort(key=lambda event: (event[0], event[1]))
    files: dict[int, Application] = {}
    with office_clock(events[0][0]) as clock:
        for moment, index, name in events:
            clock.move_to(moment)
            today = timezone.localdate(moment)
            if name == REGISTER.name:
                files[index] = register_sample(
                    fo=staff[Role.FO],
                    rng=rng,
                    index=index,
                    complete=timelines[index].complete,
                    today=today,
                )
                continue
            application = files[index]
            spec = services.TRANSITIONS[name]
            if Condition.READY_FOR_PROCESSING in spec.conditions:
                complete_verification(
                    back_office=staff[Role.BACK_OFFICE], application=application, today=today
                )
            recipient_name, recipient_identity, proxy = rng.choice(RECIPIENTS)
            data = services.StepInput(
                note=rng.choice(DEMO_NOTES[name]) if spec.needs_note else "",
                password=password,
                recipient_name=recipient_name,
                recipient_identity=recipient_identity,
                recipient=Handover.Recipient.PROXY if proxy else Handover.Recipient.APPLICANT,
                power_of_attorney=ContentFile(SAMPLE_PDF, name="surat-kuasa.pdf")
                if proxy
                else None,
            )
            if spec.event == Event.FROM_APPLICANT and application.status == Status.INCOMPLETE:
                # The applicant brought what was missing: the FO ticks it on the checklist.
                checks = list(application.requirement_checks.filter(present=False))
                for check in checks:
                    check.present = True
                verification.update_requirement_checks(
                    actor=staff[Role.FO], application_id=application.pk, checks=checks
                )
            files[index] = services.perform_transition(
                application_id=application.pk, name=name, actor=staff[spec.role], data=data
            )
    return [files[index] for index in range(len(timelines))]
