from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API untuk sistem lain"
    default_auto_field = "django.db.models.BigAutoField"
