"""The period of the IKM report."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from complaints import deadlines
from permits.form_fields import date_field

MAX_PERIOD_DAYS = 5 * 366


def default_period(today: date | None = None) -> tuple[date, date]:
    """This year so far: the survey is reported at least once a year."""
    today = today or deadlines.today()
    return date(today.year, 1, 1), today


class PeriodForm(forms.Form):
    start = date_field("Dari tanggal")
    end = date_field("Sampai tanggal")

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        start, end = default_period()
        if data is not None and not (data.get("start") or data.get("end")):
            data = None
        super().__init__(data, initial={"start": start, "end": end}, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise ValidationError("Tanggal awal harus sebelum tanggal akhir.")
            if (end - start).days > MAX_PERIOD_DAYS:
                raise ValidationError("Periode laporan paling panjang lima tahun.")
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen period, or this year so far when the form is empty or wrong."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.initial["start"], self.initial["end"]
