"""The background exports for the administrator: who asked for what, how it went, its error."""

from django.contrib import admin

from office.admin import ReadOnlyAdmin
from supervision.models import Export


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    # A record of what happened: the worker writes it, nobody edits it.
    list_display = ["title", "status", "kind", "requested_by", "created_at", "short_error"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["title", "requested_by__username"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in Export._meta.fields]

    @admin.display(description="galat")
    def short_error(self, obj) -> str:
        return (obj.error[:120] + "…") if len(obj.error) > 120 else obj.error
