"""Forms of the account pages: the sign-in code, and the password to turn it off or to make new
backup codes."""

import math
import re

from django import forms
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from permits.two_factor import (
    APP_CODE,
    BACKUP_CODE,
    CodeThrottled,
    check_token,
    confirmed_device,
    is_spent_app_code,
    normalise_code,
    verify_code,
)

WRONG_CODE = "Kode tidak cocok atau sudah kedaluwarsa."
SPENT_CODE = (
    "Kode ini baru saja dipakai untuk masuk. Setiap kode hanya berlaku sekali: tunggu kode "
    "berikutnya di aplikasi (paling lama 30 detik), lalu ketik kode baru itu."
)


def throttle_message(locked_until) -> str:
    if locked_until is None:
        return "Terlalu banyak kode yang salah. Tunggu sebentar, lalu coba lagi."
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    wait = f"{seconds} detik" if seconds < 120 else f"{math.ceil(seconds / 60)} menit"
    return f"Terlalu banyak kode yang salah. Tunggu {wait}, lalu coba lagi."


class TokenForm(forms.Form):
    """The 6-digit code from the app being set up, checked against that one device."""

    token = forms.CharField(
        label="Kode 6 angka",
        max_length=12,
        help_text="Buka aplikasi autentikator di ponsel Anda dan ketik kode untuk Kendali.",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "otp-input",
            }
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not APP_CODE.fullmatch(token):
            raise forms.ValidationError("Kode terdiri dari 6 angka, tanpa huruf.")
        return token

    def check(self, token: str):
        return check_token(self.device, token)

    def spent(self, token: str) -> bool:
        return is_spent_app_code(self.device, token)

    def clean(self):
        token = self.cleaned_data.get("token")
        if token is None:
            return self.cleaned_data
        try:
            device = self.check(token)
        except CodeThrottled as throttled:
            raise forms.ValidationError(throttle_message(throttled.locked_until)) from None
        if device is None:
            self.add_error("token", SPENT_CODE if self.spent(token) else WRONG_CODE)
        else:
            self.device = device
        return self.cleaned_data


class SignInCodeForm(TokenForm):
    """The code at login: from the app, or one of the backup codes. `device` is the one that
    accepted it (see permits.two_factor.verify_code)."""

    token = forms.CharField(
        label="Kode 6 angka atau kode cadangan",
        max_length=24,
        help_text=(
            "Ketik kode dari aplikasi autentikator di ponsel Anda. Ponsel tidak ada? Ketik salah "
            "satu kode cadangan (8 huruf dan angka)."
        ),
        widget=forms.TextInput(
            attrs={
                # Backup codes have letters: a full keyboard, without autocorrect.
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
                "autofocus": True,
                "class": "otp-input",
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, device=None, **kwargs)
        self.user = user

    def clean_token(self) -> str:
        token = normalise_code(self.cleaned_data["token"])
        if not (APP_CODE.fullmatch(token) or BACKUP_CODE.fullmatch(token)):
            raise forms.ValidationError(
                "Kode terdiri dari 6 angka dari aplikasi autentikator, atau 8 huruf dan angka "
                "dari kode cadangan."
            )
        return token

    def check(self, token: str):
        return verify_code(self.user, token)

    def spent(self, token: str) -> bool:
        return is_spent_app_code(confirmed_device(self.user), token)


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Kata sandi Anda",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Kata sandi salah.")
        return password
