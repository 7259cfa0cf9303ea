"""What a decree template's placeholders stand for: a file's data, or a sample for previews.

The names are the vocabulary of permits.documents.placeholders; a version's declared
fields come as `data.<name>`, read back from the file's JSON values.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from permits.declared_fields import FieldSpec, from_json, parse_declaration
from permits.documents import context as ctx
from permits.validators import format_npwp

# Diktum names, as decrees count them.
ORDINALS = (
    "KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN",
    "KESEMBILAN", "KESEPULUH", "KESEBELAS", "KEDUA BELAS", "KETIGA BELAS", "KEEMPAT BELAS",
    "KELIMA BELAS",
)  # fmt: skip


def ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else f"KE-{index + 1}"


def specs_of(standard) -> tuple[FieldSpec, ...]:
    return parse_declaration(standard.data_fields or [])


def _office_values() -> dict[str, object]:
    office = ctx.office_context()
    profile = office["office"]
    return {
        "kantor.nama": profile.name,
        "kantor.nama_lengkap": office["office_full_name"],
        "kantor.singkatan": profile.short_name,
        "kantor.pemerintah": profile.government,
        "kantor.daerah": office["region"],
        "kantor.kota": profile.city,
        "kantor.alamat": profile.address,
        "penandatangan.nama": profile.head_name,
        "penandatangan.jabatan": office["head_title"].title(),
        "penandatangan.nip": profile.head_nip,
    }


def _service_values(standard) -> dict[str, object]:
    return {
        "layanan.kode": standard.service.code,
        "layanan.nama": standard.service.name,
        "layanan.produk": standard.product,
        "layanan.biaya": standard.fee_amount,
        "layanan.lama_hari": standard.service_days,
    }


def _data_values(specs, stored: dict) -> dict[str, object]:
    values = {}
    for spec in specs:
        if spec.type == "file":
            continue
        value = from_json(spec, stored.get(spec.name))
        if spec.type == "choice" and value is not None:
            value = spec.choice_labels.get(value, value)
        values[f"data.{spec.name}"] = value
    return values


def values_for(application, permit=None) -> dict[str, object]:
    """The placeholders' values for one file (`permit` None for the draft: no number yet)."""
    applicant = application.applicant
    standard = application.standard
    received = ctx.received_at(application)
    inspection = getattr(application, "field_inspection", None)
    return {
        "pemohon.nama": applicant.name,
        "pemohon.jenis": applicant.get_kind_display(),
        "pemohon.npwp": format_npwp(applicant.npwp),
        "pemohon.alamat": applicant.address,
        "pemohon.telepon": applicant.phone,
        "perusahaan.nama": application.company_name,
        "perusahaan.alamat": application.company_address,
        "perusahaan.nib": application.nib,
        "perusahaan.npwp": format_npwp(applicant.npwp),
        "perusahaan.kbli": application.kbli_code,
        "perusahaan.kbli_judul": application.kbli_title,
        "perusahaan.kbli_edisi": application.kbli_edition,
        "berkas.nomor_registrasi": application.registration_number,
        "berkas.tanggal_terima": timezone.localdate(received) if received else None,
        "berkas.tanggal_pemeriksaan": inspection.inspected_on if inspection else None,
        "izin.nomor": permit.number if permit else None,
        "izin.tanggal": permit.issued_on if permit else None,
        "izin.tahun": str(permit.year) if permit else None,
        **_office_values(),
        **_service_values(standard),
        **_data_values(specs_of(standard), application.data or {}),
    }


_SAMPLE_DATA = {
    "text": "Contoh isian",
    "long_text": "Contoh uraian yang lebih panjang.",
    "integer": 120,
    "decimal": Decimal("49500.5"),
    "money": Decimal("25000000000"),
    "yes_no": True,
    "kbli": "10431",
    "nib": "9120000000000",
    "phone": "+6281234567890",
}


def sample_values(standard) -> dict[str, object]:
    """A made-up file for the administrator's preview, with every placeholder filled."""
    today = timezone.localdate()
    data = {}
    for spec in specs_of(standard):
        if spec.type == "file":
            continue
        if spec.type == "date":
            data[f"data.{spec.name}"] = date(today.year, 1, 15)
        elif spec.type == "choice":
            data[f"data.{spec.name}"] = spec.choices[0][1]
        else:
            data[f"data.{spec.name}"] = _SAMPLE_DATA[spec.type]
    return {
        "pemohon.nama": "Ahmad Fauzi",
        "pemohon.jenis": "Badan usaha",
        "pemohon.npwp": "01.312.166.0-091.000",
        "pemohon.alamat": "Jl. Letnan Muchtar Saleh No. 12, Kayuagung",
        "pemohon.telepon": "0812-3456-7890",
        "perusahaan.nama": "PT Contoh Sejahtera",
        "perusahaan.alamat": "Desa Celikah, Kecamatan Kayuagung",
        "perusahaan.nib": "9120000000000",
        "perusahaan.npwp": "01.312.166.0-091.000",
        "perusahaan.kbli": "10431",
        "perusahaan.kbli_judul": "Industri Minyak Mentah Kelapa Sawit",
        "perusahaan.kbli_edisi": "2020",
        "berkas.nomor_registrasi": f"{standard.registration_prefix}-{today.year}-00001",
        "berkas.tanggal_terima": today,
        "berkas.tanggal_pemeriksaan": today,
        "izin.nomor": standard.format_permit_number(seq=1, year=today.year),
        "izin.tanggal": today,
        "izin.tahun": str(today.year),
        **_office_values(),
        **_service_values(standard),
        **data,
    }


def rendered_decree(decree: dict, values: dict, *, strict: bool) -> dict:
    """The decree's texts as HTML (permits.documents.decree_template.compiled): the title, the
    considerations (a, b, ...) and the clauses (KESATU, ...)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {
        "title": decree["title"].render_html(values, strict=strict),
        "considerations": [
            (letters[i % 26], part.render_html(values, strict=strict))
            for i, part in enumerate(decree["considerations"])
        ],
        "clauses": [
            (ordinal(i), part.render_html(values, strict=strict))
            for i, part in enumerate(decree["clauses"])
        ],
    }
