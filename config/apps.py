"""Indonesian names in the admin for the third-party apps Kendali installs.

Each class is the app's own AppConfig with `verbose_name` set, and INSTALLED_APPS names these
classes instead of the bare packages (Django: "For application users"). The app labels stay
the same, so tables, migrations and admin addresses do not move. Model names are set in
`ready()` on the model's `_meta` only: `original_attrs` keep the package's own, so
`makemigrations` sees no change.
"""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpDefaultConfig


def _rename(model, singular: str, plural: str) -> None:
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class AxesConfig(AxesAppConfig):
    verbose_name = "Penguncian login"


class TotpConfig(TotpDefaultConfig):
    verbose_name = "Verifikasi dua langkah: aplikasi autentikator"

    def ready(self):
        super().ready()
        _rename(
            self.get_model("TOTPDevice"),
            "perangkat autentikator (TOTP)",
            "perangkat autentikator (TOTP)",
        )


class StaticConfig(StaticDefaultConfig):
    verbose_name = "Verifikasi dua langkah: kode cadangan"

    def ready(self):
        super().ready()
        _rename(self.get_model("StaticDevice"), "kode cadangan", "kode cadangan")
        _rename(
            self.get_model("StaticToken"),
            "kode cadangan sekali pakai",
            "kode cadangan sekali pakai",
        )
