"""The period a supervisor asks about: a form with two dates, and the presets."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone

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


def period_form(params, *, default=this_year) -> PeriodForm:
    """The form bound to the request's dates, or to the default period when none are given."""
    if "dari" not in params and "sampai" not in params:
        start, end = default(timezone.localdate())
        params = {"dari": start.isoformat(), "sampai": end.isoformat()}
    return PeriodForm(params)
