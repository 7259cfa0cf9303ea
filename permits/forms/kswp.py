"""A new KSWP check of the applicant's NPWP, recorded by the FO on the requirements page.

The receipt needs an NPWP that passes KSWP (workflow.table Condition.NPWP_PASSES_KSWP); a
file sent back because it did not pass comes back with a new check.
"""

from django import forms

from permits.form_fields import date_field, mark_max_today, not_in_future
from permits.models import Applicant


class KswpCheckForm(forms.ModelForm):
    kswp_checked_on = date_field(
        "Tanggal pemeriksaan KSWP", help_text="Tanggal petugas memeriksa status KSWP."
    )

    class Meta:
        model = Applicant
        fields = ["kswp_result", "kswp_checked_on"]
        labels = {"kswp_result": "Hasil Konfirmasi Status Wajib Pajak (KSWP)"}
        widgets = {"kswp_result": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "kswp")
        super().__init__(*args, **kwargs)
        self.fields["kswp_result"].choices = Applicant.KswpResult.choices
        self.fields["kswp_result"].required = True
        self.fields["kswp_result"].error_messages["required"] = "Pilih hasil pemeriksaan KSWP."
        mark_max_today(self, "kswp_checked_on")

    def clean_kswp_checked_on(self):
        return not_in_future(self.cleaned_data["kswp_checked_on"])
