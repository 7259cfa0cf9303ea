"""The shapes the API answers with (and the OpenAPI schema describes). Field names in English,
labels as the office writes them."""

from datetime import date, datetime

from pydantic import BaseModel, Field


class Out(BaseModel):
    """The API's answers are dicts built by the resources, validated by pydantic itself:
    ninja's Schema reads every field through an attribute getter meant for model instances,
    which was most of the cost of a page of files (docs/benchmarks.md)."""


class ErrorField(Out):
    field: str
    message: str


class ErrorDetail(Out):
    code: str = Field(description="Kode tetap untuk program, mis. scope_missing.")
    message: str = Field(description="Penjelasan dalam bahasa Indonesia.")
    fields: list[ErrorField] | None = None


class ErrorOut(Out):
    error: ErrorDetail


class StandardOut(Out):
    version: int
    effective_from: date
    effective_until: date | None = Field(description="Hari terakhir berlaku; null: masih berlaku.")
    product: str
    service_days: int = Field(description="Jangka waktu penyelesaian dalam hari kerja.")
    correction_days: int
    fee_amount: int = Field(description="Biaya dalam rupiah.")
    fee_label: str


class ServiceOut(Out):
    code: str
    name: str
    category: str
    category_label: str
    active: bool
    standards: list[StandardOut]


class ClockOut(Out):
    state: str = Field(description="not_started, running, paused, ready atau closed.")
    service_days: int | None
    days_used: int
    received_at: datetime | None
    due_on: date | None
    within_time: bool | None = Field(description="Selesai dalam jangka waktu; null: belum.")


class PermitOut(Out):
    number: str
    issued_on: date
    revoked: bool


class ApplicantOut(Out):
    kind: str
    name: str
    nik: str
    npwp: str
    company_name: str
    nib: str


class FileOut(Out):
    registration_number: str
    service: str
    standard_version: int
    status: str
    status_label: str
    step: int | None = Field(description="Langkah yang sedang dijalani (1-8); null: selesai.")
    step_title: str | None
    finished_steps: int
    registered_at: datetime
    status_changed_at: datetime
    updated_at: datetime
    outcome: str | None = Field(description="issued, rejected, withdrawn; null: belum selesai.")
    clock: ClockOut | None
    permit: PermitOut | None
    applicant: ApplicantOut | None = Field(
        None, description="Hanya dengan include=applicant dan cakupan files:personal."
    )


class PeriodOut(Out):
    start: date
    end: date
    service: str | None = Field(description="Kode layanan; null: semua layanan.")


class MonthOut(Out):
    month: date
    registered: int
    receipted: int
    ready: int
    ready_on_time: int


class StepTimeOut(Out):
    step: int
    title: str
    count: int
    median_hours: float | None
    p90_hours: float | None
    allowance_hours: float | None
    within_allowance: float | None


class OpenStepOut(Out):
    step: int
    title: str
    with_office: int
    with_applicant: int


class FiguresOut(Out):
    period: PeriodOut
    service_days: int | None
    registered: int
    receipted: int
    ready: int
    ready_on_time: int
    on_time_share: float | None
    months: list[MonthOut]
    step_times: list[StepTimeOut]
    overall: StepTimeOut
    open_steps: list[OpenStepOut]
    open_total: int
    overdue_total: int


class ElementOut(Out):
    code: str
    number: int
    title: str
    nrr: float | None = Field(description="Nilai rata-rata unsur (1-4).")


class SkmOut(Out):
    period: PeriodOut
    respondents: int
    minimum_sample: int
    sample_sufficient: bool
    ikm: float | None = Field(description="Indeks kepuasan masyarakat, 25-100.")
    category: str | None
    category_label: str | None
    elements: list[ElementOut]


class CountOut(Out):
    code: str
    label: str
    count: int


class ComplaintFiguresOut(Out):
    period: PeriodOut
    received: int
    answered: int
    answered_on_time: int
    open: int
    overdue: int
    by_channel: list[CountOut]
    by_category: list[CountOut]
    by_status: list[CountOut]
