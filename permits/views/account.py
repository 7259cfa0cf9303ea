"""Account pages: the sign-in code, setting up an authenticator app, and "Keamanan akun"
(backup codes, turning two-factor off).

Who must give a code, and the gate that sends users here: permits/two_factor.py.
"""

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from permits.forms.account import PasswordConfirmForm, SignInCodeForm, TokenForm
from permits.two_factor import (
    BACKUP_CODE_COUNT,
    BACKUP_CODES_LOW,
    backup_codes_left,
    confirmed_device,
    is_backup_device,
    is_verified,
    new_backup_codes,
    otp_mandatory,
    safe_next,
    turn_off,
    url_with_next,
)

# The unconfirmed device shown on the enrolment page of this session. A new session (every
# login rotates it) gets a new secret, so a secret seen earlier by someone else is worthless.
ENROL_SESSION_KEY = "kendali_otp_enrol_device"
DEVICE_NAME = "Aplikasi autentikator"
# New backup codes, waiting to be shown once by the next GET of the account page.
NEW_CODES_SESSION_KEY = "kendali_otp_new_backup_codes"


def _signed_in_with(request, device) -> None:
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
    form = SignInCodeForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        _signed_in_with(request, form.device)
        if is_backup_device(form.device):
            _tell_backup_codes_left(request)
        return redirect(target)
    # The header shows no menu: every page but this one would send the user back here.
    context = {"form": form, "next": target, "otp_pending": True}
    return render(request, "account/otp_verify.html", context)


def _tell_backup_codes_left(request) -> None:
    left = backup_codes_left(request.user)
    said = (
        f"Anda masuk dengan kode cadangan; kode itu kini tidak berlaku. Sisa kode cadangan: {left}."
    )
    if left == 0:
        messages.warning(
            request, f"{said} Buat kode cadangan baru di menu Keamanan akun sebelum keluar."
        )
    elif left <= BACKUP_CODES_LOW:
        messages.warning(
            request, f"{said} Sebaiknya buat kode cadangan baru di menu Keamanan akun."
        )
    else:
        messages.info(request, said)


def _show_codes_once(request, codes: list[str], target: str = "") -> HttpResponseRedirect:
    """To the account page, which shows `codes` at its next GET and never again; its
    "Lanjutkan" button then leads to `target`."""
    request.session[NEW_CODES_SESSION_KEY] = codes
    if target == resolve_url("account_security"):
        target = ""
    return redirect(url_with_next("account_security", target))


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
        return _show_codes_once(request, new_backup_codes(user), target)
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


def _new_codes_page(request, codes: list[str]):
    context = {"codes": codes, "next": safe_next(request, default="account_security")}
    response = render(request, "account/backup_codes.html", context)
    add_never_cache_headers(response)  # not from the browser's cache either, once left
    return response


@require_http_methods(["GET", "POST"])
def security(request):
    """Keamanan akun: is two-factor sign-in on, backup codes (how many are left, a new set),
    and (where the role allows) turning it off. New codes are shown once, at the GET after
    they were made."""
    user = request.user
    if request.method == "GET" and NEW_CODES_SESSION_KEY in request.session:
        return _new_codes_page(request, request.session.pop(NEW_CODES_SESSION_KEY))
    device = confirmed_device(user)
    mandatory = otp_mandatory(user)
    form = codes_form = None
    if request.method == "POST" and request.POST.get("action") == "new_codes":
        if device is None:
            messages.info(
                request, "Verifikasi dua langkah belum aktif: kode cadangan tidak dipakai."
            )
            return redirect("account_security")
        codes_form = PasswordConfirmForm(user, request.POST, prefix="codes")
        if codes_form.is_valid():
            messages.success(
                request, "Kode cadangan baru dibuat. Kode yang lama tidak berlaku lagi."
            )
            return _show_codes_once(request, new_backup_codes(user))
    elif request.method == "POST":
        if mandatory:
            raise PermissionDenied("Verifikasi dua langkah wajib untuk peran Anda.")
        if device is None:
            messages.info(request, "Verifikasi dua langkah memang belum aktif.")
            return redirect("account_security")
        form = PasswordConfirmForm(user, request.POST)
        if form.is_valid():
            turn_off(user)
            messages.success(
                request,
                "Verifikasi dua langkah dimatikan dan kode cadangan dihapus. Anda masuk cukup "
                "dengan kata sandi.",
            )
            return redirect("account_security")
    if device is not None and not mandatory and form is None:
        form = PasswordConfirmForm(user)
    if device is not None and codes_form is None:
        codes_form = PasswordConfirmForm(user, prefix="codes")
    context = {
        "device": device,
        "mandatory": mandatory,
        "form": form,
        "codes_form": codes_form,
        "codes_left": backup_codes_left(user),
        "codes_total": BACKUP_CODE_COUNT,
        "codes_low": BACKUP_CODES_LOW,
    }
    return render(request, "account/security.html", context)
