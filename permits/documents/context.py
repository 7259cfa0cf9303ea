"""What every printed document shares: the letterhead, Indonesian dates and numbers, the
control-card moments a document quotes (received, signed, rejected), the company data."""

import base64
from datetime import datetime
from functools import cache

import filetype
from PIL import ImageFont

from office.indonesian import hari_tanggal, jam, number_id, rupiah, tanggal, terbilang
from office.indonesian import tanggal_jam as tanggal_jam  # documents' API: ctx.tanggal_jam
from office.models import OfficeProfile
from office.pdf import fonts_dir
from permits.declared_fields import display, parse_declaration
from permits.templatetags.kendali import duration_id
from permits.validators import format_npwp
from tracking.deadlines import due_date
from tracking.models import ControlCardEntry

# A neutral stand-in until the office uploads its logo in the admin: a plain shield outline.
PLACEHOLDER_LOGO = (
    "data:image/svg+xml;charset=utf-8,"
    "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 120'%3E"
    "%3Cpath d='M50 4 L94 18 L94 58 C94 88 72 106 50 116 C28 106 6 88 6 58 L6 18 Z' "
    "fill='none' stroke='%23777' stroke-width='4'/%3E"
    "%3Cpath d='M50 18 L82 28 L82 58 C82 80 66 94 50 102 C34 94 18 80 18 58 L18 28 Z' "
    "fill='%23e6e6e6' stroke='%23999' stroke-width='2'/%3E"
    "%3Ccircle cx='50' cy='56' r='14' fill='none' stroke='%23999' stroke-width='3'/%3E"
    "%3C/svg%3E"
)


# --- the office ----------------------------------------------------------------


def logo_data_uri(office: OfficeProfile) -> str:
    """The uploaded logo embedded in the document, or a neutral placeholder."""
    if not office.logo:
        return PLACEHOLDER_LOGO
    try:
        with office.logo.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return PLACEHOLDER_LOGO
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ("image/png", "image/jpeg", "image/gif", "image/webp"):
        if data.lstrip()[:5] in (b"<?xml", b"<svg "):
            return "data:image/svg+xml;base64," + base64.b64encode(data).decode()
        return PLACEHOLDER_LOGO
    return f"data:{kind.mime};base64," + base64.b64encode(data).decode()


def region_of(office: OfficeProfile) -> str:
    """ "Pemerintah Kabupaten Ogan Komering Ilir" -> "Kabupaten Ogan Komering Ilir"."""
    government = office.government.strip()
    prefix = "pemerintah "
    if government.lower().startswith(prefix):
        return government[len(prefix) :].strip()
    return government


# The letterhead's contact line (templates/pdf/base.css, `.kop-contact`): 9 pt in the text
# column of the letterhead, which is A4 less the page margins, the logo and the spacer
# (21 - 2.5 - 2 - 2.2 - 0.6 cm). Keep these in step with the stylesheet.
KOP_CONTACT_SIZE = 9.0
KOP_TEXT_WIDTH = (21 - 2.5 - 2 - 2.2 - 0.6) / 2.54 * 72
KOP_SEPARATOR = " | "
# Items share a line only with room to spare: the line is measured without kerning.
KOP_FILL = 0.92


@cache
def _regular_font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts_dir() / "LiberationSerif-Regular.ttf"), 100)


def text_width(text: str, size: float) -> float:
    """How wide `text` is set in the documents' regular face at `size` points, in points."""
    return _regular_font().getlength(text) * size / 100


def contact_lines(
    items: list[tuple[str, str]], width: float = KOP_TEXT_WIDTH * KOP_FILL
) -> list[list[tuple[str, str]]]:
    """The letterhead's (label, value) contact items grouped into its lines, in order.

    An item joins the line before it when the line, separators included, still fits;
    otherwise it starts a line of its own (and wraps there if it is longer than a line).
    So a separator only ever stands between two items on one line, never at a line's end.
    """

    def width_of(line: list[tuple[str, str]]) -> float:
        text = KOP_SEPARATOR.join(f"{label} {value}" for label, value in line)
        return text_width(text, KOP_CONTACT_SIZE)

    lines: list[list[tuple[str, str]]] = []
    for item in items:
        if lines and width_of([*lines[-1], item]) <= width:
            lines[-1].append(item)
        else:
            lines.append([item])
    return lines


def office_context() -> dict:
    office = OfficeProfile.current()
    region = region_of(office)
    contacts = [
        (label, value)
        for label, value in (
            ("Telepon", office.phone),
            ("Pos\u2011el:", office.email),  # a no-break hyphen: "Pos-" never ends a line
            ("Laman:", office.website),
        )
        if value
    ]
    return {
        "office": office,
        "region": region,
        "logo": logo_data_uri(office),
        "kop_contact_lines": contact_lines(contacts),
        # "KEPALA DINAS ... KABUPATEN OGAN KOMERING ILIR" as it is written above a signature.
        "head_title": f"{office.head_position} {region}".upper(),
        "office_full_name": f"{office.name} {region}",
    }


# --- the control card moments a document quotes -----------------------------------


def first_entry(application, transition: str) -> ControlCardEntry | None:
    return (
        ControlCardEntry.objects.filter(application=application, transition=transition)
        .order_by("created_at", "pk")
        .first()
    )


def last_entry(application, transition: str) -> ControlCardEntry | None:
    return (
        ControlCardEntry.objects.filter(application=application, transition=transition)
        .order_by("created_at", "pk")
        .last()
    )


def received_at(application) -> datetime | None:
    """When the receipt was issued (step 2): the start of the service-time clock."""
    entry = first_entry(application, "issue_receipt")
    return entry.created_at if entry else None


def service_terms(application) -> dict:
    """The terms of the version the file was registered under, never a later one."""
    standard = application.standard
    received = received_at(application)
    due = due_date(received, standard.service_days)
    fee = standard.fee_label or "Gratis"
    if standard.fee_amount:
        fee = f"{rupiah(standard.fee_amount)} ({standard.fee_label})"
    elif standard.fee_label:
        fee = f"{standard.fee_label} (Rp 0)"
    return {
        "standard": standard,
        "received_at": received,
        "received_text": f"{hari_tanggal(received)} pukul {jam(received)}" if received else "",
        "due_date": due,
        "due_text": hari_tanggal(due),
        "service_days_text": (
            f"{standard.service_days} ({terbilang(standard.service_days)}) hari kerja"
        ),
        "fee_text": fee,
    }


# --- the company data of the decree ------------------------------------------------


def _capacity(value, unit: str) -> str:
    return f"{number_id(value)} {unit} per tahun"


def company_rows(application) -> list[tuple[str, str]]:
    """The data of Diktum KESATU, formatted as printed (label, value)."""
    a = application
    added = _capacity(a.capacity_added, a.capacity_unit)
    share = a.added_capacity_share
    if share is not None:
        added = f"{added} ({number_id(share, 1)}% dari kapasitas terpasang)"
    location = a.factory_location
    location += " (di dalam kawasan industri)" if a.in_industrial_estate else ""
    return [
        ("Nama Perusahaan", a.company_name),
        ("Alamat Perusahaan", a.company_address),
        ("Penanggung Jawab", a.applicant.name),
        ("Nomor Induk Berusaha", a.nib),
        ("NPWP", format_npwp(a.applicant.npwp)),
        ("KBLI", f"{a.kbli_code} - {a.kbli_title} (KBLI {a.kbli_edition})"),
        ("Komoditas / Jenis Produk", a.commodity),
        ("Kapasitas Terpasang Saat Ini", _capacity(a.capacity_current, a.capacity_unit)),
        ("Penambahan Kapasitas", added),
        (
            "Kapasitas Setelah Perluasan",
            _capacity(a.capacity_current + a.capacity_added, a.capacity_unit),
        ),
        ("Nilai Investasi Perluasan", rupiah(a.investment_value)),
        ("Lokasi Pabrik", location),
        ("Nomor dan Tanggal IUI", f"{a.iui_number} tanggal {tanggal(a.iui_date)}"),
    ]


def holder_rows(application) -> list[tuple[str, str]]:
    """The data of Diktum KESATU of a template decree: who holds the permit (the company,
    or the applicant for a service for individuals), then each declared field but uploads."""
    a = application
    applicant = a.applicant
    if a.standard.asks_company:
        rows = [
            ("Nama Perusahaan", a.company_name),
            ("Alamat Perusahaan", a.company_address),
            ("Penanggung Jawab", applicant.name),
            ("Nomor Induk Berusaha", a.nib),
            ("NPWP", format_npwp(applicant.npwp)),
        ]
    else:
        rows = [
            ("Nama", applicant.name),
            ("Identitas", applicant.identity_label),
            ("Alamat", applicant.address),
            ("NPWP", format_npwp(applicant.npwp)),
        ]
    stored = a.data or {}
    for spec in parse_declaration(a.standard.data_fields or []):
        if spec.type != "file":
            rows.append((spec.label, display(spec, stored.get(spec.name))))
    return rows


def workforce(application) -> dict:
    a = application
    return {
        "id_men": a.workers_id_men,
        "id_women": a.workers_id_women,
        "id_total": a.workers_id_men + a.workers_id_women,
        "foreign_men": a.workers_foreign_men,
        "foreign_women": a.workers_foreign_women,
        "foreign_total": a.workers_foreign_men + a.workers_foreign_women,
        "men": a.workers_id_men + a.workers_foreign_men,
        "women": a.workers_id_women + a.workers_foreign_women,
        "total": a.workers_total,
    }


def duration_text(value) -> str:
    return duration_id(value)
