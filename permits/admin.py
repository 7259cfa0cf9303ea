"""Admin: the service standard is edited here (the office profile: office/admin.py).

Applications are shown read-only: their state changes only through the workflow
service, never by editing a row. Issued permits are read-only too; an administrator can
revoke one with a reason (recorded with who and when, and shown on the verification page).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from office.admin import ReadOnlyAdmin
from office.roles import Role, has_role
from permits.models import (
    Application,
    CommitmentType,
    Permit,
    Requirement,
    ServiceStandard,
    StandardItem,
)


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


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "company_name", "status", "status_changed_at"]
    list_filter = ["status"]
    search_fields = ["registration_number", "company_name", "nib", "applicant__name"]


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label="Alasan pencabutan",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Ditampilkan pada halaman verifikasi publik izin ini.",
    )


def revoke_permit(*, permit_id: int, actor, reason: str) -> Permit | None:
    """Revoke one issued permit: who, when and why. None if it was revoked already."""
    with transaction.atomic():
        permit = Permit.objects.select_for_update().get(pk=permit_id)
        if permit.revoked_at is not None:
            return None
        permit.revoked_at = timezone.now()
        permit.revocation_reason = reason.strip()
        permit.revoked_by = actor
        permit.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    return permit


@admin.register(Permit)
class PermitAdmin(ReadOnlyAdmin):
    """Issued permits are read-only; an administrator may revoke them with a reason."""

    list_display = ["number", "issued_on", "application", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["number"]
    actions = ["revoke"]

    def has_revoke_permission(self, request) -> bool:
        return has_role(request.user, Role.ADMIN)

    @admin.action(description="Cabut izin terpilih (dengan alasan)", permissions=["revoke"])
    def revoke(self, request, queryset):
        permits = list(queryset.filter(revoked_at__isnull=True).order_by("number"))
        if not permits:
            self.message_user(request, "Izin terpilih sudah dicabut semua.", messages.WARNING)
            return None
        form = RevocationForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            revoked = []
            for permit in permits:
                done = revoke_permit(permit_id=permit.pk, actor=request.user, reason=reason)
                if done is not None:
                    self.log_change(request, done, f"Izin dicabut. Alasan: {reason}")
                    revoked.append(done.number)
            self.message_user(request, f"Izin dicabut: {', '.join(revoked)}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Cabut izin",
            "opts": self.model._meta,
            "permits": permits,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/permits/permit/revoke.html", context)
