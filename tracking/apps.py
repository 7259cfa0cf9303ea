from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _calendar_changed(sender, **kwargs):
    """A day off added or removed moves the due dates of the files still open."""
    if kwargs.get("raw"):
        return
    from tracking.clocks import refold_open_clocks

    refold_open_clocks()


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Kartu kendali dan pelacakan"

    def ready(self):
        from tracking.models import OfficeCalendarDay

        post_save.connect(_calendar_changed, sender=OfficeCalendarDay, dispatch_uid="calendar")
        post_delete.connect(_calendar_changed, sender=OfficeCalendarDay, dispatch_uid="calendar")
