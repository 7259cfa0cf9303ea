"""The form an officer fills in to take one workflow step, shaped by the step's spec."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from permits.form_fields import VisibleTextMixin, clean_upload, upload_field
from permits.models import Applicant, Application, Handover
from workflow.table import Status, Transition

SCAN_PREFIX = "scan_"
PROXY_SAME_PERSON = (
    "Nomor identitas kuasa sama dengan nomor identitas pemohon. Bila pemohon sendiri yang "
    "menerima, pilih \u201cPemohon sendiri\u201d."
)


class TransitionForm(VisibleTextMixin, forms.Form):
    """Note, password, recipient and scan fields appear only when the step needs them.

    `expected_status` carries the status the officer saw, so a second click on
    the same button is refused by the service instead of taking a step twice.
    """

    expected_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)

    def __init__(self, spec: Transition, *args, application: Application | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.application = application
        if spec.needs_note:
            self.fields["note"] = forms.CharField(
                label=spec.note_label,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"{spec.note_label} wajib diisi."},
            )
        if spec.takes_scans:
            self._add_scan_fields()
        if spec.needs_password:
            self.fields["password"] = forms.CharField(
                label="Kata sandi Anda",
                help_text="Masukkan kembali kata sandi Anda untuk menandatangani.",
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                error_messages={"required": "Kata sandi wajib diisi."},
            )
        if spec.needs_recipient:
            self._add_recipient_fields()

    def _add_scan_fields(self) -> None:
        """One optional upload per requirement: the corrected document replaces the scan."""
        if self.application is None:
            return
        for check in self.application.requirement_checks.select_related("requirement"):
            self.fields[f"{SCAN_PREFIX}{check.pk}"] = upload_field(
                label=check.requirement.text,
                help_text="Ada pindaian sebelumnya; berkas baru menggantikannya."
                if check.scan
                else "Belum ada pindaian.",
            )

    def _add_recipient_fields(self) -> None:
        applicant = self.application.applicant if self.application else None
        self.fields["recipient"] = forms.ChoiceField(
            label="Yang menerima dokumen izin",
            choices=[
                (Handover.Recipient.APPLICANT, Handover.Recipient.APPLICANT.label),
                (Handover.Recipient.PROXY, "Kuasa pemohon (dengan surat kuasa)"),
            ],
            initial=Handover.Recipient.APPLICANT,
            widget=forms.RadioSelect,
            error_messages={"required": "Pilih siapa yang menerima dokumen izin."},
        )
        self.fields["recipient_name"] = forms.CharField(
            label="Nama penerima",
            max_length=200,
            initial=applicant.name if applicant else None,
            help_text="Terisi nama pemohon; untuk kuasa, tulis nama penerima kuasa.",
            error_messages={"required": "Nama penerima wajib diisi."},
        )
        self.fields["recipient_identity"] = forms.CharField(
            label="Nomor identitas penerima",
            help_text="Nomor KTP atau paspor orang yang menerima dokumen izin.",
            max_length=100,
            initial=identity_of(applicant) if applicant else None,
            error_messages={"required": "Nomor identitas penerima wajib diisi."},
        )
        self.fields["power_of_attorney"] = upload_field(
            label="Pindaian surat kuasa",
            help_text="Wajib bila yang menerima adalah kuasa pemohon. PDF, JPEG atau PNG.",
        )

    def scan_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith(SCAN_PREFIX)]

    def step_fields(self) -> list:
        """The visible fields other than the scans (those are shown in their own group)."""
        return [f for f in self.visible_fields() if not f.name.startswith(SCAN_PREFIX)]

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name.startswith(SCAN_PREFIX) or name == "power_of_attorney":
                try:
                    cleaned[name] = clean_upload(cleaned.get(name))
                except ValidationError as err:
                    self.add_error(name, err)
        if cleaned.get("recipient") == Handover.Recipient.PROXY:
            missing_letter = not isinstance(cleaned.get("power_of_attorney"), UploadedFile)
            if missing_letter and "power_of_attorney" not in self.errors:
                self.add_error(
                    "power_of_attorney",
                    "Penerima kuasa wajib menyerahkan surat kuasa: unggah pindaiannya.",
                )
            identity = _compact(cleaned.get("recipient_identity", ""))
            own = _compact(identity_of(self.application.applicant)) if self.application else ""
            if identity and own and identity == own:
                self.add_error("recipient_identity", PROXY_SAME_PERSON)
        return cleaned

    def step_input_kwargs(self) -> dict:
        """The cleaned fields that `services.StepInput` takes."""
        names = ("note", "password", "recipient_name", "recipient_identity", "recipient")
        kwargs = {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}
        scans = {
            int(name.removeprefix(SCAN_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(SCAN_PREFIX) and isinstance(value, UploadedFile)
        }
        if scans:
            kwargs["scans"] = scans
        if self.cleaned_data.get("recipient") == Handover.Recipient.PROXY:
            kwargs["power_of_attorney"] = self.cleaned_data["power_of_attorney"]
        return kwargs


def identity_of(applicant: Applicant) -> str:
    """The applicant's own identity document, as the handover form prefills it."""
    if applicant.kind == Applicant.Kind.WNI and applicant.nik:
        return f"KTP {applicant.nik}"
    if applicant.kind == Applicant.Kind.WNA and applicant.passport_number:
        return f"Paspor {applicant.passport_number}"
    return ""  # a business entity: the person who comes shows their own KTP


def _compact(value: str) -> str:
    return (
        "".join(ch for ch in value.upper() if ch.isalnum())
        .removeprefix("KTP")
        .removeprefix("PASPOR")
    )
