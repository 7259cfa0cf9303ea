from django.contrib import admin

from office.admin import ReadOnlyAdmin
from tracking.models import (
    ControlCardEntry,
    DocumentDownload,
    ReminderLog,
    StepAllowance,
)
from workflow.table import STEPS

STEP_TITLES = {step.number: f"{step.number}. {step.title}" for step in STEPS}


@admin.register(ControlCardEntry)
class ControlCardEntryAdmin(ReadOnlyAdmin):
    """The control card can be read in the admin, never written."""

    list_display = ["application", "transition", "to_status", "actor_name", "created_at"]
    list_filter = ["transition"]
    search_fields = ["application__registration_number", "actor_name"]


@admin.register(StepAllowance)
class StepAllowanceAdmin(admin.ModelAdmin):
    """Working time given to each step (steps 3-7 share the service time)."""

    list_display = ["step", "step_title", "hours"]
    ordering = ["step"]

    @admin.display(description="uraian langkah")
    def step_title(self, obj):
        return STEP_TITLES.get(obj.step, "—")


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "kind", "user", "files", "sent_at"]
    list_filter = ["kind", "sent_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(ReadOnlyAdmin):
    """The download log can be read in the admin, never written."""

    list_display = ["downloaded_at", "document", "application", "complaint", "who", "address"]
    list_filter = ["document"]
    search_fields = ["application__registration_number", "complaint__ticket", "user__username"]
    date_hierarchy = "downloaded_at"
    list_select_related = ["application", "complaint", "user"]

    @admin.display(description="oleh")
    def who(self, obj):
        if obj.user_id:
            return obj.user.get_full_name() or obj.user.get_username()
        return f"Pemohon (sidik kode lacak {obj.tracking_code_hint})"
