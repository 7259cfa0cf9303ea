"""Admin: the office profile and the office calendar, and the read-only base of every log."""

from django.contrib import admin
from django.db import models

from office.calendar import national_holidays
from office.forms import LogoField
from office.indonesian import DAYS
from office.models import OfficeCalendarDay, OfficeProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (files, permits, the control card, logs): the
    admin reads them and never adds, changes or deletes one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficeProfile)
class OfficeProfileAdmin(admin.ModelAdmin):
    list_display = ["short_name", "government", "head_name"]
    # The logo's own message for a PDF or an oversized picture, not Django's "not an image".
    formfield_overrides = {models.ImageField: {"form_class": LogoField}}
    fieldsets = [
        ("Kantor", {"fields": ["name", "short_name", "government", "city", "logo"]}),
        ("Kontak", {"fields": ["address", "phone", "email", "website"]}),
        (
            "Pejabat",
            {"fields": ["head_position", "head_name", "head_nip", "kabid_name", "kabid_nip"]},
        ),
    ]

    def has_add_permission(self, request):
        return not OfficeProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficeCalendarDay)
class OfficeCalendarDayAdmin(admin.ModelAdmin):
    """The office's own days off, and national holidays it works (cuti bersama, mostly).

    Saving or deleting a day moves the due dates of the files still open at once; after
    changing a day in the past, run `manage.py rebuild_clocks` to recount the figures.
    """

    list_display = ["date", "weekday", "name", "kind", "national_holiday"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    @admin.display(description="hari")
    def weekday(self, obj):
        return DAYS[obj.date.weekday()]

    @admin.display(description="libur nasional / cuti bersama")
    def national_holiday(self, obj):
        return national_holidays(obj.date.year).get(obj.date, "—")
