"""The delivery log for the administrator: every notice, its status and error; resend failures.

Also the webhook endpoints (their events, their secret, rotated by an action) and the log of
their deliveries (docs/webhooks.md).
"""

import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from notices import tasks, webhook_sender, whatsapp
from notices.models import (
    Delivery,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from office.admin import ReadOnlyAdmin


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
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


# --- webhooks ---------------------------------------------------------------------------


def _endpoint_formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # the default of Django 6
    return db_field.formfield(**kwargs)


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label="Peristiwa",
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih sedikitnya satu peristiwa."},
        help_text="Penerima hanya dikirimi peristiwa yang dicentang.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "personal", "active"]
        formfield_callback = _endpoint_formfield


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "url",
        "event_list",
        "personal",
        "active",
        "deliveries_24h",
        "failures",
    ]
    list_filter = ["active", "personal"]
    search_fields = ["name", "url"]
    actions = ["rotate_secret"]

    def get_queryset(self, request):
        since = timezone.now() - timedelta(hours=24)
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent=Count("deliveries", filter=Q(deliveries__created_at__gte=since)),
                failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            )
        )

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "personal", "active"]
        if obj is not None:
            # Shown only once saved: the add page's instance is not the one that will be saved.
            fields += ["secret", "created_at", "created_by"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return ["secret", "created_at", "created_by"] if obj is not None else []

    @admin.display(description="peristiwa")
    def event_list(self, obj) -> str:
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.events or [])

    @admin.display(description="pengiriman 24 jam", ordering="recent")
    def deliveries_24h(self, obj) -> str:
        return obj.recent

    @admin.display(description="gagal", ordering="failed")
    def failures(self, obj):
        if not obj.failed:
            return 0
        url = reverse("admin:notices_webhookdelivery_changelist")
        query = urlencode({"endpoint__id__exact": obj.pk, "status__exact": DeliveryStatus.FAILED})
        return format_html('<a href="{}?{}">{}</a>', url, query, obj.failed)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The secret is shown on the change page: go there so it can be copied.
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            self.message_user(
                request,
                "Salin rahasia penandatanganan di bawah ini ke sistem penerima.",
                messages.INFO,
            )
            return HttpResponseRedirect(
                reverse("admin:notices_webhookendpoint_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Ganti rahasia titik webhook yang dipilih")
    def rotate_secret(self, request, queryset):
        endpoints = list(queryset)
        with transaction.atomic():
            for endpoint in endpoints:
                endpoint.rotate_secret()
        self.message_user(
            request,
            f"Rahasia {len(endpoints)} titik webhook diganti. Salin rahasia baru dari halaman "
            "titik webhook ke sistem penerima: pesan berikutnya ditandatangani dengan rahasia "
            "baru.",
            messages.WARNING,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
        "short_error",
    ]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["=event_id", "=delivery_id"]
    search_help_text = "Cari dengan id peristiwa atau id pengiriman (UUID lengkap)."
    date_hierarchy = "created_at"
    list_select_related = ["endpoint"]
    actions = ["resend"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields if f.name != "dedupe_key"]
    exclude = ["dedupe_key"]

    @admin.display(description="galat terakhir")
    def short_error(self, obj) -> str:
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    def get_search_results(self, request, queryset, search_term):
        # A UUID field compared with text that is not a UUID would fail: such a search finds none.
        term = search_term.strip()
        if term:
            try:
                uuid.UUID(term)
            except ValueError:
                return queryset.none(), False
        return super().get_search_results(request, queryset, term)

    @admin.action(description="Kirim ulang webhook yang gagal", permissions=["view"])
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=DeliveryStatus.FAILED))
        with transaction.atomic():
            resent = sum(webhook_sender.send_again(delivery) for delivery in failed)
        skipped = queryset.count() - resent
        self.message_user(request, f"{resent} webhook diantrekan ulang.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} webhook dilewati: hanya yang gagal yang dikirim ulang.",
                messages.WARNING,
            )
