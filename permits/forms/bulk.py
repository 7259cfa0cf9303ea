"""The forms of the bulk pages: the files ticked and, to initial or sign, the password and the
authenticator code once (checked as at sign-in, permits.forms.account.SignInCodeForm)."""

from django import forms

from permits.form_fields import VisibleTextMixin
from permits.forms.account import SignInCodeForm
from permits.identity import Confirmation, confirmed
from permits.selectors import BULK_LIMIT


class FileIds(forms.MultipleChoiceField):
    """Ids of files, at most BULK_LIMIT. Any id is accepted here: a file that moved on since
    the page was drawn is reported by the bulk step with its reason, not refused as an
    invalid choice."""

    default_error_messages = {"required": "Pilih minimal satu berkas."}

    def valid_value(self, value) -> bool:
        return str(value).isdigit()

    def clean(self, value) -> list[int]:
        ids = list(dict.fromkeys(int(pk) for pk in super().clean(value)))
        if len(ids) > BULK_LIMIT:
            raise forms.ValidationError(f"Paling banyak {BULK_LIMIT} berkas sekaligus.")
        return ids


class BulkStepForm(VisibleTextMixin, SignInCodeForm):
    files = FileIds(label="Berkas")
    password = forms.CharField(
        label="Kata sandi Anda",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Kata sandi wajib diisi."},
    )
    field_order = ["files", "password", "token"]

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, user=user, **kwargs)
        token = self.fields["token"]
        token.error_messages["required"] = "Kode autentikator wajib diisi."
        # The officer reads the list first: the cursor stays where the page starts.
        token.widget.attrs.pop("autofocus", None)
        self.confirmation: Confirmation | None = None

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Kata sandi salah.")
        return password

    def clean(self):
        # The code is spent only once the password is right: a wrong password costs no code.
        if "password" not in self.cleaned_data:
            return self.cleaned_data
        cleaned = super().clean()
        if self.device is not None and "token" not in self.errors:
            self.confirmation = confirmed(self.user)
        return cleaned


NUMBERING_ORDERS = (
    ("waiting", "Paling lama ditandatangani lebih dulu"),
    ("registration", "Menurut nomor registrasi"),
    ("applicant", "Menurut nama pemohon"),
)


class NumberingBatchForm(forms.Form):
    """The signed files to number, in the order of the list as sorted on the page."""

    files = FileIds(label="Berkas")
    urut = forms.ChoiceField(choices=NUMBERING_ORDERS, required=False, widget=forms.HiddenInput)
    understood = forms.BooleanField(
        label=(
            "Saya mengerti: nomor izin diberikan berurutan menurut daftar ini dan tidak dapat "
            "dibatalkan."
        ),
        error_messages={"required": "Centang pernyataan ini untuk memulai penomoran."},
    )
