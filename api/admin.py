"""The administrator registers API clients here; a token is shown once, on the page after."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone

from api.models import ApiCall, Client
from api.scopes import Scope
from office.admin import ReadOnlyAdmin


class ClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="Cakupan",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih sedikitnya satu cakupan."},
        help_text="Data pribadi pemohon hanya dengan cakupan \u201cfiles:personal\u201d.",
    )

    class Meta:
        model = Client
        fields = [
            "name",
            "contact",
            "scopes",
            "expires_at",
            "allowed_addresses",
            "calls_per_minute",
            "active",
        ]


def token_page(request, client: Client, token: str = "") -> TemplateResponse:
    """The new token, once; without one, the question whether to replace the old."""
    response = TemplateResponse(
        request,
        "admin/api/client/token.html",
        {
            **admin.site.each_context(request),
            "title": f"Token klien API \u201c{client.name}\u201d",
            "client": client,
            "token": token,
            "opts": Client._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
    # The only time the token exists outside the client's hands: never cached anywhere.
    response["Cache-Control"] = "no-store"
    return response


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    form = ClientForm
    list_display = [
        "name",
        "token_shown",
        "scope_list",
        "expires_at",
        "active",
        "calls_last_day",
        "refused_last_day",
    ]
    list_filter = ["active"]
    search_fields = ["name", "contact", "token_shown"]
    readonly_fields = ["token_shown", "created_at", "created_by"]
    actions = ["issue_new_token"]

    def get_queryset(self, request):
        since = timezone.now() - timedelta(days=1)
        recent = Q(calls__at__gte=since)
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent_calls=Count("calls", filter=recent),
                recent_refusals=Count("calls", filter=recent & Q(calls__status__gte=400)),
            )
        )

    @admin.display(description="cakupan")
    def scope_list(self, obj) -> str:
        return ", ".join(obj.scopes or [])

    @admin.display(description="panggilan 24 jam")
    def calls_last_day(self, obj) -> int:
        return obj.recent_calls

    @admin.display(description="ditolak 24 jam")
    def refused_last_day(self, obj) -> int:
        return obj.recent_refusals

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request.kendali_new_token = obj.set_new_token()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return token_page(request, obj, request.kendali_new_token)

    @admin.action(description="Buat token baru (token lama langsung tidak berlaku)")
    def issue_new_token(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Pilih tepat satu klien untuk dibuatkan token baru.", messages.ERROR
            )
            return None
        client = queryset.get()
        if request.POST.get("confirm") != "1":
            return token_page(request, client)
        token = client.set_new_token()
        client.save(update_fields=["token_digest", "token_shown"])
        return token_page(request, client, token)


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdmin):
    list_display = ["at", "client", "resource", "status", "error", "rows", "address", "duration_ms"]
    list_filter = ["status", "resource", "client"]
    search_fields = ["client__name", "resource", "error", "address"]
    date_hierarchy = "at"
    list_select_related = ["client"]
    readonly_fields = [f.name for f in ApiCall._meta.fields]
