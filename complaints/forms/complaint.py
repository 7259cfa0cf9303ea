"""Complaint forms: the public one, the complaint officer's, and one per lifecycle action."""

from django import forms
from django.core.exceptions import ValidationError

from complaints import access_policy, services
from complaints.models import Category, Channel, ComplaintTier
from complaints.services import ActionInput, NewComplaint
from complaints.workflow import Action, ComplaintStatus
from office.roles import Role, roles_of
from permits.form_fields import (
    UPLOAD_ACCEPT,
    VisibleTextMixin,
    clean_upload,
    date_field,
    not_in_future,
)
from permits.models import Service

ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
DESCRIPTION_MAX = 4000
REPLY_MAX = 4000
NOTE_MAX = 2000


class HoneypotMixin:
    """A field people never see or fill in; a bot that fills every field gives itself away."""

    honeypot_name = "situs_web"
    honeypot_message = "Pengaduan tidak dapat dikirim. Muat ulang halaman, lalu coba lagi."

    def add_honeypot(self) -> None:
        self.fields[self.honeypot_name] = forms.CharField(
            label="Jangan isi kolom ini",
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def caught_by_honeypot(self) -> bool:
        return bool((self.data.get(self.honeypot_name) or "").strip())

    def check_honeypot(self) -> None:
        if self.caught_by_honeypot:
            raise ValidationError(self.honeypot_message, code="honeypot")


class ComplaintFields(VisibleTextMixin, HoneypotMixin, forms.Form):
    """What a complainant tells us, on the web or through an officer."""

    anonymous = forms.BooleanField(
        label="Kirim sebagai anonim (tanpa nama)",
        required=False,
        help_text="Nama tidak dicatat. Isi e-mail bila Anda ingin menerima jawaban.",
    )
    name = forms.CharField(label="Nama", max_length=120, required=False)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        max_length=254,
        help_text="Jawaban dikirim ke alamat ini.",
        error_messages={"invalid": "Alamat e-mail tidak valid."},
    )
    phone = forms.CharField(label="Nomor telepon / HP", max_length=30, required=False)
    confidential = forms.BooleanField(
        label="Rahasiakan identitas saya",
        required=False,
        help_text="Identitas Anda hanya diketahui petugas pengaduan.",
    )
    related_number = forms.CharField(
        label="Nomor registrasi berkas terkait",
        max_length=40,
        required=False,
        help_text="Bila pengaduan menyangkut berkas permohonan, misalnya IUPI-2026-00001.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    service = forms.ModelChoiceField(
        label="Layanan yang diadukan",
        queryset=Service.objects.filter(active=True),
        required=False,
        empty_label="Tidak tertentu",  # short: a phone shows the whole option
        help_text="Bila berkas terkait diisi, layanannya diambil dari berkas itu.",
        error_messages={"invalid_choice": "Pilih layanan dari daftar."},
    )
    category = forms.ChoiceField(
        label="Kategori",
        choices=[("", "Pilih kategori"), *Category.choices],
        error_messages={"required": "Pilih kategori pengaduan."},
    )
    subject = forms.CharField(
        label="Perihal",
        max_length=150,
        error_messages={"required": "Perihal wajib diisi."},
    )
    description = forms.CharField(
        label="Uraian pengaduan, saran atau masukan",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": DESCRIPTION_MAX}),
        help_text=f"Apa yang terjadi, kapan dan di mana. Paling banyak {DESCRIPTION_MAX} karakter.",
        error_messages={
            "required": "Uraian wajib diisi.",
            "max_length": f"Uraian paling banyak {DESCRIPTION_MAX} karakter.",
        },
    )
    attachment = forms.FileField(
        label="Lampiran (tidak wajib)",
        required=False,
        help_text="PDF, JPEG atau PNG, paling besar 2 MB.",
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.add_honeypot()

    def clean_attachment(self):
        value = self.cleaned_data.get("attachment")
        if not value:
            return None
        if value.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError("Ukuran lampiran melebihi batas 2 MB.", code="too_large")
        return clean_upload(value)

    def clean(self):
        cleaned = super().clean()
        self.check_honeypot()
        if not cleaned.get("anonymous"):
            # A field with its own error (a hidden character, say) is already reported.
            if "name" in cleaned and not cleaned["name"].strip():
                self.add_error("name", "Nama wajib diisi, atau pilih kirim sebagai anonim.")
            contact = ("email", "phone")
            if all(name in cleaned for name in contact) and not any(
                cleaned[name].strip() for name in contact
            ):
                self.add_error(
                    "email",
                    "Isi e-mail atau nomor telepon agar kami dapat menghubungi Anda, "
                    "atau pilih kirim sebagai anonim.",
                )
        return cleaned

    def new_complaint(self, **extra) -> NewComplaint:
        data = self.cleaned_data
        return NewComplaint(
            category=data["category"],
            subject=data["subject"],
            description=data["description"],
            anonymous=data["anonymous"],
            confidential=data["confidential"],
            name=data.get("name") or "",
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            related_number=data.get("related_number") or "",
            service_id=data["service"].pk if data.get("service") else None,
            attachment=data.get("attachment"),
            **extra,
        )


class PublicComplaintForm(ComplaintFields):
    """The public form. A related number that matches no file is kept without a word:
    the form must not tell strangers which registration numbers exist."""


class RecordedComplaintForm(ComplaintFields):
    """A complaint officer records one received in the complaint room, by e-mail, phone, letter."""

    channel = forms.ChoiceField(
        label="Diterima melalui",
        # The web form and SP4N-LAPOR! (its sync) record their own complaints.
        choices=[("", "Pilih kanal")]
        + [c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.LAPOR)],
        error_messages={"required": "Pilih kanal tempat pengaduan diterima."},
    )
    field_order = ["channel", "received_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"] = date_field("Tanggal diterima")
        self.fields["received_on"].validators.append(not_in_future)
        self.order_fields(self.field_order)
        self.fields["anonymous"].label = "Pelapor tidak menyebutkan nama (anonim)"
        self.fields["anonymous"].help_text = ""
        self.fields["confidential"].label = "Pelapor meminta identitasnya dirahasiakan"
        self.fields["confidential"].help_text = "Hanya petugas pengaduan yang melihat identitasnya."
        self.fields["email"].help_text = "Bila ada, jawaban dikirim ke alamat ini."
        self.fields["related_number"].help_text = "Harus nomor registrasi berkas yang ada."

    def clean_related_number(self):
        number = (self.cleaned_data.get("related_number") or "").strip()
        if number and services.match_application(number) is None:
            raise ValidationError(
                "Nomor registrasi tidak ditemukan. Periksa kembali, atau kosongkan.",
                code="unknown_number",
            )
        return number

    def new_complaint(self, **extra) -> NewComplaint:
        return super().new_complaint(
            channel=self.cleaned_data["channel"],
            received_on=self.cleaned_data["received_on"],
            **extra,
        )


class TicketForm(VisibleTextMixin, forms.Form):
    tiket = forms.CharField(
        label="Nomor tiket",
        max_length=20,
        help_text="Sepuluh huruf dan angka yang Anda terima setelah mengirim pengaduan.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": "Nomor tiket wajib diisi."},
    )


class TierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        text = f"{obj.name}: {obj.days} hari kerja"
        return f"{text} ({obj.description})" if obj.description else text


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        held = roles_of(obj)
        roles = ", ".join(role.label for role in Role if role in held)
        return f"{services.display_name(obj)} ({roles})" if roles else services.display_name(obj)


class ActionForm(VisibleTextMixin, forms.Form):
    """The fields an action needs, and always an internal note for the history."""

    expected_status = forms.ChoiceField(choices=ComplaintStatus.choices, widget=forms.HiddenInput)

    def __init__(self, action: Action, *args, actor=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.action = action
        if action.needs_tier:
            self.fields["tier"] = TierChoiceField(
                label="Klasifikasi",
                queryset=ComplaintTier.objects.filter(active=True),
                widget=forms.RadioSelect,
                empty_label=None,
                help_text="Batas waktu penyelesaian dihitung dalam hari kerja sejak hari ini.",
                error_messages={"required": "Pilih klasifikasi pengaduan."},
            )
        if action.needs_assignee:
            self.fields["assignee"] = AssigneeChoiceField(
                label="Petugas yang menindaklanjuti",
                queryset=access_policy.eligible_assignees(),
                empty_label="Pilih petugas",
                error_messages={"required": "Pilih petugas yang menindaklanjuti."},
            )
            if actor is not None and "assignee" not in self.initial:
                self.initial["assignee"] = actor.pk
        if action.needs_duplicate_of:
            self.fields["duplicate_ticket"] = forms.CharField(
                label="Nomor tiket pengaduan asal",
                max_length=20,
                error_messages={"required": "Nomor tiket pengaduan asal wajib diisi."},
            )
        if action.needs_reply:
            self.fields["reply"] = forms.CharField(
                label=action.reply_label,
                required=action.reply_required,
                max_length=REPLY_MAX,
                widget=forms.Textarea(attrs={"rows": 7}),
                help_text="Dibaca pelapor di halaman status dan dikirim ke e-mailnya bila ada.",
                error_messages={"required": f"{action.reply_label} wajib diisi."},
            )
        self.fields["note"] = forms.CharField(
            label="Catatan internal",
            required=False,
            max_length=NOTE_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Tercatat di riwayat pengaduan; tidak dilihat pelapor.",
        )

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        tier, assignee = data.get("tier"), data.get("assignee")
        return ActionInput(
            note=data.get("note") or "",
            reply=data.get("reply") or "",
            tier_id=tier.pk if tier else None,
            assignee_id=assignee.pk if assignee else None,
            duplicate_ticket=data.get("duplicate_ticket") or "",
        )
