"""Fill a bench database with years of realistic files over many services, fast (issues 8, 14).

    .venv/bin/python -m bench.fill --applications 100000 --services 20 \
        --database kendali_bench [--reset]

The database (kendali_bench*, created when missing) gets staff for every role, a catalog of
--services services (the seeded IUPI unchanged and generated ones, bench/catalog.py: their
own standards, some with a second version in force from a later day, requirements,
commitments, declared fields and number series), then --applications files spread over
--years years up to today at every step and over the services (the IUPI about a third,
the others fewer and fewer), written as the services would have written them: the
applicant, the file under its service's version in force on the day it was registered,
with its final status, the values of the version's declared fields and a registration
number from its service's counter of the year (the IUPI-only columns blank for the other
services; the applicant as holder when the service asks no company), the requirement and
commitment checklists, the field inspection (BAP) once processed where the version asks
for one, the permit with a gapless number per service and year once numbered, one
control-card entry per step with its duration and notes, the counters of django-sequences
at the last number used per series; complaints with their history and the service they
name, survey answers with the file's service (one per file at most, keyed as
complaints.services does). The service clocks and the pre-counted figures (per service and
for all) are then rebuilt from the control card by the same code as
`manage.py rebuild_clocks`.

Rows are built directly (the services render and sign PDFs and send mail: far too slow
for 100,000 files): applications with bulk_create, the large tables with COPY.
Run again with the same count of files and services it does nothing; with another count
or --reset it empties the bench tables, makes the generated services afresh and fills
them again.
"""

import argparse
import itertools
import json
import random
import secrets
import sys
import time
import types
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench import env

PASSWORD = "kata-sandi-bench-123"
# (username, role code): the load test logs in as bench_fo1 and bench_sekretaris.
STAFF = (
    ("bench_fo1", "fo"),
    ("bench_fo2", "fo"),
    ("bench_bo1", "back_office"),
    ("bench_bo2", "back_office"),
    ("bench_kabid", "kabid"),
    ("bench_kadis", "kepala_dinas"),
    ("bench_umum", "bagian_umum"),
    ("bench_sekretaris", "sekretaris"),
    ("bench_pengaduan", "complaint_officer"),
)
# Tables the fill writes; emptied before a new fill. The seed data (standard, tiers,
# calendar, allowances, Krejcie-Morgan table) stays.
DATA_TABLES = (
    "complaints_complaintevent",
    "complaints_complaint",
    "complaints_surveyresponse",
    "notices_delivery",
    "permits_letter",
    "tracking_controlcardentry",
    "tracking_fileclock",
    "tracking_tally",
    "tracking_reminderlog",
    "permits_requirementcheck",
    "permits_commitmentcheck",
    "permits_fieldinspection",
    "permits_permit",
    "permits_application",
    "permits_applicant",
    "sequences_sequence",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_session",
    "auth_user_groups",
    "auth_user",
)
CHUNK = 5000
# A row written last: a fill that stopped half-way is not taken for a finished one.
DONE_MARKER = "bench/fill-done"
SERVICES_MARKER = "bench/fill-services"
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SURVEY_SHARE = 0.35  # of the files handed over
COMPLAINTS_PER_FILE = 0.03


def first_day(now: datetime, years: int, days: int | None = None) -> datetime:
    """08:00 WIB on the same day `years` years ago, or `days` days ago when given."""
    start = now.astimezone(UTC).replace(hour=1, minute=0, second=0, microsecond=0)
    if days is not None:
        return start - timedelta(days=days)
    return start.replace(year=start.year - years)


def make_staff() -> dict:
    from django.contrib.auth.models import Group, User

    from office.roles import Role

    staff: dict = {}
    for username, role in STAFF:
        user = User.objects.create_user(
            username=username, password=PASSWORD, first_name=username.title()
        )
        user.groups.add(Group.objects.get(name=role))
        staff.setdefault(Role(role), []).append(user)
    return staff


def timeline(rng: random.Random) -> list[tuple[str, float]]:
    """(transition, hours after the previous step) of one simulated file."""
    steps: list[tuple[str, float]] = []
    if rng.random() < 0.08:
        steps += [("mark_incomplete", 0.5), ("complete", rng.uniform(24, 96))]
    steps.append(("issue_receipt", rng.uniform(0.5, 4)))
    if rng.random() < 0.10:
        steps += [("return_for_correction", rng.uniform(2, 30)), ("resubmit", rng.uniform(24, 120))]
    if rng.random() < 0.05:
        return [*steps, ("reject", rng.uniform(4, 40))]
    if rng.random() < 0.02:
        return [*steps, ("withdraw", rng.uniform(4, 40))]
    stuck = rng.random() < 0.01
    steps.append(("process", rng.uniform(2, 40) + (rng.uniform(240, 1400) if stuck else 0)))
    steps.append(("print_draft", rng.uniform(0.5, 6)))
    if rng.random() < 0.05:
        steps += [("send_back_by_kabid", rng.uniform(1, 20)), ("print_draft", rng.uniform(1, 8))]
    steps.append(("initial", rng.uniform(1, 20)))
    if rng.random() < 0.03:
        steps += [
            ("send_back_by_head", rng.uniform(1, 20)),
            ("print_draft", rng.uniform(1, 8)),
            ("initial", rng.uniform(1, 20)),
        ]
    steps += [
        ("sign", rng.uniform(1, 20)),
        ("number", rng.uniform(0.5, 10)),
        ("hand_over", rng.uniform(1, 72)),
    ]
    return steps


class Plan:
    """One simulated file: its start, its steps (name, moment) and where it ended."""

    __slots__ = ("index", "permit", "seq", "standard", "start", "status", "steps", "year")

    def __init__(self, index: int, start: datetime, standard=None):
        self.index, self.start, self.steps, self.standard = index, start, [], standard
        self.status, self.year, self.seq, self.permit = "submitted", 0, 0, None


def simulate(
    total: int,
    years: int,
    rng: random.Random,
    now: datetime,
    days: int | None = None,
    catalog: list | None = None,
) -> list[Plan]:
    """Every file's history up to `now`, registration numbers and permit numbers assigned,
    each from its service's own series; each file under its service's version in force on
    the day it was registered. The first file goes to the service the pages of one service
    open (bench.pages.showcase), so they show a file on a 10-file database too."""
    from django.utils import timezone

    from bench.catalog import version_on
    from bench.pages import showcase
    from workflow.table import TRANSITIONS

    begin = first_day(now, years, days)
    span = (now - begin).total_seconds()
    starts = sorted(begin + timedelta(seconds=rng.uniform(0, span)) for _ in range(total))
    plans, registered = [], defaultdict(int)
    numbered: list[tuple[datetime, Plan]] = []
    services = [service for service, _, _ in catalog]
    weights = [weight for _, weight, _ in catalog]
    versions = {service.pk: found for service, _, found in catalog}
    first = showcase(services)
    for index, start in enumerate(starts):
        service = first if index == 0 else rng.choices(services, weights)[0]
        day = timezone.localdate(start)
        plan = Plan(index, start, version_on(versions[service.pk], day))
        plan.year = day.year
        key = (service.code, plan.year)
        registered[key] += 1
        plan.seq = registered[key]
        at = start
        for name, hours in timeline(rng):
            moment = at + timedelta(hours=hours)
            if moment > now:
                break
            plan.steps.append((name, moment))
            plan.status = TRANSITIONS[name].target
            at = moment
            if name == "number":
                numbered.append((moment, plan))
        plans.append(plan)
    # Gapless per service and year in the order the files were numbered, as the locked
    # counter gives; a new version continues its service's count.
    permit_counter: dict[tuple, int] = defaultdict(int)
    for moment, plan in sorted(numbered, key=lambda pair: pair[0]):
        year = timezone.localdate(moment).year
        key = (plan.standard.series, year)
        permit_counter[key] += 1
        plan.permit = (year, permit_counter[key], moment)
    return plans


def copy_rows(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY `rows` (tuples in the order of `columns`) into `table`; returns how many."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def note_for(name: str) -> str:
    return {
        "mark_incomplete": "Persyaratan belum lengkap, mohon dilengkapi.",
        "return_for_correction": "Kapasitas pada formulir berbeda dengan BAP; mohon diperbaiki.",
        "reject": "Lokasi pabrik tidak sesuai dengan rencana tata ruang.",
        "withdraw": "Pemohon mengajukan surat pencabutan permohonan.",
        "send_back_by_kabid": "Mohon perbaiki penulisan kapasitas pada draf.",
        "send_back_by_head": "Dasar hukum pada draf perlu diperbarui.",
    }.get(name, "")


def write_files(plans: list[Plan], staff: dict, rng: random.Random, now: datetime) -> dict:
    """Applicants, applications, checklists, BAPs, permits and control cards, in chunks."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.catalog import declared_values
    from office.roles import APPLICANT_ROLE, Role
    from permits.declared_fields import parse_declaration
    from permits.models import Applicant, Application, CommitmentType, Requirement
    from workflow.table import TRANSITIONS, Status

    standards = {plan.standard.pk: plan.standard for plan in plans}
    requirements_of = {
        pk: list(
            Requirement.objects.filter(standard_id=pk, active=True, applies_to__in=["all", "wni"])
            .order_by("order")
            .values_list("pk", "text")
        )
        for pk in standards
    }
    commitments_of = {
        pk: list(
            CommitmentType.objects.filter(standard_id=pk, active=True).values_list("pk", flat=True)
        )
        for pk in standards
    }
    specs_of = {
        pk: parse_declaration(standard.data_fields or []) for pk, standard in standards.items()
    }
    # The fill writes history: let the timestamps be the ones given.
    for name in ("created_at", "status_changed_at", "updated_at"):
        field = Application._meta.get_field(name)
        field.auto_now = field.auto_now_add = False

    written = defaultdict(int)
    handed_over: list[tuple[str, datetime]] = []
    # Entry ids are given here, so that the step's letter and notices can name their entry.
    entry_ids = itertools.count(1)
    letters: list[tuple] = []
    for offset in range(0, len(plans), CHUNK):
        chunk = plans[offset : offset + CHUNK]
        with transaction.atomic():
            applicants = Applicant.objects.bulk_create(
                Applicant(
                    kind="wni",
                    name=f"Pemohon {p.index}",
                    nik="1602011708850001",
                    npwp="013121660091000",
                    email=f"pemohon{p.index}@contoh.co.id",
                    phone="081234567890",
                    address="Jl. Letnan Mukhtar Saleh, Kayuagung",
                )
                for p in chunk
            )
            apps = []
            for plan, applicant in zip(chunk, applicants, strict=True):
                last = plan.steps[-1][1] if plan.steps else plan.start
                standard = plan.standard
                data = declared_values(
                    specs_of[standard.pk],
                    rng,
                    plan.index,
                    timezone.localdate(plan.start),
                    standard.registration_prefix,
                )
                apps.append(
                    Application(
                        registration_number=(
                            f"{standard.registration_prefix}-{plan.year}-{plan.seq:05d}"
                        ),
                        tracking_code="".join(rng.choice(TRACKING_ALPHABET) for _ in range(8)),
                        applicant=applicant,
                        standard=standard,
                        **_file_data(standard, plan, applicant, data),
                        status=plan.status,
                        status_changed_at=last,
                        created_by=staff[Role.FO][plan.index % len(staff[Role.FO])],
                        created_at=plan.start,
                        updated_at=last,
                    )
                )
            Application.objects.bulk_create(apps)

            entries, req_rows, com_rows, bap_rows, permit_rows = [], [], [], [], []
            notices: list[tuple] = []
            for plan, app in zip(chunk, apps, strict=True):
                standard = plan.standard
                requirements = requirements_of[standard.pk]
                commitments = commitments_of[standard.pk]
                fo = app.created_by
                names = {name for name, _ in plan.steps}
                # Step 1: the file registered with its checklist.
                entry_id = next(entry_ids)
                entries.append(
                    (entry_id, app.pk, "register", "", Status.SUBMITTED, fo.pk, fo.first_name,
                     Role.FO, "", "{}", plan.start, timedelta(0))
                )  # fmt: skip
                notices += step_notices(
                    "register", entry_id, app.pk, plan.start, app.registration_number, rng
                )
                missing_now = plan.status == Status.INCOMPLETE
                for i, (req_id, _text) in enumerate(requirements):
                    present = not (missing_now and i == len(requirements) - 1)
                    req_rows.append((app.pk, req_id, present, "", "", fo.pk, plan.start))
                status, at = Status.SUBMITTED, plan.start
                processed_at = None
                for name, moment in plan.steps:
                    spec = TRANSITIONS[name]
                    actor = rng.choice(staff[spec.role])
                    role = spec.role
                    context: dict = {}
                    if name == "mark_incomplete":
                        context = {"missing": [requirements[-1][1]]}
                    elif name == "number":
                        year, seq, _ = plan.permit
                        number = standard.format_permit_number(seq=seq, year=year)
                        context = {"permit_number": number}
                    elif name == "hand_over":
                        if rng.random() < 0.3:
                            actor, role, context = None, APPLICANT_ROLE, {"channel": "download"}
                        else:
                            context = {
                                "recipient_name": f"Kuasa Pemohon {plan.index}",
                                "recipient_identity": "1602011708850002",
                                "channel": "counter",
                            }
                        handed_over.append((app.registration_number, moment, standard))
                    elif name == "process":
                        processed_at = moment
                    entry_id = next(entry_ids)
                    entries.append(
                        (entry_id, app.pk, name, status, spec.target, actor.pk if actor else None,
                         actor.first_name if actor else "", role, note_for(name),
                         json.dumps(context), moment, moment - at)
                    )  # fmt: skip
                    notices += step_notices(
                        name, entry_id, app.pk, moment, app.registration_number, rng
                    )
                    if spec.letter:
                        letters.append((moment, spec.letter, app.pk, entry_id, plan.index))
                    status, at = spec.target, moment
                bo = staff[Role.BACK_OFFICE][plan.index % len(staff[Role.BACK_OFFICE])]
                for i, commitment_id in enumerate(commitments):
                    verified = processed_at is not None or (
                        "issue_receipt" in names and i < len(commitments) // 2
                    )
                    when = processed_at or at
                    com_rows.append(
                        (app.pk, commitment_id, f"SK/{plan.index}/{i + 1}" if verified else "",
                         timezone.localdate(when) if verified else None, "", "", verified,
                         bo.pk if verified else None, when if verified else None)
                    )  # fmt: skip
                if processed_at is not None and standard.requires_inspection:
                    bap_rows.append(
                        (app.pk, timezone.localdate(processed_at) - timedelta(days=1),
                         "Petugas Back Office\nTim Teknis Dinas Perindustrian",
                         "Mesin dan bangunan perluasan sesuai dengan rencana.", "feasible",
                         bo.pk, processed_at)
                    )  # fmt: skip
                if plan.permit is not None:
                    year, seq, moment = plan.permit
                    permit_rows.append(
                        (app.pk, standard.format_permit_number(seq=seq, year=year), standard.series,
                         year, seq,
                         timezone.localdate(moment), moment, secrets.token_urlsafe(16), "", "",
                         "")
                    )  # fmt: skip
            written["entries"] += copy_rows(
                "tracking_controlcardentry",
                ("id", "application_id", "transition", "from_status", "to_status", "actor_id",
                 "actor_name", "actor_role", "comment", "context", "created_at", "duration"),
                entries,
            )  # fmt: skip
            written["requirement_checks"] += copy_rows(
                "permits_requirementcheck",
                ("application_id", "requirement_id", "present", "note", "scan", "checked_by_id",
                 "checked_at"),
                req_rows,
            )  # fmt: skip
            written["commitment_checks"] += copy_rows(
                "permits_commitmentcheck",
                ("application_id", "commitment_id", "reference_number", "evidence_date",
                 "evidence_file", "note", "verified", "verified_by_id", "verified_at"),
                com_rows,
            )  # fmt: skip
            written["inspections"] += copy_rows(
                "permits_fieldinspection",
                ("application_id", "inspected_on", "team_members", "findings", "recommendation",
                 "recorded_by_id", "recorded_at"),
                bap_rows,
            )  # fmt: skip
            written["permits"] += copy_rows(
                "permits_permit",
                ("application_id", "number", "series", "year", "sequence", "issued_on",
                 "signed_at",
                 "verification_code", "pdf", "pdf_sha256", "revocation_reason"),
                permit_rows,
            )  # fmt: skip
            written["deliveries"] += copy_rows("notices_delivery", DELIVERY_COLUMNS, notices)
        print(f"  {offset + len(chunk)} berkas", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('tracking_controlcardentry', 'id'), %s)",
            [next(entry_ids)],
        )
    written["letters"] = write_letters(letters, standards, staff)
    written["handed_over"] = handed_over
    return written


DELIVERY_COLUMNS = (
    "application_id", "channel", "kind", "title", "recipient", "payload", "dedupe_key", "status",
    "attempts", "last_error", "provider_id", "created_at", "queued_at", "sent_at",
)  # fmt: skip


def step_notices(
    name: str, entry_id: int, application_id: int, moment: datetime, number: str, rng
) -> list[tuple]:
    """The delivery log rows of a step that notifies the applicant: an e-mail and a WhatsApp
    message, sent a few seconds after the step, as the worker leaves them."""
    from permits.notifications import TITLES, WHATSAPP_TEMPLATES
    from workflow.table import TRANSITIONS, Notice

    kind = Notice.RECEIPT if name == "register" else TRANSITIONS[name].notice
    if kind == Notice.NONE:
        return []
    title = f"{TITLES[kind]} {number}"
    sent = moment + timedelta(seconds=rng.uniform(2, 40))
    email = json.dumps({"subject": title, "text": f"{title}.\nLacak berkas Anda di Kendali."})
    whatsapp = json.dumps({"template": WHATSAPP_TEMPLATES[kind], "parameters": [number]})
    return [
        (application_id, "email", kind, title, f"pemohon{application_id}@contoh.co.id", email,
         f"entry:{entry_id}:email", "sent", 1, "", "", moment, moment, sent),
        (application_id, "whatsapp", kind, title, "+6281234567890", whatsapp,
         f"entry:{entry_id}:whatsapp", "sent", 1, "", f"wamid.{entry_id}", moment, moment, sent),
    ]  # fmt: skip


# Every letter of the fill names this one small PDF (a letter's document is written once
# per letter in the product; a million real PDFs would not fit a bench machine).
LETTER_PDF = "bench/surat-contoh.pdf"


def write_letters(letters: list[tuple], standards: dict, staff: dict) -> int:
    """The numbered letters of the steps that write one (notice of missing documents,
    correction, rejection, handover), gapless per series and year in the order written."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from sequences.models import Sequence

    from office.roles import Role
    from permits.letters import SUBJECTS
    from permits.models import Application, LetterSeries

    if not default_storage.exists(LETTER_PDF):
        default_storage.save(LETTER_PDF, ContentFile(MINIMAL_PDF))
    series = {s.kind: s for s in LetterSeries.objects.all()}
    product = dict(Application.objects.values_list("pk", "standard__product"))
    clerk = staff[Role.FO][0]
    counter: dict[tuple, int] = defaultdict(int)
    rows = []
    for moment, kind, application_id, entry_id, index in sorted(letters):
        one = series[kind]
        day = timezone.localdate(moment)
        counter[(one.code, day.year)] += 1
        seq = counter[(one.code, day.year)]
        rows.append(
            (one.pk, kind, day.year, seq, one.format_number(seq=seq, year=day.year), day,
             SUBJECTS[kind].format(product=product[application_id]), f"Pemohon {index}",
             application_id, entry_id, "{}", one.signatory, "", "Kepala Dinas", "", one.on_behalf,
             secrets.token_urlsafe(16), LETTER_PDF, "0" * 64, len(MINIMAL_PDF), moment, 1,
             "", moment, moment, clerk.pk)
        )  # fmt: skip
    count = copy_rows(
        "permits_letter",
        ("series_id", "kind", "year", "sequence", "number", "dated", "subject", "addressee",
         "application_id", "entry_id", "content", "signatory", "signatory_name",
         "signatory_position", "signatory_nip", "on_behalf", "verification_code", "pdf",
         "pdf_sha256", "pdf_size", "signed_at", "attempts", "last_error", "attempted_at",
         "created_at", "created_by_id"),
        rows,
    )  # fmt: skip
    Sequence.objects.bulk_create(
        Sequence(name=f"letter/{code}/{year}", last=last) for (code, year), last in counter.items()
    )
    return count


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _file_data(standard, plan: Plan, applicant, data: dict) -> dict:
    """The file's own columns: IUPI's industry data, a company, or the applicant as holder."""
    if standard.asks_industry_expansion:
        return {
            "company_name": f"PT Sawit Bench {plan.index}",
            "company_address": "Desa Celikah, Kayuagung",
            "nib": f"{9120000000000 + plan.index:013d}",
            "kbli_code": "10431",
            "kbli_title": "Industri Minyak Mentah Kelapa Sawit (Crude Palm Oil)",
            "commodity": "CPO",
            "capacity_current": Decimal(10000),
            "capacity_added": Decimal(4000),
            "capacity_unit": "ton",
            "investment_value": Decimal(1_000_000_000),
            "workers_id_men": 40,
            "workers_id_women": 12,
            "factory_location": "Desa Celikah, Kayuagung",
            "iui_number": "503/1/IUI/2023",
            "iui_date": date(2023, 3, 14),
        }
    if standard.asks_company:
        return {
            "company_name": f"CV Usaha Bench {plan.index}",
            "company_address": "Jl. Lintas Timur, Kayuagung",
            "nib": f"{9130000000000 + plan.index:013d}",
            "data": data,
        }
    return {"company_name": applicant.name, "company_address": applicant.address, "data": data}


def write_counters(plans: list[Plan]) -> None:
    """The django-sequences counters at the last number used, as the services left them."""
    from sequences.models import Sequence

    last: dict[str, int] = {}
    for plan in plans:
        code = plan.standard.series
        last[f"registration/{code}/{plan.year}"] = max(
            last.get(f"registration/{code}/{plan.year}", 0), plan.seq
        )
        if plan.permit is not None:
            key = f"permit/{code}/{plan.permit[0]}"
            last[key] = max(last.get(key, 0), plan.permit[1])
    Sequence.objects.bulk_create(Sequence(name=name, last=value) for name, value in last.items())


def write_surveys(handed_over, rng: random.Random, now: datetime) -> int:
    """Survey answers from about a third of the files handed over, keyed as the service keys."""
    from complaints import survey_counts
    from complaints.models import SurveyResponse
    from complaints.services import respondent_key

    rows = []
    for number, moment, standard in handed_over:
        if rng.random() >= SURVEY_SHARE:
            continue
        submitted = min(moment + timedelta(hours=rng.uniform(0.2, 96)), now)
        scores = {f"u{i}": rng.choices((2, 3, 4), weights=(1, 5, 4))[0] for i in range(1, 10)}
        rows.append(
            SurveyResponse(
                respondent_key=respondent_key(types.SimpleNamespace(registration_number=number)),
                submitted_at=submitted,
                service_id=standard.service_id,
                gender=rng.choice("LP"),
                age_band=rng.choice(("21-30", "31-40", "41-50", "over50")),
                education=rng.choice(("sma", "diploma", "s1", "s2")),
                occupation=rng.choice(("swasta", "wirausaha", "lainnya")),
                suggestion="" if rng.random() < 0.8 else "Pelayanan cepat, ruang tunggu nyaman.",
                **scores,
            )
        )
    SurveyResponse.objects.bulk_create(rows, batch_size=CHUNK)
    survey_counts.rebuild()  # bulk_create sends no post_save
    return len(rows)


def write_complaints(
    total_files: int, staff: dict, rng: random.Random, now: datetime, catalog: list
) -> tuple:
    """Complaints over the same years, mostly closed, the recent ones open; with their history.
    Each names the service of its related file, or (half of the others) one chosen on the
    form, as complaints.services records it."""
    from django.utils import timezone

    from complaints import deadlines
    from complaints.models import Complaint, ComplaintEvent, ComplaintTier
    from complaints.models.complaint import new_ticket
    from complaints.workflow import ComplaintStatus
    from office.roles import Role
    from permits.models import Application

    officer = staff[Role.COMPLAINT_OFFICER][0]
    tiers = list(ComplaintTier.objects.filter(active=True))
    count = max(1, int(total_files * COMPLAINTS_PER_FILE))
    span = (now - first_day(now, 5)).total_seconds()
    received = sorted(now - timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    ids = list(
        Application.objects.values_list("pk", "registration_number", "standard__service_id")[
            : count * 20
        ]
    )
    services = [service.pk for service, _, _ in catalog]
    weights = [weight for _, weight, _ in catalog]
    complaints, histories = [], []
    for at in received:
        day = timezone.localdate(at)
        related = rng.choice(ids) if ids and rng.random() < 0.4 else None
        if related:
            service_id = related[2]
        else:
            service_id = rng.choices(services, weights)[0] if rng.random() < 0.5 else None
        tier = rng.choice(tiers)
        age = (now - at).days
        fields = dict(
            ticket=new_ticket(),
            channel=rng.choice(("web", "web", "room", "email", "phone")),
            received_on=day,
            created_at=at,
            name=f"Pelapor {len(complaints)}",
            email="pelapor@contoh.id",
            related_number=related[1] if related else "",
            related_application_id=related[0] if related else None,
            service_id=service_id,
            category=rng.choice(("requirements", "time", "conduct", "facilities", "suggestion")),
            subject="Pertanyaan tentang proses perizinan",
            description="Saya ingin menanyakan perkembangan berkas dan waktu penyelesaiannya.",
            status=ComplaintStatus.RECEIVED,
            status_changed_at=at,
            verify_due_on=deadlines.verification_due(day),
        )
        events = [("submit", "", ComplaintStatus.RECEIVED, None, at)]
        steps = (
            ("verify", ComplaintStatus.VERIFIED, 1),
            ("assign", ComplaintStatus.ASSIGNED, 1),
            ("answer", ComplaintStatus.ANSWERED, tier.days),
            ("close", ComplaintStatus.CLOSED, 3),
        )
        moment = at
        for name, target, days in steps:
            moment = moment + timedelta(days=rng.uniform(0.2, days * 1.2))
            if moment > now or (age < 30 and rng.random() < 0.3):
                break
            events.append((name, fields["status"], target, officer, moment))
            fields.update(status=target, status_changed_at=moment)
            if name == "verify":
                verified_on = timezone.localdate(moment)
                fields.update(
                    tier=tier,
                    verified_on=verified_on,
                    due_on=deadlines.resolution_due(verified_on, tier.days),
                )
            elif name == "assign":
                fields.update(assigned_to=officer)
            elif name == "answer":
                fields.update(
                    reply="Berkas Anda sedang diproses; izin akan terbit sesuai standar.",
                    replied_at=moment,
                )
            elif name == "close":
                fields.update(closed_at=moment)
        # The status is protected (django-fsm): a history is written, not walked.
        complaints.append(Complaint(**fields))
        histories.append(events)
    Complaint._meta.get_field("created_at").auto_now_add = False
    Complaint.objects.bulk_create(complaints, batch_size=CHUNK)
    ComplaintEvent.objects.bulk_create(
        (
            ComplaintEvent(
                complaint=complaint,
                action=action,
                from_status=from_status,
                to_status=to_status,
                actor=actor,
                actor_name=actor.first_name if actor else "",
                created_at=moment,
            )
            for complaint, events in zip(complaints, histories, strict=True)
            for action, from_status, to_status, actor, moment in events
        ),
        batch_size=CHUNK,
    )
    return len(complaints), sum(len(events) for events in histories)


def empty_database() -> None:
    from django.core.cache import cache
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE")
    cache.clear()


def rebuild_figures() -> None:
    from django.db import transaction

    from office.calendar import load_calendar
    from permits.models import Application
    from tracking.clocks import rebuild

    files = Application.objects.values_list("pk", "standard__service_days", "standard__service_id")
    service_days, services = {}, {}
    for pk, days, service_id in files.iterator(chunk_size=10_000):
        service_days[pk], services[pk] = days, service_id
    with transaction.atomic():
        rebuild(calendar=load_calendar(), service_days=service_days, services=services)


def fill(
    total: int, *, years: int = 5, days: int | None = None, seed: int = 2026, services: int = 20
) -> dict:
    """Empty the bench tables and fill them; returns what was written and how long it took."""
    from django.db import connection
    from django.utils import timezone
    from sequences.models import Sequence

    from bench.catalog import make_catalog

    now = timezone.now()
    rng = random.Random(seed)
    timings: dict = {}
    empty_database()
    staff = make_staff()

    started = time.perf_counter()
    catalog = make_catalog(services, timezone.localdate(now))
    plans = simulate(total, years, rng, now, days, catalog)
    written = write_files(plans, staff, rng, now)
    write_counters(plans)
    written["surveys"] = write_surveys(written.pop("handed_over"), rng, now)
    written["complaints"], written["complaint_events"] = write_complaints(
        total, staff, rng, now, catalog
    )
    timings["rows_s"] = time.perf_counter() - started

    started = time.perf_counter()
    rebuild_figures()
    timings["rebuild_s"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # As autovacuum leaves settled tables: statistics and the visibility map (index-only
        # scans) fresh. Outside a transaction: Django runs in autocommit here.
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum_s"] = time.perf_counter() - started
    # How long it took, read back by bench.load for the report; the marker last.
    for key in ("rows_s", "rebuild_s", "vacuum_s"):
        Sequence.objects.create(name=f"bench/fill-{key}", last=round(timings[key]))
    Sequence.objects.create(name=SERVICES_MARKER, last=services)
    Sequence.objects.create(name=DONE_MARKER, last=total)
    return {**written, "services": services, **timings}


def present() -> tuple[int, int]:
    """How many files and services a finished fill left ((-1, -1): none finished; a broken
    fill is refilled)."""
    from sequences.models import Sequence

    marks = dict(
        Sequence.objects.filter(name__in=[DONE_MARKER, SERVICES_MARKER]).values_list("name", "last")
    )
    if DONE_MARKER not in marks:
        return -1, -1
    return marks[DONE_MARKER], marks.get(SERVICES_MARKER, 1)


def ensure_database(name: str) -> None:
    import psycopg

    env.database_url(name)  # refuses other names
    with psycopg.connect(env.PG + "postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--database", default="kendali_bench")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument(
        "--days", type=int, help="spread the files over this many days instead of --years"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--services", type=int, default=20, help="services of the catalog, the IUPI included"
    )
    parser.add_argument("--reset", action="store_true", help="empty and fill again")
    args = parser.parse_args(argv)
    if args.applications < 1 or not 1 <= args.years <= 20 or (args.days or 1) < 1:
        parser.error("--applications dan --days harus >= 1, --years antara 1 dan 20.")

    ensure_database(args.database)
    env.setup(args.database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    if not args.reset and present() == (args.applications, args.services):
        print(
            f"{args.database} sudah berisi {args.applications} berkas dari {args.services} "
            "layanan; tidak diisi ulang."
        )
        return 0
    span = f"{args.days} hari" if args.days else f"{args.years} tahun"
    print(
        f"Mengisi {args.database} dengan {args.applications} berkas ({span}, "
        f"{args.services} layanan) ..."
    )
    started = time.perf_counter()
    result = fill(
        args.applications,
        years=args.years,
        days=args.days,
        seed=args.seed,
        services=args.services,
    )
    total_s = time.perf_counter() - started
    print(
        ", ".join(f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items())
        + f", total_s={total_s:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
