"""Two-factor sign-in (TOTP, django-otp): who must give a code, and the gate that asks for it.

Kabid, Kepala Dinas and Bagian Umum must use an authenticator app: they initial, sign and
number permits. So must the administrator, who can reset anyone's password and device in
/admin and so could otherwise become any of them. Other staff may turn it on from "Keamanan
akun"; once a user has a confirmed device, the code is asked at every login. The password step
stays Django's LoginView; after it, `TwoFactorMiddleware` keeps the user on the code (or
enrolment) page until the code is given.

Backup codes (django-otp's static plugin) stand in for the phone: ten single-use codes, made
when the app is set up and on request, shown once. They only count next to a confirmed app
device: a user "has two-factor" when they have the app, never on backup codes alone.
"""

import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.roles import Role, has_role

REQUIRED_ROLES = frozenset({Role.KABID, Role.KEPALA_DINAS, Role.BAGIAN_UMUM, Role.ADMIN})

# What a signed-in user who still owes the code may open.
OPEN_VIEWS = frozenset({"otp_verify", "otp_enrol", "logout"})


def otp_mandatory(user) -> bool:
    """The user's role requires a second factor: they cannot turn it off."""
    return has_role(user, *REQUIRED_ROLES)


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def otp_required(user) -> bool:
    """A code is asked at login: the role requires it, or the user turned it on."""
    return otp_mandatory(user) or confirmed_device(user) is not None


# --- Backup codes ---------------------------------------------------------------------------

BACKUP_CODE_COUNT = 10
# At or below this many left, the user is told to make a new set.
BACKUP_CODES_LOW = 3
BACKUP_DEVICE_NAME = "Kode cadangan"
APP_CODE = re.compile(r"\d{6}")
# StaticToken.random_token(): 8 base32 characters, lower case. Digits outside base32 (0, 1, 8,
# 9) pass the format check so that a mistyped code gets "wrong code", not "wrong format".
BACKUP_CODE = re.compile(r"[a-z0-9]{8}")


def normalise_code(raw: str) -> str:
    """What the user typed, without spaces or dashes, in lower case ("ABCD-EFGH" = "abcdefgh")."""
    return re.sub(r"[\s-]", "", raw).lower()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user).order_by("pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def new_backup_codes(user) -> list[str]:
    """Replaces the user's backup codes with a new set and returns it, to be shown once.

    The device itself is kept: a session that was verified by a backup code stays verified.
    """
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    with transaction.atomic():
        device = backup_device(user) or StaticDevice.objects.create(
            user=user, name=BACKUP_DEVICE_NAME
        )
        # Locked: a code being spent in another tab waits, then finds it gone.
        device = StaticDevice.objects.select_for_update().get(pk=device.pk)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return sorted(codes)


def turn_off(user) -> None:
    """Deletes the authenticator app and the backup codes: the password alone signs in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


# --- Checking a code ------------------------------------------------------------------------


class CodeThrottled(Exception):
    """django-otp refuses to check codes on this device for now (too many wrong ones)."""

    def __init__(self, locked_until=None):
        super().__init__(locked_until)
        self.locked_until = locked_until


def check_token(device: Device, token: str) -> Device | None:
    """`device` (fresh from the database) if it accepts `token`, else None.

    Under django-otp's throttling (raises CodeThrottled while it waits) and replay guard; the
    row is locked, so two tabs cannot both spend the same code or dodge the throttle.
    """
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            raise CodeThrottled((info or {}).get("locked_until"))
        return device if device.verify_token(token) else None


def is_spent_app_code(device: TOTPDevice | None, token: str) -> bool:
    """Whether `token` is the app's code of a time step that has already signed in.

    django-otp takes each step's code once (a replay guard), so a second sign-in within the
    same 30 seconds is refused: the officer must wait for the next code, not retype this one.
    """
    if device is None or not APP_CODE.fullmatch(token):
        return False
    device = TOTPDevice.objects.get(pk=device.pk)
    if device.last_t < 0:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return bool(totp.verify(int(token), device.tolerance)) and totp.t() <= device.last_t


def verify_code(user, token: str) -> Device | None:
    """The device of `user` that accepts the sign-in code `token` (normalised), or None.

    Six digits are checked against the authenticator app, eight characters against the backup
    codes (django-otp deletes a backup code once used). Each device keeps its own throttle.
    Without a confirmed app there is no two-factor, and leftover backup codes open nothing.
    """
    app = confirmed_device(user)
    if app is None:
        return None
    if APP_CODE.fullmatch(token):
        return check_token(app, token)
    backup = backup_device(user) if BACKUP_CODE.fullmatch(token) else None
    return check_token(backup, token) if backup is not None else None


def is_backup_device(device) -> bool:
    return isinstance(device, StaticDevice)


def is_verified(user) -> bool:
    # Set by django_otp.middleware.OTPMiddleware; absent on users that did not pass it.
    return bool(getattr(user, "is_verified", lambda: False)())


def safe_next(request, default: str = "home") -> str:
    """The `next` target of the request, if it is a path on this site; else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def url_with_next(view_name: str, target: str) -> str:
    url = resolve_url(view_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


class TwoFactorMiddleware:
    """Sends a signed-in user who owes the code to the code page, or to enrolment if the role
    requires a device and none is set up yet. GET and POST alike: nothing runs before the code.

    Placed after AuthenticationMiddleware, LoginRequiredMiddleware and OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if confirmed_device(user) is not None:
            target = "otp_verify"
        elif otp_mandatory(user):
            target = "otp_enrol"
        else:
            return None
        return redirect(url_with_next(target, request.get_full_path()))
