"""Two-factor sign-in (TOTP, django-otp): who must give a code, and the gate that asks for it.

Kabid, Kepala Dinas and Bagian Umum must use an authenticator app: they initial, sign and
number permits. So must the administrator, who can reset anyone's password and device in
/admin and so could otherwise become any of them. Other staff may turn it on from "Keamanan
akun"; once a user has a confirmed device, the code is asked at every login. The password step
stays Django's LoginView; after it, `TwoFactorMiddleware` keeps the user on the code (or
enrolment) page until the code is given.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from permits.roles import Role, has_role

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
