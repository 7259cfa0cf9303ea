from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Pemberitahuan kepada pemohon"
    default_auto_field = "django.db.models.BigAutoField"
