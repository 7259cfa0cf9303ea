from django.apps import AppConfig


class OfficeConfig(AppConfig):
    """The ground floor: plumbing every app shares, importing none of them (ADR 0009)."""

    name = "office"
    verbose_name = "Kantor"
