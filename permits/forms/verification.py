"""Forms for checklist work that does not move the file (see permits.verification).

- the FO's requirement checklist of one file (a model formset bound to that file's rows),
- one commitment item verified by the back office,
- the field inspection report (BAP).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory

from permits.form_fields import (
    DateInput,
    VisibleTextMixin,
    clean_upload,
    label_row,
    mark_max_today,
    not_in_future,
    upload_field,
)
from permits.models import CommitmentCheck, CommitmentType, FieldInspection, RequirementCheck

# --- FO: requirement checklist ---------------------------------------------------


class RequirementCheckForm(VisibleTextMixin, forms.ModelForm):
    # A plain file input: a stored scan is kept unless a new one is uploaded
    # (no "clear" checkbox that would drop it).
    scan = upload_field("Pindaian baru", help_text="")  # the page says which files are accepted

    class Meta:
        model = RequirementCheck
        fields = ["present", "note", "scan"]
        labels = {"present": "Ada", "note": "Catatan"}
        error_messages = {"note": {"max_length": "Catatan paling banyak 300 karakter."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            label_row(self, self.instance.requirement.text)

    def clean_scan(self):
        return clean_upload(self.cleaned_data.get("scan"))


class BaseRequirementCheckFormSet(BaseModelFormSet):
    """Only the rows of this file: an id of another file's row is refused, not ignored."""

    TAMPERED = "Data persyaratan tidak cocok dengan berkas ini. Muat ulang halaman lalu ulangi."

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django looks ids up in all rows of the model; narrow it to this file's rows.
        form.fields["id"].queryset = self.get_queryset()
        form.fields["id"].error_messages["invalid_choice"] = self.TAMPERED

    def clean(self):
        super().clean()
        if self.initial_form_count() != len(self.get_queryset()):
            raise ValidationError(self.TAMPERED, code="tampered")
        seen = set()
        for form in self.initial_forms:
            pk = form.instance.pk
            if pk is None or pk in seen:
                raise ValidationError(self.TAMPERED, code="tampered")
            seen.add(pk)


RequirementCheckFormSet = modelformset_factory(
    RequirementCheck,
    form=RequirementCheckForm,
    formset=BaseRequirementCheckFormSet,
    extra=0,
    edit_only=True,
    can_delete=False,
)


def requirement_formset(application, data=None, files=None):
    queryset = application.requirement_checks.select_related("requirement")
    return RequirementCheckFormSet(data, files, queryset=queryset, prefix="checks")


# --- Back office: commitment item -----------------------------------------------------


class CommitmentCheckForm(VisibleTextMixin, forms.ModelForm):
    """Evidence of one commitment item; "verified" needs a number, a date and a file.

    The IUI item starts from the IUI number and date the FO typed at intake, as initial
    values the officer may change; what was saved for the item wins over them.
    """

    evidence_file = upload_field("Berkas bukti")
    evidence_date = forms.DateField(
        label="Tanggal bukti",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Tanggal tidak valid."},
    )

    class Meta:
        model = CommitmentCheck
        fields = ["reference_number", "evidence_date", "evidence_file", "note", "verified"]
        labels = {
            "reference_number": "Nomor bukti",
            "note": "Catatan",
            "verified": "Komitmen terverifikasi",
        }
        help_texts = {
            "reference_number": "Nomor dokumen bukti, misalnya nomor IUI atau izin lingkungan.",
            "verified": "Centang bila bukti sudah diperiksa dan sesuai.",
        }
        error_messages = {"note": {"max_length": "Catatan paling banyak 300 karakter."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_max_today(self, "evidence_date")
        if self.instance.pk and self.instance.commitment.code == CommitmentType.IUI:
            application = self.instance.application
            if not self.instance.reference_number:
                self.initial["reference_number"] = application.iui_number
            if self.instance.evidence_date is None:
                self.initial["evidence_date"] = application.iui_date

    def clean_reference_number(self):
        return self.cleaned_data["reference_number"].strip()

    def clean_evidence_date(self):
        return not_in_future(self.cleaned_data["evidence_date"])

    def clean_evidence_file(self):
        return clean_upload(self.cleaned_data.get("evidence_file"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("verified"):
            return cleaned
        missing = {
            "reference_number": "Nomor bukti wajib diisi sebelum komitmen ditandai terverifikasi.",
            "evidence_date": "Tanggal bukti wajib diisi sebelum komitmen ditandai terverifikasi.",
            "evidence_file": "Unggah berkas bukti sebelum komitmen ditandai terverifikasi.",
        }
        for name, message in missing.items():
            # A field with its own error is already reported.
            if name in cleaned and not cleaned[name]:
                self.add_error(name, message)
        return cleaned


# --- Back office: field inspection report (BAP) ------------------------------------------


class FieldInspectionForm(VisibleTextMixin, forms.ModelForm):
    inspected_on = forms.DateField(
        label="Tanggal pemeriksaan",
        widget=DateInput(),
        error_messages={
            "invalid": "Tanggal tidak valid.",
            "required": "Tanggal pemeriksaan wajib diisi.",
        },
    )

    class Meta:
        model = FieldInspection
        fields = ["inspected_on", "team_members", "findings", "recommendation"]
        labels = {
            "team_members": "Anggota tim pemeriksa",
            "findings": "Hasil pemeriksaan",
            "recommendation": "Rekomendasi",
        }
        help_texts = {"team_members": "Satu nama per baris."}
        widgets = {
            "team_members": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 6}),
            "recommendation": forms.RadioSelect,
        }
        error_messages = {
            "team_members": {"required": "Isi paling sedikit satu anggota tim."},
            "findings": {"required": "Hasil pemeriksaan wajib diisi."},
            "recommendation": {"required": "Pilih rekomendasi."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = FieldInspection.Recommendation.choices
        mark_max_today(self, "inspected_on")

    def clean_inspected_on(self):
        return not_in_future(self.cleaned_data["inspected_on"])

    def clean_team_members(self):
        names = [line.strip() for line in self.cleaned_data["team_members"].splitlines()]
        names = [name for name in names if name]
        if not names:
            raise ValidationError("Isi paling sedikit satu anggota tim.", code="required")
        return "\n".join(names)

    def clean_findings(self):
        value = self.cleaned_data["findings"].strip()
        if not value:
            raise ValidationError("Hasil pemeriksaan wajib diisi.", code="required")
        return value
