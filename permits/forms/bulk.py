"""The form of a bulk step: the files ticked, the password and the authenticator code once."""

from django import forms

from permits.form_fields import VisibleTextMixin
from permits.forms.account import SPENT_CODE, WRONG_CODE, throttle_message
from permits.identity import Confirmation, confirmed
from permits.selectors import BULK_LIMIT
from permits.two_factor import (
    APP_CODE,
    BACKUP_CODE,
    CodeThrottled,
    confirmed_device,
    is_spent_app_code,
    normalise_code,
    verify_code,
)


class FileIds(forms.MultipleChoiceField):
    """Ids of files. Any id is accepted here: a file that moved on since the page was drawn is
    reported by the bulk step with its reason, not refused as an invalid choice."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()

    def clean(self, value) -> list[int]:
        return [int(pk) for pk in super().clean(value)]


class BulkStepForm(VisibleTextMixin, forms.Form):
    files = FileIds(
        label="Berkas",
        error_messages={"required": "Pilih minimal satu berkas."},
    )
    password = forms.CharField(
        label="Kata sandi Anda",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Kata sandi wajib diisi."},
    )
    token = forms.CharField(
        label="Kode 6 angka dari aplikasi autentikator",
        max_length=24,
        help_text="Ponsel tidak ada? Ketik salah satu kode cadangan (8 huruf dan angka).",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "otp-input",
            }
        ),
        error_messages={"required": "Kode autentikator wajib diisi."},
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        self.confirmation: Confirmation | None = None

    def clean_files(self) -> list[int]:
        files = list(dict.fromkeys(self.cleaned_data["files"]))
        if len(files) > BULK_LIMIT:
            raise forms.ValidationError(f"Paling banyak {BULK_LIMIT} berkas sekaligus.")
        return files

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Kata sandi salah.")
        return password

    def clean_token(self) -> str:
        token = normalise_code(self.cleaned_data["token"])
        if not (APP_CODE.fullmatch(token) or BACKUP_CODE.fullmatch(token)):
            raise forms.ValidationError(
                "Kode terdiri dari 6 angka dari aplikasi autentikator, atau 8 huruf dan angka "
                "dari kode cadangan."
            )
        return token

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("token")
        # The code is spent only once the password is right: a wrong password costs no code.
        if token is None or "password" not in cleaned:
            return cleaned
        try:
            device = verify_code(self.user, token)
        except CodeThrottled as throttled:
            self.add_error("token", throttle_message(throttled.locked_until))
            return cleaned
        if device is None:
            spent = is_spent_app_code(confirmed_device(self.user), token)
            self.add_error("token", SPENT_CODE if spent else WRONG_CODE)
        else:
            self.confirmation = confirmed(self.user)
        return cleaned


NUMBERING_ORDERS = (
    ("waiting", "Paling lama ditandatangani lebih dulu"),
    ("registration", "Menurut nomor registrasi"),
    ("applicant", "Menurut nama pemohon"),
)


class NumberingBatchForm(forms.Form):
    """The signed files to number, in the order of the list as sorted on the page."""

    files = FileIds(label="Berkas", error_messages={"required": "Pilih minimal satu berkas."})
    urut = forms.ChoiceField(choices=NUMBERING_ORDERS, required=False, widget=forms.HiddenInput)
    understood = forms.BooleanField(
        label=(
            "Saya mengerti: nomor izin diberikan berurutan menurut daftar ini dan tidak dapat "
            "dibatalkan."
        ),
        error_messages={"required": "Centang pernyataan ini untuk memulai penomoran."},
    )

    def clean_files(self) -> list[int]:
        files = list(dict.fromkeys(self.cleaned_data["files"]))
        if len(files) > BULK_LIMIT:
            raise forms.ValidationError(f"Paling banyak {BULK_LIMIT} berkas sekaligus.")
        return files
