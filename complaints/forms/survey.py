"""The satisfaction survey form: respondent profile and the nine elements, all required."""

from django import forms

from complaints.forms.complaint import HoneypotMixin
from complaints.models import AgeBand, Education, Gender, Occupation
from complaints.skm import ELEMENTS, Element
from permits.form_fields import VisibleTextMixin

SUGGESTION_MAX = 1000
PROFILE_FIELDS = ("gender", "age_band", "education", "occupation")


def _profile_field(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Pilih {label.lower()} Anda.",
            "invalid_choice": f"Pilih {label.lower()} Anda.",
        },
    )


def _element_field(element: Element) -> forms.TypedChoiceField:
    message = f"Pilih salah satu jawaban untuk unsur {element.title}."
    return forms.TypedChoiceField(
        label=f"{element.number}. {element.question}",
        choices=[(score, text) for score, text in enumerate(element.answers, start=1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SurveyForm(VisibleTextMixin, HoneypotMixin, forms.Form):
    honeypot_message = "Jawaban survei tidak dapat dikirim. Muat ulang halaman, lalu coba lagi."

    no = forms.CharField(max_length=40, widget=forms.HiddenInput)
    kode = forms.CharField(max_length=12, widget=forms.HiddenInput)
    gender = _profile_field("Jenis kelamin", Gender)
    age_band = _profile_field("Usia", AgeBand)
    education = _profile_field("Pendidikan terakhir", Education)
    occupation = _profile_field("Pekerjaan", Occupation)
    suggestion = forms.CharField(
        label="Saran dan masukan (tidak wajib)",
        required=False,
        max_length=SUGGESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SUGGESTION_MAX}),
        error_messages={"max_length": f"Saran paling banyak {SUGGESTION_MAX} karakter."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for element in ELEMENTS:
            self.fields[element.code] = _element_field(element)
        self.add_honeypot()

    def clean(self):
        cleaned = super().clean()
        self.check_honeypot()
        return cleaned

    @property
    def profile_fields(self):
        return [self[name] for name in PROFILE_FIELDS]

    @property
    def element_fields(self):
        """(element, bound field) pairs in the regulation's order."""
        return [(element, self[element.code]) for element in ELEMENTS]

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}

    def scores(self) -> dict:
        return {element.code: self.cleaned_data[element.code] for element in ELEMENTS}
