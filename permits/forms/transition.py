"""The form an officer fills in to take one workflow step, shaped by the step's spec."""

from django import forms

from permits.forms.fields import VisibleTextMixin
from workflow.table import Status, Transition


class TransitionForm(VisibleTextMixin, forms.Form):
    """Note, password and recipient fields appear only when the step needs them.

    `expected_status` carries the status the officer saw, so a second click on
    the same button is refused by the service instead of taking a step twice.
    """

    expected_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)

    def __init__(self, spec: Transition, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.needs_note:
            self.fields["note"] = forms.CharField(
                label=spec.note_label,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"{spec.note_label} wajib diisi."},
            )
        if spec.needs_password:
            self.fields["password"] = forms.CharField(
                label="Kata sandi Anda",
                help_text="Masukkan kembali kata sandi Anda untuk menandatangani.",
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                error_messages={"required": "Kata sandi wajib diisi."},
            )
        if spec.needs_recipient:
            self.fields["recipient_name"] = forms.CharField(
                label="Nama penerima",
                max_length=200,
                error_messages={"required": "Nama penerima wajib diisi."},
            )
            self.fields["recipient_identity"] = forms.CharField(
                label="Nomor identitas penerima",
                help_text="Nomor KTP atau paspor orang yang menerima dokumen izin.",
                max_length=100,
                error_messages={"required": "Nomor identitas penerima wajib diisi."},
            )

    def step_input_kwargs(self) -> dict[str, str]:
        """The cleaned fields that `services.StepInput` takes."""
        names = ("note", "password", "recipient_name", "recipient_identity")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}
