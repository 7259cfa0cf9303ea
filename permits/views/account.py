"""Account pages: the sign-in code, setting up an authenticator app, and "Keamanan akun".

Who must give a code, and the gate that sends users here: permits/two_factor.py.
"""

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from permits.forms.account import PasswordConfirmForm, TokenForm
from permits.two_factor import (
    confirmed_device,
    is_verified,
    otp_mandatory,
    safe_next,
    url_with_next,
)

# The unconfirmed device shown on the enrolment page of this session. A new session (every
# login rotates it) gets a new secret, so a secret seen earlier by someone else is worthless.
ENROL_SESSION_KEY = "kendali_otp_enrol_device"
DEVICE_NAME = "Aplikasi autentikator"


def _signed_in_with(request, device: TOTPDevice) -> None:
    """Marks the session as verified by `device`, under a new session id."""
    django_otp.login(request, device)
    # django-otp keeps the session id; a new one keeps a pre-code session id from being reused.
    request.session.cycle_key()


@require_http_methods(["GET", "POST"])
def verify(request):
    """Second step of the login: the code from the authenticator app."""
    target = safe_next(request)
    user = request.user
    if is_verified(user):
        return redirect(target)
    device = confirmed_device(user)
    if device is None:
        if otp_mandatory(user):
            return redirect(url_with_next("otp_enrol", target))
        return redirect(target)
    form = TokenForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_valid():
        _signed_in_with(request, form.device)
        return redirect(target)
    # The header shows no menu: every page but this one would send the user back here.
    context = {"form": form, "next": target, "otp_pending": True}
    return render(request, "account/otp_verify.html", context)


def _enrolment_device(request) -> TOTPDevice:
    pk = request.session.get(ENROL_SESSION_KEY)
    device = (
        TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first() if pk else None
    )
    if device is None:
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
        request.session[ENROL_SESSION_KEY] = device.pk
    return device


def _qr_svg(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(
        border=4,
        omitsize=True,
        light="#fff",
        svgclass="otp-qr",
        title="Kode QR untuk aplikasi autentikator",
    )
    # Made here by segno from the device's own URL: no user input reaches the markup.
    return mark_safe(svg)


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
def enrol(request):
    """Setting up an authenticator app: scan the QR code, then confirm with one code."""
    target = safe_next(request, default="account_security")
    user = request.user
    if confirmed_device(user) is not None:
        if not is_verified(user):
            return redirect(url_with_next("otp_verify", target))
        messages.info(request, "Verifikasi dua langkah sudah aktif untuk akun Anda.")
        return redirect("account_security")
    device = _enrolment_device(request)
    form = TokenForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_valid():
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        request.session.pop(ENROL_SESSION_KEY, None)
        _signed_in_with(request, device)
        messages.success(
            request,
            "Verifikasi dua langkah aktif. Setiap kali masuk, Anda akan diminta kode dari "
            "aplikasi autentikator.",
        )
        return redirect(target)
    context = {
        "form": form,
        "next": target,
        "qr_svg": _qr_svg(device),
        "secret": _grouped_secret(device),
        "mandatory": otp_mandatory(user),
        "otp_pending": otp_mandatory(user),
        "issuer": getattr(settings, "OTP_TOTP_ISSUER", "Kendali"),
    }
    return render(request, "account/otp_enrol.html", context)


@require_http_methods(["GET", "POST"])
def security(request):
    """Keamanan akun: is two-factor sign-in on, and (where the role allows) turning it off."""
    user = request.user
    device = confirmed_device(user)
    mandatory = otp_mandatory(user)
    form = None
    if request.method == "POST":
        if mandatory:
            raise PermissionDenied("Verifikasi dua langkah wajib untuk peran Anda.")
        if device is None:
            messages.info(request, "Verifikasi dua langkah memang belum aktif.")
            return redirect("account_security")
        form = PasswordConfirmForm(user, request.POST)
        if form.is_valid():
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(
                request, "Verifikasi dua langkah dimatikan. Anda masuk cukup dengan kata sandi."
            )
            return redirect("account_security")
    elif device is not None and not mandatory:
        form = PasswordConfirmForm(user)
    context = {"device": device, "mandatory": mandatory, "form": form}
    return render(request, "account/security.html", context)
