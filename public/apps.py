from django.apps import AppConfig


class PublicConfig(AppConfig):
    """Readers for the applicant, without an account: track, download, verify (ADR 0009)."""

    name = "public"
    verbose_name = "Halaman publik pemohon"
