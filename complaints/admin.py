"""Admin: the data the office edits (tiers, the service pledge, the sample table).

Complaints are not here: they change only through complaints.services, and the
admin would show confidential complainants to every administrator. Survey
answers are read-only.
"""

from django.contrib import admin

from complaints.models import ComplaintTier, SampleSizeRow, ServicePledge, SurveyResponse
from office.admin import ReadOnlyAdmin


@admin.register(ComplaintTier)
class ComplaintTierAdmin(admin.ModelAdmin):
    list_display = ["name", "days", "order", "active"]
    list_editable = ["days", "order", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServicePledge)
class ServicePledgeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "declared_on", "active"]
    list_filter = ["active"]


@admin.register(SampleSizeRow)
class SampleSizeRowAdmin(admin.ModelAdmin):
    list_display = ["population", "sample"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["submitted_at", "gender", "age_band", "education", "occupation"]
    list_filter = ["gender", "age_band", "education", "occupation"]
    date_hierarchy = "submitted_at"
    exclude = ["respondent_key"]
