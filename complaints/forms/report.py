"""The period of the IKM report, and the service it covers (or every service)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from complaints import deadlines
from permits.form_fields import date_field, service_filter_field

MAX_PERIOD_DAYS = 5 * 366


def default_period(today: date | None = None) -> tuple[date, date]:
    """This year so far: the survey is reported at least once a year."""
    today = today or deadlines.today()
    return date(today.year, 1, 1), today


class PeriodForm(forms.Form):
    start = date_field("Dari tanggal")
    end = date_field("Sampai tanggal")
    layanan = service_filter_field()

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        start, end = default_period()
        if data is not None and not (data.get("start") or data.get("end")):
            # No dates: this year so far, for the service asked about (if any).
            service = data.get("layanan")
            data = {"start": start, "end": end, "layanan": service} if service else None
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

    def service(self):
        """The service chosen, or None for every service (also when the form is wrong)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("layanan")
        return None
