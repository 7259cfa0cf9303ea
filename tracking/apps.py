from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Kartu kendali dan pelacakan"

    def ready(self):
        # Django's way to wire a handler once the models are loaded; not an import loop.
        from tracking.signals import calendar_changed

        for signal in (post_save, post_delete):
            signal.connect(
                calendar_changed, sender="office.OfficeCalendarDay", dispatch_uid="calendar"
            )
