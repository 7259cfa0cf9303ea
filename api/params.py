"""The query parameters the resources share: a period, a service, the files' filters.

Each is checked by pydantic; what fails becomes a 400 with the field named (api.main), so a
malformed filter never reaches the database.
"""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, ValidationInfo, field_validator

from workflow.table import Status

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
LONGEST_PERIOD_DAYS = 366 * 10 + 3


def _in_range(value: date | None) -> date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValueError("Tanggal harus antara tahun 2000 dan 2100.")
    return value


class PeriodQuery(Schema):
    start: date = Field(alias="from", description="Tanggal awal (YYYY-MM-DD), termasuk.")
    end: date = Field(alias="to", description="Tanggal akhir (YYYY-MM-DD), termasuk.")
    service: str | None = Field(None, description="Kode layanan; kosong: semua layanan.")

    _dates = field_validator("start", "end")(_in_range)

    @field_validator("end")
    @classmethod
    def after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start and end < start:
            raise ValueError("Tanggal akhir (to) tidak boleh sebelum tanggal awal (from).")
        if start and (end - start).days > LONGEST_PERIOD_DAYS:
            raise ValueError("Periode paling lama sepuluh tahun.")
        return end


class FileQuery(Schema):
    service: str | None = Field(None, description="Kode layanan.")
    status: str | None = Field(
        None, description="Satu status atau beberapa dipisah koma, mis. signed,numbered."
    )
    registered_from: date | None = Field(None, description="Didaftarkan sejak (YYYY-MM-DD).")
    registered_to: date | None = Field(None, description="Didaftarkan sampai (YYYY-MM-DD).")
    updated_since: datetime | None = Field(
        None, description="Diubah sejak (ISO 8601, dengan zona waktu), untuk tarikan susulan."
    )
    include: str | None = Field(
        None, description="applicant: sertakan nama dan nomor identitas (cakupan files:personal)."
    )

    _dates = field_validator("registered_from", "registered_to")(_in_range)

    @field_validator("status")
    @classmethod
    def known_statuses(cls, value: str | None) -> str | None:
        if not value:
            return None
        unknown = [s for s in value.split(",") if s.strip() not in Status.values]
        if unknown:
            raise ValueError(
                f"Status tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(Status.values)}."
            )
        return value

    @field_validator("include")
    @classmethod
    def known_includes(cls, value: str | None) -> str | None:
        if value and value != "applicant":
            raise ValueError("Nilai include yang dikenal hanya: applicant.")
        return value or None

    @field_validator("registered_to")
    @classmethod
    def after_from(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("registered_from")
        if start and end and end < start:
            raise ValueError("registered_to tidak boleh sebelum registered_from.")
        return end

    @property
    def statuses(self) -> list[str]:
        return [s.strip() for s in self.status.split(",")] if self.status else []
