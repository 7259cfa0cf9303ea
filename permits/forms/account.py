"""Forms of the account pages: the 6-digit sign-in code, and the password to turn it off."""

import math
import re

from django import forms
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = "Kode tidak cocok atau sudah kedaluwarsa."


def throttle_message(locked_until) -> str:
    if locked_until is None:
        return "Terlalu banyak kode yang salah. Tunggu sebentar, lalu coba lagi."
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    wait = f"{seconds} detik" if seconds < 120 else f"{math.ceil(seconds / 60)} menit"
    return f"Terlalu banyak kode yang salah. Tunggu {wait}, lalu coba lagi."


class TokenForm(forms.Form):
    """Checks the code against one device, under django-otp's throttling and replay guard."""

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
        if not re.fullmatch(r"\d{6}", token):
            raise forms.ValidationError("Kode terdiri dari 6 angka, tanpa huruf.")
        return token

    def clean(self):
        token = self.cleaned_data.get("token")
        if token is None:
            return self.cleaned_data
        # Locked, so two tabs cannot both spend the same code or dodge the throttle.
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, info = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(throttle_message((info or {}).get("locked_until")))
            if not device.verify_token(token):
                self.add_error("token", WRONG_CODE)
        self.device = device
        return self.cleaned_data


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
