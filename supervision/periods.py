"""The period a supervisor asks about: a form with two dates, and the presets."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from permits.form_fields import service_filter_field

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class Preset:
    label: str
    start: date
    end: date

    @property
    def query(self) -> str:
        return f"dari={self.start.isoformat()}&sampai={self.end.isoformat()}"


def this_month(today: date) -> tuple[date, date]:
    start = today.replace(day=1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return start, end


def this_year(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), date(today.year, 12, 31)


def presets(today: date | None = None) -> list[Preset]:
    today = today or timezone.localdate()
    last_year = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return [
        Preset("Bulan ini", *this_month(today)),
        Preset("Tahun ini", *this_year(today)),
        Preset("Tahun lalu", *last_year),
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    dari = forms.DateField(label="Dari tanggal", widget=DateInput, input_formats=["%Y-%m-%d"])
    sampai = forms.DateField(label="Sampai tanggal", widget=DateInput, input_formats=["%Y-%m-%d"])
    layanan = service_filter_field()

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        for name, value in (("dari", start), ("sampai", end)):
            if value and not EARLIEST <= value <= LATEST:
                self.add_error(name, "Tanggal harus antara tahun 2000 dan 2100.")
        if start and end and end < start and not self.errors:
            self.add_error("sampai", "Tanggal akhir tidak boleh sebelum tanggal awal.")
        return data

    @property
    def period(self) -> tuple[date, date]:
        return self.cleaned_data["dari"], self.cleaned_data["sampai"]

    @property
    def service(self):
        """The service chosen, or None for every service together."""
        return self.cleaned_data.get("layanan")

    @property
    def service_query(self) -> str:
        """The service part of the address, kept by the presets and the other pages."""
        code = self.data.get("layanan") or ""
        return f"layanan={code}" if code else ""


def period_form(params, *, default=this_year) -> PeriodForm:
    """The form bound to the request's dates, or to the default period when none are given;
    the service chosen is kept either way."""
    if "dari" not in params and "sampai" not in params:
        start, end = default(timezone.localdate())
        params = {
            "dari": start.isoformat(),
            "sampai": end.isoformat(),
            "layanan": params.get("layanan", ""),
        }
    return PeriodForm(params)
