"""The delivery log for the administrator: every notice, its status and error; resend failures."""

from django.contrib import admin, messages
from django.db import transaction

from notices import tasks, whatsapp
from notices.models import Delivery, DeliveryStatus


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    change_list_template = "admin/notices/delivery/change_list.html"
    list_display = [
        "title",
        "channel",
        "recipient",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["title", "recipient", "application__registration_number", "complaint__ticket"]
    date_hierarchy = "created_at"
    list_select_related = ["application", "complaint"]
    actions = ["resend"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    exclude = ["payload"]

    @admin.display(description="galat terakhir")
    def short_error(self, obj) -> str:
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Kirim ulang pemberitahuan yang gagal", permissions=["view"])
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=DeliveryStatus.FAILED))
        with transaction.atomic():
            for delivery in failed:
                tasks.send_again(delivery)
        skipped = queryset.count() - len(failed)
        self.message_user(request, f"{len(failed)} pemberitahuan diantrekan ulang.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} pemberitahuan dilewati: hanya yang gagal yang dikirim ulang.",
                messages.WARNING,
            )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "whatsapp_on": whatsapp.is_configured()}
        return super().changelist_view(request, extra_context)
