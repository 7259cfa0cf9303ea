"""Admin: the service standard is edited here (the office profile: office/admin.py).

Applications are shown read-only: their state changes only through the workflow
service, never by editing a row. Issued permits are read-only too; an administrator can
revoke one with a reason (recorded with who and when, and shown on the verification page).
"""

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from office.admin import ReadOnlyAdmin
from office.roles import Role, has_role
from permits import archive, catalog, version_diff
from permits.documents import decree_template, decree_values
from permits.models import (
    ApplicantKind,
    Application,
    CommitmentType,
    Letter,
    LetterSeries,
    Permit,
    Requirement,
    Service,
    ServiceStandard,
    StandardItem,
)
from permits.models.standard import every_applicant_kind


class _VersionPartInline(admin.TabularInline):
    """A part of a version: editable until a file is registered under the version."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


class RequirementInline(_VersionPartInline):
    model = Requirement


class CommitmentTypeInline(_VersionPartInline):
    model = CommitmentType


class StandardItemInline(_VersionPartInline):
    model = StandardItem


def _editable(standard: ServiceStandard | None) -> bool:
    """Files keep the version they were registered under: once used, it is read-only."""
    return standard is None or not standard.applications.exists()


class VersionListInline(admin.TabularInline):
    """The service's versions, each opened on its own page (where its parts are edited)."""

    model = ServiceStandard
    fields = ["version", "effective_from", "product", "service_days"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False
    verbose_name_plural = "versi standar pelayanan (tambah di Standar pelayanan (versi))"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    inlines = [VersionListInline]
    list_display = ["name", "code", "category", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The code names the number series: fixed once the service has a version.
        return ["code"] if obj is not None and obj.versions.exists() else []

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceStandardForm(forms.ModelForm):
    """The version's own fields and decree texts are checked together, every problem named."""

    applicant_kinds = forms.MultipleChoiceField(
        label="Jenis pemohon yang dilayani",
        choices=ApplicantKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=every_applicant_kind,  # a new version serves everyone until told otherwise
        error_messages={"required": "Pilih sedikitnya satu jenis pemohon."},
        help_text="Formulir pendaftaran hanya menawarkan jenis pemohon yang dicentang.",
    )

    class Meta:
        model = ServiceStandard
        exclude: list[str] = []

    def clean(self):
        cleaned = super().clean()
        texts = {name: cleaned.get(name, getattr(self.instance, name)) for name in CHECKED}
        for field, messages_ in decree_template.problems(SimpleNamespace(**texts)).items():
            if field in self.fields:
                self.add_error(field, messages_)
        return cleaned


CHECKED = ("data_fields", *decree_template.TEXT_FIELDS)


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    form = ServiceStandardForm
    list_display = ["__str__", "effective_from", "service_days", "fee_label", "file_count"]
    list_filter = ["service"]
    list_select_related = ["service"]
    inlines = [RequirementInline, CommitmentTypeInline, StandardItemInline]
    actions = ["make_new_version"]

    @admin.display(description="berkas")
    def file_count(self, obj) -> int:
        return obj.file_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(file_count=Count("applications"))

    def get_readonly_fields(self, request, obj=None):
        if _editable(obj):
            return []
        return [field.name for field in ServiceStandard._meta.fields if field.name != "id"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        preview = path(
            "<int:pk>/pratinjau-keputusan/",
            self.admin_site.admin_view(self.decree_preview),
            name="permits_servicestandard_preview",
        )
        compare = path(
            "<int:pk>/bandingkan/",
            self.admin_site.admin_view(self.compare_versions),
            name="permits_servicestandard_compare",
        )
        return [preview, compare, *super().get_urls()]

    def compare_versions(self, request, pk: int):
        """What changed from another version of the same service (the one before, unless
        `?dengan=<version number>` names another)."""
        after = get_object_or_404(ServiceStandard.objects.select_related("service"), pk=pk)
        if not self.has_view_permission(request, after):
            raise PermissionDenied
        others = list(after.service.versions.exclude(pk=after.pk).order_by("version"))
        wanted = request.GET.get("dengan", "")
        before = next((v for v in others if str(v.version) == wanted), None)
        if before is None:
            earlier = [v for v in others if v.version < after.version]
            # The first version has none before it: compared with the next one.
            before = earlier[-1] if earlier else (others[0] if others else None)
        terms, lists = version_diff.compare(before, after) if before else ([], [])
        return TemplateResponse(
            request,
            "admin/permits/servicestandard/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "standard": after,
                "before": before,
                "others": others,
                "terms": terms,
                "lists": lists,
            },
        )

    def decree_preview(self, request, pk: int):
        """The version's decree filled with its newest file, or with a sample."""
        standard = get_object_or_404(ServiceStandard.objects.select_related("service"), pk=pk)
        if not self.has_view_permission(request, standard):
            raise PermissionDenied
        sample_file = standard.applications.select_related("applicant").order_by("-pk").first()
        values = (
            decree_values.values_for(sample_file)
            if sample_file
            else decree_values.sample_values(standard)
        )
        vocabulary = decree_template.vocabulary_for(decree_values.specs_of(standard))
        return TemplateResponse(
            request,
            "admin/permits/servicestandard/preview.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "standard": standard,
                "sample_file": sample_file,
                "has_decree": bool(standard.decree_clauses.strip()),
                "decree": decree_values.rendered_decree(
                    decree_template.compiled(standard), values, strict=False
                ),
                "head_title": values["penandatangan.jabatan"],
                "legal_basis_count": standard.items.filter(
                    component=StandardItem.Component.LEGAL_BASIS
                ).count(),
                "vocabulary": vocabulary.described(),
            },
        )

    @admin.action(description="Buat versi baru (berlaku besok, dapat diubah sebelum dipakai)")
    def make_new_version(self, request, queryset):
        tomorrow = timezone.localdate() + timedelta(days=1)
        for source in queryset.select_related("service"):
            try:
                copy = catalog.new_version(source, effective_from=tomorrow)
            except ValidationError as err:
                self.message_user(request, f"{source}: {'; '.join(err.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{copy} dibuat dari versi {source.version}, berlaku {tomorrow:%d-%m-%Y}. "
                    "Ubah isinya dan tanggal berlakunya sebelum dipakai.",
                    messages.SUCCESS,
                )


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "company_name", "status", "status_changed_at"]
    list_filter = ["status", "standard__service"]
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


@admin.register(LetterSeries)
class LetterSeriesAdmin(admin.ModelAdmin):
    """Each series' number format and who signs its letters: data the office keeps."""

    list_display = ["code", "name", "kind", "number_format", "signatory", "on_behalf"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "number_format"]}),
        (
            "Penanda tangan",
            {
                "fields": ["signatory", "on_behalf"],
                "description": "Nama dan NIP pejabat diambil dari profil kantor saat surat "
                "dinomori; pejabat menandatangani dengan sertifikat elektroniknya sendiri.",
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A series in use keeps its code and kind: the counter and the register hang on them.
        if obj is not None and obj.letters.exists():
            return ["code", "kind"]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.letters.exists()


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["number", "dated", "subject", "addressee", "signed_at"]
    list_filter = ["series", "year", "kind"]
    search_fields = ["number", "subject", "addressee", "application__registration_number"]
    list_select_related = ["series"]


@admin.action(description="Ekspor paket arsip izin terpilih (ZIP)")
def export_archive(modeladmin, request, queryset):
    chosen = queryset.exclude(pdf="")
    count = chosen.count()
    if not count:
        modeladmin.message_user(
            request, "Tidak ada dokumen izin pada pilihan ini.", messages.WARNING
        )
        return None
    if count > archive.IN_REQUEST_LIMIT:
        modeladmin.message_user(
            request,
            f"{count} izin terlalu banyak untuk diunduh langsung (paling banyak "
            f"{archive.IN_REQUEST_LIMIT}). Gunakan perintah `manage.py export_archive` "
            "(docs/archive.md).",
            messages.ERROR,
        )
        return None
    days = chosen.aggregate(start=Min("issued_on"), end=Max("issued_on"))
    folder = Path(tempfile.mkdtemp(prefix="kendali-arsip-"))
    name = f"arsip-izin-{days['start'].isoformat()}-{days['end'].isoformat()}.zip"
    package = archive.write_package(days["start"], days["end"], folder / name, permits=chosen)
    response = FileResponse(package.path.open("rb"), as_attachment=True, filename=name)
    # The temporary copy goes once the response is sent (the open handle keeps it readable).
    shutil.rmtree(folder, ignore_errors=True)
    return response


PermitAdmin.actions = [*PermitAdmin.actions, export_archive]
