"""`manage.py standard_from_seed SEED [--output FILE]`: the office's seed document as a
standard file (data/services/iupi.yaml is made by it).

The seed (standar-pelayanan-iupi.txt) is the office's table of the IUPI standard: a title,
then rows "No<TAB>Komponen<TAB>Uraian" whose Uraian is an HTML fragment, numbered lists
written inline ("<ol> 1. ...; 2. ..."). Reading it:
- each component's row goes to its key (the requirements and commitments share the row
  "Persyaratan Administrasi", split at "<p>Pemenuhan komitmen :</p>");
- a numbered list is split at "1. ", "2. "... in turn, its items losing the ";" or "." that
  ends them; a text that is no list is kept whole;
- then the corrections that the transcriber of migration 0002 made to the seed are applied
  (CORRECTIONS below: spelling of the legal basis, the office's abbreviation, spacing around
  colons, the identity requirement split into NIK and passport), each required to match, so
  that a changed seed fails loudly rather than giving a file unlike the database;
- what the seed does not say comes from the migrations: the category, commitment codes, who
  each requirement applies to, the number format, the registration prefix and the date
  version 1 is in force from (permits 0002 and 0011).
"""

import html
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from permits.standard_file import dump_data, read

# The seed's component names (lower case) -> the file's key.
COMPONENTS = {
    "persyaratan administrasi": "requirements",
    "sistem, mekanisme dan prosedur": "procedure",
    "jangka waktu pelayanan": "service_days",
    "biaya/tarif": "fee",
    "produk pelayanan": "product",
    "penanganan pengaduan, saran dan masukan": "complaint_channel",
    "dasar hukum": "legal_basis",
    "sarana, prasarana, dan/atau fasilitas": "facilities",
    "kompetensi pelaksana": "competence",
    "pengawasan internal": "supervision",
    "jumlah pelaksana": "staffing",
    "jaminan pelayanan": "assurance",
    "jaminan keamanan dan keselamatan pelayanan": "safety",
    "evaluasi kinerja pelaksana": "evaluation",
}
ITEM_COMPONENTS = (
    "procedure",
    "complaint_channel",
    "legal_basis",
    "facilities",
    "competence",
    "supervision",
    "staffing",
    "assurance",
    "safety",
    "evaluation",
)

# (where, seed text, text): the transcription's corrections (migration 0002), in order.
CORRECTIONS = [
    ("procedure", "Kepala DPMPSTSP", "Kepala DPMPTSP"),
    ("complaint_channel", "Email : ", "Email: "),
    ("complaint_channel", "Website : ", "Website: "),
    ("complaint_channel", "Pengaduan : ", "Pengaduan: "),
    ("legal_basis", "Republik Indonesia No. 25", "Republik Indonesia Nomor 25"),
    ("legal_basis", "Permen Perindustrian", "Peraturan Menteri Perindustrian"),
    ("legal_basis", " Tentang ", " tentang "),
    ("legal_basis", " Dan ", " dan "),
    ("legal_basis", " Atas ", " atas "),
    ("legal_basis", "Perluasan Dalam Kerangka", "Perluasan dalam Kerangka"),
    ("assurance", "ISO 9001 : 2015", "ISO 9001:2015"),
    ("evaluation", "Peraturan PerUndang-Undangan", "Peraturan Perundang-undangan"),
    ("commitments", "izin lingkungan yang", "izin lingkungan (atau SPPL) yang"),
]
# The seed's first requirement names two documents; the desk checks them apart.
SPLIT_REQUIREMENTS = {
    "Memiliki Nomor Identitas yang sah (NIK bagi WNI atau Passport bagi WNA)": [
        ("Memiliki Nomor Identitas yang sah (NIK bagi WNI)", "wni"),
        ("Memiliki Nomor Identitas yang sah (Paspor bagi WNA)", "wna"),
    ],
}
ENTITY_MARK = "(bagi non perseorangan)"
COMMITMENT_CODES = ["iui", "environment", "industry_data", "field_inspection"]

# Not in the seed: from the migrations (0001's defaults, 0002, 0011's SEED_IN_FORCE).
SERVICE = {"code": "iupi", "category": "business", "active": True}
VERSION = {
    "version": 1,
    "effective_from": "2019-01-01",
    "permit_number_format": "503/{seq:04d}/IUPI/DPMPTSP/{year}",
    "registration_prefix": "IUPI",
}

HEADER = """\
# Standar pelayanan Izin Usaha Perluasan Industri (IUPI), versi 1: berkas standar format 1.
# Dibuat dari dokumen standar pelayanan kantor (standar-pelayanan-iupi.txt) dengan
#   DEBUG=1 .venv/bin/python manage.py standard_from_seed ../shared/seed/standar-pelayanan-iupi.txt
# (permits/management/commands/standard_from_seed.py: daftar yang dikerjakan dan koreksi
# transkripsinya ada di sana). Isinya sama dengan versi 1 IUPI dari migrasi permits 0002/0011.
# Impor: manage.py import_service data/services/iupi.yaml. Format: docs/services.md.
"""

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def _plain(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()


def _numbered(text: str) -> list[str]:
    """ "1. a; 2. b." -> ["a", "b"]; a text without "1. " -> [text] unchanged."""
    starts = []
    position = 0
    number = 1
    while match := re.compile(rf"(?:^|\s){number}\.\s").search(text, position):
        starts.append((match.start(), match.end()))
        position = match.end()
        number += 1
    if not starts or starts[0][0] != 0:
        return [text] if text else []
    items = []
    for index, (_, begin) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        items.append(text[begin:end].strip().rstrip(";.").strip())
    return items


def _correct(where: str, texts: list[str]) -> list[str]:
    for place, seed, text in CORRECTIONS:
        if place != where:
            continue
        if not any(seed in line for line in texts):
            raise CommandError(f"Koreksi untuk {where} tidak cocok lagi dengan dokumen: {seed!r}")
        texts = [line.replace(seed, text) for line in texts]
    return texts


def parse_seed(text: str) -> dict:
    """The seed document as a standard file's data (format 1)."""
    name = None
    rows: dict[str, str] = {}
    for line in text.splitlines():
        title = re.match(r"\s*[a-z]\.\s+Standar Pelayanan\s+(.+?)\s*$", line)
        if title and name is None:
            name = title.group(1)
            continue
        cells = line.split("\t")
        if len(cells) >= 3 and re.fullmatch(r"\d+\.", cells[0].strip()):
            component = cells[1].strip().lower()
            if component not in COMPONENTS:
                raise CommandError(f"Komponen tidak dikenal di dokumen: {cells[1]!r}")
            rows[COMPONENTS[component]] = cells[2]
    missing = [key for key in COMPONENTS.values() if key not in rows]
    if name is None or missing:
        raise CommandError(f"Dokumen tidak lengkap: {', '.join(missing) or 'judul'} tidak ada.")

    administrative, _, commitments = rows["requirements"].partition("Pemenuhan komitmen")
    administrative = re.sub(r"^.*?:\s*</p>", "", administrative.strip(), count=1)
    commitments = commitments.lstrip(" :").removeprefix("</p>")
    requirements = []
    for item in _numbered(_plain(administrative)):
        for text, applies_to in SPLIT_REQUIREMENTS.get(item, [(item, None)]):
            applies_to = applies_to or ("entity" if ENTITY_MARK in text else "all")
            requirements.append({"text": text, "applies_to": applies_to, "active": True})
    commitment_texts = _correct("commitments", _numbered(_plain(commitments)))
    if len(commitment_texts) != len(COMMITMENT_CODES):
        raise CommandError("Jumlah komitmen di dokumen tidak sama dengan kode komitmennya.")

    days = re.match(r"\s*(\d+)\b", _plain(rows["service_days"]))
    fee = _plain(rows["fee"])
    if days is None or fee.lower() != "gratis":
        raise CommandError("Jangka waktu atau biaya di dokumen tidak terbaca.")
    items = {
        component: _correct(component, _numbered(_plain(rows[component])))
        for component in ITEM_COMPONENTS
    }
    return {
        "format": 1,
        "service": {
            "code": SERVICE["code"],
            "name": name,
            "category": SERVICE["category"],
            "active": SERVICE["active"],
        },
        "version": {
            "version": VERSION["version"],
            "effective_from": VERSION["effective_from"],
            "product": _plain(rows["product"]),
            "service_days": int(days.group(1)),
            "fee_amount": "0",
            "fee_label": fee,
            "permit_number_format": VERSION["permit_number_format"],
            "registration_prefix": VERSION["registration_prefix"],
            "requirements": requirements,
            "commitments": [
                {"code": code, "text": text, "active": True}
                for code, text in zip(COMMITMENT_CODES, commitment_texts, strict=True)
            ],
            "items": items,
            # Not in the seed document: IUPI's fields and decree are still the built-in ones.
            "data_fields": [],
            "decree_title": "",
            "decree_considerations": "",
            "decree_clauses": "",
            "certificate_page": False,
            "requires_inspection": True,
            "asks_company": True,
            "asks_industry_expansion": True,
            # Point 1 of the requirements: perseorangan (WNI, WNA) or badan usaha.
            "applicant_kinds": ["wni", "wna", "entity"],
        },
    }


def seed_to_file(text: str) -> str:
    """The text of data/services/iupi.yaml from the seed document's text."""
    content = HEADER + dump_data(parse_seed(text), "yaml")
    read(content, "yaml")  # what we write must be a file import_service accepts
    return content


class Command(BaseCommand):
    help = "Buat berkas standar pelayanan (YAML) dari dokumen standar pelayanan kantor."

    def add_arguments(self, parser):
        parser.add_argument("seed", help="Dokumen standar pelayanan (teks, kolom dipisah tab).")
        parser.add_argument(
            "--output",
            default="data/services/iupi.yaml",
            help="Berkas yang ditulis; '-' untuk stdout. Bawaan: data/services/iupi.yaml.",
        )

    def handle(self, *args, seed: str, output: str, **options):
        content = seed_to_file(Path(seed).read_text(encoding="utf-8"))
        if output == "-":
            self.stdout.write(content, ending="")
            return
        Path(output).write_text(content, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"{output} ditulis."))
