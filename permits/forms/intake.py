"""The FO intake form: applicant (A), company and expansion plan (B), requirement checklist (C).

Three parts are validated together and turned into unsaved model instances;
`permits.services.register_application` saves them in one transaction. Nothing
here writes to the database or to file storage.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from notices.mobile import mobile_e164
from permits import validators
from permits.declared_fields import DeclaredFieldsForm, parse_declaration
from permits.form_fields import (
    RupiahField,
    VisibleTextMixin,
    clean_upload,
    date_field,
    label_row,
    mark_max_today,
    not_in_future,
    upload_field,
)
from permits.models import (
    Applicant,
    Application,
    DeclaredFile,
    KeptUpload,
    Requirement,
    RequirementCheck,
)
from workflow.table import Status


def _with_message(label: str, **messages: str) -> dict[str, str]:
    return {"required": f"{label} wajib diisi.", **messages}


# --- A. Pemohon --------------------------------------------------------------


class ApplicantForm(VisibleTextMixin, forms.ModelForm):
    """Who applies. Identity fields depend on the kind of applicant."""

    # Longer than the stored value so that "1602 0117 0885 0001" or
    # "01.312.166.0-091.000" can be typed as printed; the compact form is stored.
    nik = forms.CharField(
        label="NIK",
        max_length=30,
        required=False,
        help_text="16 digit, wajib bagi perseorangan WNI.",
    )
    npwp = forms.CharField(
        label="NPWP",
        max_length=30,
        help_text="15 digit (format lama) atau 16 digit; titik dan tanda hubung boleh diketik.",
        error_messages=_with_message("NPWP"),
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        error_messages=_with_message("E-mail", invalid="Alamat e-mail tidak valid."),
    )
    phone = forms.RegexField(
        label="Telepon",
        max_length=30,
        regex=r"^\+?[0-9][0-9 ()\-]{5,}$",
        error_messages=_with_message(
            "Telepon",
            invalid="Nomor telepon hanya boleh berisi angka, spasi, tanda kurung, "
            "tanda hubung, dan + di depan.",
        ),
    )
    kswp_checked_on = date_field(
        "Tanggal pemeriksaan KSWP", help_text="Tanggal petugas memeriksa status KSWP."
    )
    whatsapp_consent = forms.BooleanField(
        label="Pemohon setuju menerima pemberitahuan berkas lewat WhatsApp",
        required=False,
        help_text="Tanyakan kepada pemohon. Pemohon dapat berhenti kapan saja dari halaman "
        "lacak berkas.",
    )
    whatsapp_number = forms.CharField(
        label="Nomor WhatsApp",
        max_length=30,
        required=False,
        help_text="Nomor ponsel Indonesia, misalnya 0812-3456-7890. Kosongkan bila sama dengan "
        "nomor telepon di atas.",
    )

    class Meta:
        model = Applicant
        fields = [
            "kind",
            "name",
            "nik",
            "passport_number",
            "nationality",
            "ratification_number",
            "npwp",
            "kswp_result",
            "kswp_checked_on",
            "email",
            "phone",
            "address",
            "whatsapp_number",
        ]
        labels = {
            "kind": "Jenis pemohon",
            "name": "Nama pemohon",
            "passport_number": "Nomor paspor",
            "nationality": "Kewarganegaraan",
            "ratification_number": "Nomor pengesahan / dasar hukum badan usaha",
            "kswp_result": "Hasil Konfirmasi Status Wajib Pajak (KSWP)",
            "address": "Alamat",
        }
        help_texts = {
            "name": "Nama perseorangan sesuai identitas, atau nama badan usaha.",
            "passport_number": "Wajib bagi perseorangan WNA. Huruf dan angka seperti tercetak "
            "di paspor; disimpan tanpa spasi dengan huruf kapital.",
            "nationality": "Wajib bagi perseorangan WNA.",
            "ratification_number": "Wajib bagi badan usaha, misalnya nomor SK pengesahan "
            "Kemenkumham atau akta pendirian.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "kswp_result": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "kind": {"required": "Pilih jenis pemohon."},
            "name": {"required": "Nama pemohon wajib diisi."},
            "address": {"required": "Alamat wajib diisi."},
        }

    # Normalised like the NIK, so one passport typed two ways is one number.
    NORMALIZERS = {
        "nik": validators.normalize_nik,
        "passport_number": validators.normalize_passport,
    }

    # Which identity fields each kind must give; the others are not stored.
    IDENTITY_FIELDS = {
        Applicant.Kind.WNI: {"nik": "NIK wajib diisi untuk pemohon perseorangan WNI."},
        Applicant.Kind.WNA: {
            "passport_number": "Nomor paspor wajib diisi untuk pemohon perseorangan WNA.",
            "nationality": "Kewarganegaraan wajib diisi untuk pemohon perseorangan WNA.",
        },
        Applicant.Kind.ENTITY: {
            "ratification_number": "Nomor pengesahan atau dasar hukum pembentukan badan usaha "
            "wajib diisi untuk badan usaha.",
        },
    }

    def __init__(self, *args, standard=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Required radio buttons without a blank choice; only the kinds the version serves.
        kinds = standard.applicant_kind_choices if standard else Applicant.Kind.choices
        self.fields["kind"].choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]
        served = ", ".join(label for _code, label in kinds)
        self.fields["kind"].error_messages["invalid_choice"] = (
            f"Layanan ini hanya melayani pemohon {served}."
        )
        self.fields["kswp_result"].choices = Applicant.KswpResult.choices
        self.fields["kswp_result"].required = True
        self.fields["kswp_result"].error_messages["required"] = "Pilih hasil pemeriksaan KSWP."
        mark_max_today(self, "kswp_checked_on")

    def clean_npwp(self):
        return validators.normalize_npwp(self.cleaned_data["npwp"])

    def clean_kswp_checked_on(self):
        return not_in_future(self.cleaned_data["kswp_checked_on"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = self.IDENTITY_FIELDS.get(kind, {})
        for name in ("nik", "passport_number", "nationality", "ratification_number"):
            if name not in cleaned:  # already has its own error
                continue
            value = cleaned[name].strip()
            if kind is not None and name not in needed:
                # Identity fields of the other kinds are not kept: a WNA has no NIK here.
                cleaned[name] = ""
            elif not value and name in needed:
                self.add_error(name, needed[name])
            elif value and name in self.NORMALIZERS:
                try:
                    cleaned[name] = self.NORMALIZERS[name](value)
                except ValidationError as error:
                    self.add_error(name, error)
            else:
                cleaned[name] = value
        self._clean_whatsapp(cleaned)
        return cleaned

    def _clean_whatsapp(self, cleaned: dict) -> None:
        """With consent, a mobile number (the one typed, or the phone) in E.164; without, none
        is kept."""
        typed = (cleaned.get("whatsapp_number") or "").strip()
        if not cleaned.get("whatsapp_consent"):
            cleaned["whatsapp_number"] = ""
            return
        number = typed or (cleaned.get("phone") or "")
        if not number:
            self.add_error("whatsapp_number", "Isi nomor WhatsApp pemohon.")
            return
        try:
            cleaned["whatsapp_number"] = mobile_e164(number)
        except ValidationError as error:
            self.add_error("whatsapp_number", error)


# --- B. Perusahaan dan rencana perluasan ---------------------------------------


def _number(label: str, **kwargs):
    return {
        "label": label,
        "error_messages": _with_message(label, invalid="Masukkan angka yang valid."),
        **kwargs,
    }


COMPANY_FIELDS = ("company_name", "company_address", "nib")
WORKER_FIELDS = (
    "workers_id_men",
    "workers_id_women",
    "workers_foreign_men",
    "workers_foreign_women",
)
# The IUPI's own data (ServiceStandard.asks_industry_expansion): blank in the model so that
# other services' files leave them empty, required whenever a version asks them.
INDUSTRY_FIELDS = (
    "kbli_code",
    "kbli_title",
    "kbli_edition",
    "commodity",
    "capacity_current",
    "capacity_added",
    "capacity_unit",
    "investment_value",
    *WORKER_FIELDS,
    "factory_location",
    "in_industrial_estate",
    "iui_number",
    "iui_date",
)
# Model fields blank for other services that the IUPI form must still require.
REQUIRED_WHEN_ASKED = ("kbli_title", "commodity", "capacity_unit", "factory_location", "iui_number")


class ApplicationForm(VisibleTextMixin, forms.ModelForm):
    """The company (when the version asks for one) and the IUPI's expansion plan (when the
    version asks for it)."""

    nib = forms.CharField(
        label="NIB",
        max_length=30,
        help_text="Nomor Induk Berusaha, 13 digit.",
        error_messages=_with_message("NIB"),
    )
    kbli_code = forms.CharField(
        label="Kode KBLI",
        max_length=10,
        help_text="5 digit, kategori C Industri Pengolahan (golongan pokok 10-33).",
        error_messages=_with_message("Kode KBLI"),
    )
    capacity_current = forms.DecimalField(
        **_number("Kapasitas terpasang saat ini per tahun", help_text="Isi 0 bila belum ada."),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )
    capacity_added = forms.DecimalField(
        **_number("Penambahan kapasitas per tahun"),
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
    )
    investment_value = RupiahField(
        **_number(
            "Nilai investasi perluasan (Rp)",
            help_text="Dalam rupiah, misalnya 25.000.000.000 (titik pemisah ribuan boleh diketik).",
        ),
        max_digits=18,
    )
    iui_date = date_field("Tanggal IUI")

    class Meta:
        model = Application
        fields = [*COMPANY_FIELDS, *INDUSTRY_FIELDS]
        labels = {
            "company_name": "Nama perusahaan",
            "company_address": "Alamat perusahaan",
            "kbli_title": "Judul KBLI",
            "kbli_edition": "Edisi KBLI",
            "commodity": "Komoditas / jenis produk",
            "capacity_unit": "Satuan kapasitas",
            "workers_id_men": "Indonesia, laki-laki",
            "workers_id_women": "Indonesia, perempuan",
            "workers_foreign_men": "Asing, laki-laki",
            "workers_foreign_women": "Asing, perempuan",
            "factory_location": "Lokasi pabrik",
            "in_industrial_estate": "Pabrik berada di dalam kawasan industri",
            "iui_number": "Nomor IUI",
        }
        help_texts = {
            "capacity_unit": "Misalnya ton, kg, lembar, m3.",
            "iui_number": "Izin Usaha Industri yang berlaku efektif.",
        }
        widgets = {
            "company_address": forms.Textarea(attrs={"rows": 3}),
            "factory_location": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            name: {"required": f"{label} wajib diisi."}
            for name, label in {
                "company_name": "Nama perusahaan",
                "company_address": "Alamat perusahaan",
                "kbli_title": "Judul KBLI",
                "commodity": "Komoditas",
                "capacity_unit": "Satuan kapasitas",
                "factory_location": "Lokasi pabrik",
                "iui_number": "Nomor IUI",
            }.items()
        }

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.standard = standard
        if not standard.asks_company:
            for name in COMPANY_FIELDS:
                del self.fields[name]
        if not standard.asks_industry_expansion:
            for name in INDUSTRY_FIELDS:
                del self.fields[name]
            return
        for name in REQUIRED_WHEN_ASKED:
            self.fields[name].required = True
        for name in WORKER_FIELDS:
            field = self.fields[name]
            field.min_value = 0
            field.widget.attrs["min"] = "0"
            field.error_messages.update(
                required="Jumlah tenaga kerja wajib diisi (isi 0 bila tidak ada).",
                invalid="Jumlah tenaga kerja harus berupa bilangan bulat.",
                min_value="Jumlah tenaga kerja tidak boleh negatif.",
            )
        self.fields["capacity_current"].error_messages["min_value"] = (
            "Kapasitas terpasang tidak boleh negatif."
        )
        mark_max_today(self, "iui_date")

    def clean_nib(self):
        return validators.normalize_nib(self.cleaned_data["nib"])

    def clean_kbli_code(self):
        return validators.normalize_kbli(self.cleaned_data["kbli_code"])

    def clean_capacity_added(self):
        value = self.cleaned_data["capacity_added"]
        if value is not None and value <= 0:
            raise ValidationError("Penambahan kapasitas harus lebih dari 0.", code="not_positive")
        return value

    def clean_investment_value(self):
        value = self.cleaned_data["investment_value"]
        if value is not None and value <= 0:
            raise ValidationError("Nilai investasi harus lebih dari 0.", code="not_positive")
        return value

    def clean_iui_date(self):
        return not_in_future(self.cleaned_data["iui_date"])


# --- C. Persyaratan --------------------------------------------------------------


class RequirementRowForm(VisibleTextMixin, forms.Form):
    """One requirement of the standard as the FO finds it at the counter."""

    present = forms.BooleanField(label="Ada", required=False)
    note = forms.CharField(
        label="Catatan",
        max_length=300,
        required=False,
        error_messages={"max_length": "Catatan paling banyak 300 karakter."},
    )
    scan = upload_field(help_text="")  # the section says which files are accepted

    def __init__(self, *args, requirement: Requirement, kept: KeptUpload | None = None, **kwargs):
        self.requirement = requirement
        self.kept = kept  # the scan kept from an earlier send of this form
        self.original_name = ""
        super().__init__(*args, prefix=f"req-{requirement.pk}", **kwargs)
        label_row(self, requirement.text)

    def clean_scan(self):
        value = self.cleaned_data.get("scan")
        if isinstance(value, UploadedFile):
            self.original_name = value.name
        return clean_upload(value)

    @property
    def new_scan(self) -> UploadedFile | None:
        """A newly chosen file that passed its checks (also when other fields did not)."""
        value = getattr(self, "cleaned_data", {}).get("scan")
        return value if isinstance(value, UploadedFile) else None

    def build(self) -> RequirementCheck:
        scan = self.cleaned_data.get("scan") or ""
        if not scan and self.kept is not None:
            # A copy under the file's own folder; the kept row goes with the registration.
            scan = ContentFile(self.kept.read(), name=f"berkas.{self.kept.extension}")
        return RequirementCheck(
            requirement=self.requirement,
            present=self.cleaned_data["present"],
            note=self.cleaned_data["note"].strip(),
            scan=scan,
        )


# Files that hold a permit or are on their way to one; a rejected or withdrawn file does not.
ENDED = (Status.REJECTED, Status.WITHDRAWN)


class ConfirmForm(forms.Form):
    """The clerk's confirmation that a file with the same NIB and KBLI was looked at."""

    confirm_duplicate = forms.BooleanField(
        label="Saya sudah memeriksa, tetap daftarkan", required=False
    )


class IntakeForm:
    """The three parts of the intake, validated together.

    `build()` returns unsaved instances for `services.register_application`; the
    requirement rows kept are those that apply to the chosen kind of applicant.
    """

    def __init__(
        self,
        data=None,
        files=None,
        *,
        standard,
        requirements,
        officer,
        kept=None,
        kept_fields=None,
        intake_token=None,
    ):
        self.standard = standard
        self.officer = officer
        self.intake_token = intake_token
        kept = kept or {}
        self.applicant_form = ApplicantForm(data, files, prefix="applicant", standard=standard)
        self.application_form = ApplicationForm(data, files, prefix="company", standard=standard)
        self.data_form = DeclaredFieldsForm(
            parse_declaration(standard.data_fields or []),
            data,
            files,
            prefix="data",
            kept=kept_fields,
        )
        self.requirement_forms = [
            RequirementRowForm(data, files, requirement=requirement, kept=kept.get(requirement.pk))
            for requirement in requirements
        ]
        self.confirm_form = ConfirmForm(data, prefix="intake")
        self.same_files: list[Application] = []

    @property
    def identity_fields(self) -> list[tuple[forms.BoundField, str]]:
        """Each identity field with the kinds it applies to ("wni", "wna entity", ...)."""
        kinds: dict[str, list[str]] = {}
        for kind, fields in ApplicantForm.IDENTITY_FIELDS.items():
            for name in fields:
                kinds.setdefault(name, []).append(str(kind))
        return [(self.applicant_form[name], " ".join(kinds[name])) for name in kinds]

    @property
    def letters(self) -> dict[str, str]:
        """The letter of each part the form shows (A. Pemohon, B. ...), in order."""
        shown = ["applicant"]
        if self.application_form.fields:
            shown.append("company")
        if self.data_form.fields:
            shown.append("data")
        shown.append("requirements")
        return {part: "ABCDEFG"[index] for index, part in enumerate(shown)}

    @property
    def is_bound(self) -> bool:
        return self.applicant_form.is_bound

    @property
    def parts(self) -> list[forms.BaseForm]:
        return [
            self.applicant_form,
            self.application_form,
            self.data_form,
            *self.requirement_forms,
        ]

    def is_valid(self) -> bool:
        # Validate every part (not short-circuit) so each shows its own errors.
        valid = all([part.is_valid() for part in self.parts])
        self.confirm_form.is_valid()
        self.same_files = self._same_files()
        if self.same_files and not self.confirm_form.cleaned_data.get("confirm_duplicate"):
            self.confirm_form.add_error(
                "confirm_duplicate",
                f"Berkas dengan {self.same_files_reason} sudah ada. Periksa daftarnya, lalu "
                "centang konfirmasi untuk tetap mendaftarkan.",
            )
            return False
        return valid

    @property
    def same_files_reason(self) -> str:
        """What the files found share with this one, as the warning says it."""
        if self.standard.asks_industry_expansion:
            return "NIB dan KBLI yang sama"
        return f"NIB yang sama untuk layanan {self.standard.service.name}"

    def _same_files(self) -> list[Application]:
        """Files of this business that have a permit or are in progress: for the IUPI the
        same NIB and KBLI, for another service asking a company the same NIB and service.
        A service for individuals has no such key (one person may apply twice)."""
        cleaned = getattr(self.application_form, "cleaned_data", {})
        if not cleaned.get("nib"):
            return []
        if self.standard.asks_industry_expansion:
            if not cleaned.get("kbli_code"):
                return []
            same = Application.objects.filter(nib=cleaned["nib"], kbli_code=cleaned["kbli_code"])
        else:
            same = Application.objects.filter(
                nib=cleaned["nib"], standard__service_id=self.standard.service_id
            )
        if self.intake_token is not None:
            # This very form sent twice: the service answers that one (AlreadyRegistered).
            same = same.exclude(intake_token=self.intake_token)
        return list(same.exclude(status__in=ENDED).order_by("-created_at"))

    @property
    def new_scans(self) -> list[tuple[RequirementRowForm, UploadedFile]]:
        return [(row, row.new_scan) for row in self.requirement_forms if row.new_scan]

    @property
    def new_field_uploads(self) -> dict[str, UploadedFile]:
        """Files newly chosen for declared fields that passed their checks, to keep."""
        return self.data_form.uploads()

    @property
    def uploads_refused(self) -> bool:
        """Chosen files the form that came back does not hold: a refused scan or upload."""
        refused_fields = any(
            spec.name in self.data_form.errors
            for spec in self.data_form.specs
            if spec.type == "file"
        )
        return refused_fields or any("scan" in row.errors for row in self.requirement_forms)

    @property
    def error_count(self) -> int:
        return sum(
            len(part.non_field_errors()) + sum(len(e) for e in part.errors.values())
            for part in [*self.parts, self.confirm_form]
            if part.is_bound
        )

    def declared_files(self) -> list[DeclaredFile]:
        """Unsaved rows for the declared fields' uploads (the service saves them)."""
        chosen = self.data_form.uploads()
        files = [
            DeclaredFile(
                field_name=name, file=upload, original_name=self.data_form.original_name(name)
            )
            for name, upload in chosen.items()
        ]
        for name, kept in self.data_form.kept.items():
            if name not in chosen:
                # A copy under the file's own folder; the kept row goes with the registration.
                copy = ContentFile(kept.read(), name=f"isian.{kept.extension}")
                files.append(
                    DeclaredFile(field_name=name, file=copy, original_name=kept.original_name)
                )
        return files

    def build(self) -> tuple[Applicant, Application, list[RequirementCheck]]:
        applicant = self.applicant_form.save(commit=False)
        applicant.kswp_checked_by = self.officer
        if applicant.whatsapp_number:
            applicant.whatsapp_consent_at = timezone.now()
        application = self.application_form.save(commit=False)
        application.data = self.data_form.cleaned_values()
        checks = [
            row.build()
            for row in self.requirement_forms
            if row.requirement.applies_to_kind(applicant.kind)
        ]
        return applicant, application, checks
