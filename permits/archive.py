"""Archive packages: the permits of a period, each PDF with a JSON record (docs/archive.md).

`write_package(start, end, destination)` writes one ZIP:

    manifest.json                     the package: office, period, when, how many, each file's hash
    izin/<year>/<number>/izin.pdf     the stored permit, byte for byte
    izin/<year>/<number>/izin.json    its record (number, service, applicant, dates, hash,
                                      signature summary, classification code, retention)
    izin/<year>/<number>/surat-*.pdf  the file's numbered letters (the handover record...)

Everything is read, nothing is changed; the ZIP is written to a temporary file beside the
destination and renamed into place at the end, so a failure leaves no half-written package.
"""

import hashlib
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from office.models import OfficeProfile
from permits.models import Letter, Permit
from permits.signing.validation import check_pdf_signature
from tracking.models import ControlCardEntry

FORMAT = 1
# How many permits the admin action packs in a request; more goes through the command.
IN_REQUEST_LIMIT = 200


@dataclass(frozen=True)
class Package:
    path: Path
    permits: int
    letters: int
    missing: list[str]  # numbers of permits whose stored PDF could not be read


def permits_of_period(start: date, end: date):
    return (
        Permit.objects.filter(issued_on__gte=start, issued_on__lte=end)
        .exclude(pdf="")
        .select_related("application__standard__service", "application__applicant")
        .order_by("issued_on", "number")
    )


def _safe(number: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", number).strip("-")


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def signature_summary(pdf: bytes) -> dict:
    check = check_pdf_signature(pdf)
    return {
        "verdict": check.verdict,
        "valid": check.is_valid,
        "signer": check.signer_name,
        "signer_organization": check.signer_organization,
        "issuer": check.issuer_name,
        "trusted": check.trusted,
        "signing_time": _iso(check.signing_time),
        "timestamp_time": _iso(check.timestamp_time),
    }


def _steps(application_id: int) -> dict[str, datetime]:
    """The first moment of each step of the file (from its control card)."""
    moments: dict[str, datetime] = {}
    for transition, at in (
        ControlCardEntry.objects.filter(application_id=application_id)
        .order_by("created_at", "pk")
        .values_list("transition", "created_at")
    ):
        moments.setdefault(transition, at)
    return moments


def permit_record(permit: Permit, pdf: bytes, letters: list[dict]) -> dict:
    application = permit.application
    standard = application.standard
    steps = _steps(application.pk)
    issued = permit.issued_on
    active_until = _add_years(issued, standard.retention_active_years)
    return {
        "format": FORMAT,
        "jenis_arsip": "Izin",
        "nomor_izin": permit.number,
        "tanggal_terbit": _iso(issued),
        "layanan": {
            "kode": standard.service.code,
            "nama": standard.service.name,
            "produk": standard.product,
            "versi_standar": standard.version,
        },
        "pemohon": {
            "nama": application.applicant.name,
            "perusahaan": application.company_name,
            "nib": application.nib,
        },
        "nomor_registrasi": application.registration_number,
        "tanggal": {
            "didaftarkan": _iso(steps.get("register") or application.created_at),
            "tanda_terima": _iso(steps.get("issue_receipt")),
            "ditandatangani": _iso(permit.signed_at),
            "diberi_nomor": _iso(steps.get("number")),
            "diserahkan": _iso(steps.get("hand_over")),
            "dicabut": _iso(permit.revoked_at),
        },
        "berkas": {
            "nama": "izin.pdf",
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "sha256_tercatat": permit.pdf_sha256,
            "ukuran_byte": len(pdf),
            "format": "PDF/A (PAdES)",
        },
        "tanda_tangan": signature_summary(pdf),
        "klasifikasi_arsip": standard.archive_code,
        "retensi": {
            "aktif_tahun": standard.retention_active_years,
            "inaktif_tahun": standard.retention_inactive_years,
            "keterangan": standard.retention_disposition,
            "aktif_sampai": _iso(active_until),
            "inaktif_sampai": _iso(_add_years(active_until, standard.retention_inactive_years)),
        },
        "surat_terkait": letters,
    }


def _read(field) -> bytes | None:
    try:
        with field.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def write_package(start: date, end: date, destination: Path | str, *, permits=None) -> Package:
    """The archive ZIP of the permits issued from `start` to `end` (inclusive), or of
    `permits` (a queryset, e.g. the admin's selection) within that period."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    office = OfficeProfile.current()
    entries, missing, letter_count = [], [], 0
    fd, temporary = tempfile.mkstemp(prefix=".arsip-", suffix=".zip.tmp", dir=destination.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as package:
            chosen = permits_of_period(start, end)
            if permits is not None:
                chosen = chosen.filter(pk__in=permits.values("pk"))
            for permit in chosen.iterator(chunk_size=200):
                pdf = _read(permit.pdf)
                if pdf is None:
                    missing.append(permit.number)
                    continue
                folder = f"izin/{permit.year}/{_safe(permit.number)}"
                letters = []
                for letter in Letter.objects.filter(application_id=permit.application_id).exclude(
                    pdf=""
                ):
                    data = _read(letter.pdf)
                    if data is None:
                        continue
                    name = f"surat-{_safe(letter.number)}.pdf"
                    package.writestr(f"{folder}/{name}", data)
                    entries.append({"path": f"{folder}/{name}", "sha256": letter.pdf_sha256})
                    letters.append(
                        {
                            "nomor": letter.number,
                            "tanggal": _iso(letter.dated),
                            "perihal": letter.subject,
                            "berkas": name,
                            "sha256": hashlib.sha256(data).hexdigest(),
                        }
                    )
                    letter_count += 1
                record = permit_record(permit, pdf, letters)
                package.writestr(f"{folder}/izin.pdf", pdf)
                package.writestr(
                    f"{folder}/izin.json", json.dumps(record, ensure_ascii=False, indent=2)
                )
                entries.append({"path": f"{folder}/izin.pdf", "sha256": record["berkas"]["sha256"]})
            manifest = {
                "format": FORMAT,
                "pencipta_arsip": f"{office.name} {office.government}",
                "periode": {"dari": _iso(start), "sampai": _iso(end)},
                "dibuat_pada": _iso(timezone.now()),
                "jumlah_izin": sum(1 for e in entries if e["path"].endswith("/izin.pdf")),
                "jumlah_surat": letter_count,
                "tidak_terbaca": missing,
                "berkas": entries,
            }
            package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Package(
        path=destination,
        permits=manifest["jumlah_izin"],
        letters=letter_count,
        missing=missing,
    )
