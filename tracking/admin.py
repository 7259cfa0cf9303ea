from django.contrib import admin

from tracking.models import ControlCardEntry


@admin.register(ControlCardEntry)
class ControlCardEntryAdmin(admin.ModelAdmin):
    """The control card can be read in the admin, never written."""

    list_display = ["application", "transition", "to_status", "actor_name", "created_at"]
    list_filter = ["transition"]
    search_fields = ["application__registration_number", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
