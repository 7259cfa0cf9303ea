"""Admin: the office profile and the service standard are edited here.

Applications are shown read-only: their state changes only through the workflow
service, never by editing a row.
"""

from django.contrib import admin

from permits.models import (
    Application,
    CommitmentType,
    OfficeProfile,
    Permit,
    Requirement,
    ServiceStandard,
    StandardItem,
)


@admin.register(OfficeProfile)
class OfficeProfileAdmin(admin.ModelAdmin):
    list_display = ["short_name", "government", "head_name"]
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


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


class CommitmentTypeInline(admin.TabularInline):
    model = CommitmentType
    extra = 0


class StandardItemInline(admin.TabularInline):
    model = StandardItem
    extra = 0


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ["name", "service_days", "fee_label", "permit_number_format"]
    inlines = [RequirementInline, CommitmentTypeInline, StandardItemInline]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "company_name", "status", "status_changed_at"]
    list_filter = ["status"]
    search_fields = ["registration_number", "company_name", "nib", "applicant__name"]


@admin.register(Permit)
class PermitAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "application"]
    search_fields = ["number"]
