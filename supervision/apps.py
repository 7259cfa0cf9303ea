from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Readers for staff: the dashboard, performance, exports and reminders (ADR 0009)."""

    name = "supervision"
    verbose_name = "Pengawasan dan kinerja"
