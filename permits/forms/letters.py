"""Bagian Umum's entry in the register for a letter written outside Kendali."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from permits.form_fields import VisibleTextMixin


class GeneralLetterForm(VisibleTextMixin, forms.Form):
    dated = forms.DateField(
        label="Tanggal surat",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Isi tanggal surat.",
            "invalid": "Tanggal tidak dikenali. Gunakan format hari-bulan-tahun.",
        },
    )
    subject = forms.CharField(
        label="Perihal",
        max_length=300,
        error_messages={"required": "Isi perihal surat."},
    )
    addressee = forms.CharField(
        label="Kepada",
        max_length=300,
        help_text="Nama dan jabatan atau instansi penerima surat.",
        error_messages={"required": "Isi penerima surat."},
    )
    understood = forms.BooleanField(
        label=(
            "Saya mengerti: nomor surat diambil dari register dan tidak dapat dibatalkan atau "
            "dipakai ulang."
        ),
        error_messages={"required": "Centang pernyataan ini untuk mengambil nomor."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"dated": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_dated(self):
        dated = self.cleaned_data["dated"]
        today = timezone.localdate()
        if dated > today:
            raise ValidationError("Tanggal surat tidak boleh setelah hari ini.")
        if dated.year != today.year:
            raise ValidationError(
                f"Nomor surat diambil dari register tahun berjalan: pilih tanggal di tahun "
                f"{today.year}."
            )
        return dated
