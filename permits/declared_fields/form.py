"""Django form fields from declared fields, refusing bad input with the sentences the IUPI intake
form uses today ("<Label> wajib diisi.", "... tidak boleh negatif.", the rupiah and KBLI rules)."""

import re
from decimal import Decimal
from pathlib import PurePosixPath

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from office.indonesian import number_id
from permits import validators
from permits.declared_fields.spec import MANUFACTURING_DIVISIONS, FieldSpec, in_order
from permits.declared_fields.values import from_json, to_json
from permits.form_fields import (
    UPLOAD_ACCEPT,
    UPLOAD_HELP,
    RupiahField,
    VisibleTextMixin,
    clean_upload,
    date_field,
    format_rupiah,
    guard_text_field,
    not_in_future,
)

NUMBER_INVALID = "Masukkan angka yang valid."  # as the intake form says it
PHONE_FORMAT = (
    "Nomor telepon hanya boleh berisi angka, spasi, tanda kurung, tanda hubung, dan + di depan."
)
# The intake form's shape of a phone number, also opening with "(" as in "(0711) 321456":
# digits and separators, no letters (phonenumbers would read "0812-ABC" as a keypad spelling).
_PHONE_CHARACTERS = re.compile(r"\+?[0-9(][0-9 ()\-]*")
_KBLI_SEPARATORS = re.compile(r"[\s.\-]")
ANY_DIVISION = ((1, 99),)
MONEY_HELP = "Dalam rupiah, misalnya 25.000.000.000 (titik pemisah ribuan boleh diketik)."


def division_text(divisions) -> str:
    """((1, 3), (10, 33)) → "01-03 atau 10-33"."""
    parts = [f"{a:02d}" if a == b else f"{a:02d}-{b:02d}" for a, b in divisions]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} atau {parts[-1]}"


def normalize_kbli(value: str, divisions=()) -> str:
    """A 5-digit KBLI code in one of `divisions`; the IUPI's own divisions keep today's rule."""
    if divisions == MANUFACTURING_DIVISIONS:
        return validators.normalize_kbli(value)
    try:
        compact = validators.normalize_kbli(value)
    except ValidationError as error:
        if error.code != "kbli_not_manufacturing":
            raise
        compact = _KBLI_SEPARATORS.sub("", value)  # five ASCII digits, checked above
    allowed = divisions or ANY_DIVISION
    if not any(start <= int(compact[:2]) <= end for start, end in allowed):
        raise ValidationError(
            f"Kode KBLI harus termasuk golongan pokok {division_text(allowed)}.",
            code="kbli_division",
        )
    return compact


def normalize_phone(value: str, label: str = "Telepon") -> str:
    """An Indonesian number, mobile or fixed, in E.164: "0812-3456-7890" → "+6281234567890"."""
    if not _PHONE_CHARACTERS.fullmatch(value):
        raise ValidationError(PHONE_FORMAT, code="phone_format")
    invalid = ValidationError(
        f"{label} bukan nomor telepon Indonesia yang valid; tulis misalnya 0812-3456-7890 "
        "atau (0711) 321456.",
        code="phone_invalid",
    )
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        raise invalid from None
    if not phonenumbers.is_valid_number(number):
        raise invalid
    if phonenumbers.region_code_for_number(number) != "ID":
        raise ValidationError(
            f"{label} harus nomor Indonesia (+62); nomor luar negeri tidak diterima.",
            code="phone_foreign",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class NormalizedCharField(forms.CharField):
    """A typed number (KBLI, NIB, phone) stored in its one compact form."""

    def __init__(self, *, normalize, **kwargs):
        self.normalize = normalize
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.normalize(value) if value else value


class UploadField(forms.FileField):
    """An upload judged by its content (PDF, JPEG or PNG), its size and its pixels."""

    def clean(self, data, initial=None):
        return clean_upload(super().clean(data, initial))


def _bound(spec: FieldSpec, number) -> str:
    if spec.type == "money":
        return f"Rp {format_rupiah(number)}"
    text = number_id(number, spec.decimal_places or 0)
    return f"{text} {spec.unit}" if spec.unit else text


def _number_messages(spec: FieldSpec) -> dict[str, str]:
    label = spec.label
    messages = {"required": f"{label} wajib diisi.", "invalid": NUMBER_INVALID}
    if spec.type == "integer":
        messages["invalid"] = f"{label} harus berupa bilangan bulat."
    step = Decimal(1).scaleb(-(spec.decimal_places or 0))
    if spec.min == 0:
        messages["min_value"] = f"{label} tidak boleh negatif."
    elif spec.min == step:  # the smallest step up from 0: "more than 0" is what is meant
        messages["min_value"] = f"{label} harus lebih dari 0."
    elif spec.min is not None:
        messages["min_value"] = f"{label} paling sedikit {_bound(spec, spec.min)}."
    if spec.max is not None:
        messages["max_value"] = f"{label} paling banyak {_bound(spec, spec.max)}."
    if spec.type == "decimal":
        places, digits = spec.decimal_places, spec.max_digits
        messages.update(
            max_digits=f"{label} paling banyak {digits} digit.",
            max_decimal_places=f"{label} paling banyak {places} angka di belakang koma.",
            max_whole_digits=f"{label} paling banyak {digits - places} digit sebelum koma.",
        )
    if spec.type == "money":
        messages["max_digits"] = f"{label} paling banyak 18 digit."
    return messages


def _help(spec: FieldSpec) -> str:
    if spec.help:
        text = spec.help
    elif spec.type == "kbli":
        if spec.divisions == MANUFACTURING_DIVISIONS:
            text = "5 digit, kategori C Industri Pengolahan (golongan pokok 10-33)."
        else:
            text = f"5 digit, golongan pokok {division_text(spec.divisions or ANY_DIVISION)}."
    elif spec.type == "nib":
        text = "Nomor Induk Berusaha, 13 digit."
    elif spec.type == "phone":
        text = "Nomor telepon Indonesia, misalnya 0812-3456-7890."
    elif spec.type == "money":
        text = MONEY_HELP
    elif spec.type == "file":
        text = UPLOAD_HELP
    else:
        text = ""
    if spec.unit:
        text = f"{text} Dalam {spec.unit}.".strip()
    return text


def form_field(spec: FieldSpec) -> forms.Field:
    """The form field of one declared field, with its Indonesian messages and today's widget."""
    label, required = spec.label, spec.required
    common = {"label": label, "required": required, "help_text": _help(spec)}
    wajib = {"required": f"{label} wajib diisi."}
    kind = spec.type
    if kind in ("text", "long_text"):
        field = forms.CharField(
            max_length=spec.max_length,
            widget=forms.Textarea(attrs={"rows": 3}) if kind == "long_text" else None,
            error_messages={
                **wajib,
                "max_length": f"{label} paling banyak {spec.max_length} karakter.",
            },
            **common,
        )
    elif kind == "integer":
        field = forms.IntegerField(
            min_value=spec.min, max_value=spec.max, error_messages=_number_messages(spec), **common
        )
    elif kind == "decimal":
        field = forms.DecimalField(
            min_value=spec.min,
            max_value=spec.max,
            max_digits=spec.max_digits,
            decimal_places=spec.decimal_places,
            error_messages=_number_messages(spec),
            **common,
        )
    elif kind == "money":
        field = RupiahField(
            max_digits=18,
            min_value=spec.min,
            max_value=spec.max,
            error_messages=_number_messages(spec),
            **common,
        )
    elif kind == "date":
        field = date_field(label, required=required, help_text=common["help_text"])
        if spec.not_in_future:
            field.validators.append(not_in_future)
            field.widget.attrs["max"] = timezone.localdate().isoformat()
    elif kind == "choice":
        field = forms.ChoiceField(
            choices=list(spec.choices),
            widget=forms.RadioSelect,
            error_messages={
                "required": f"{label} wajib dipilih.",
                "invalid_choice": f"Pilihan {label} tidak dikenal; pilih salah satu yang ada.",
            },
            **common,
        )
    elif kind == "yes_no":
        # A check box, as "di dalam kawasan industri" today: not ticked is "Tidak", never missing.
        field = forms.BooleanField(**{**common, "required": False})
    elif kind in ("kbli", "nib", "phone"):
        normalize = {
            "kbli": lambda value: normalize_kbli(value, spec.divisions),
            "nib": validators.normalize_nib,
            "phone": lambda value: normalize_phone(value, label),
        }[kind]
        field = NormalizedCharField(
            normalize=normalize,
            max_length=10 if kind == "kbli" else 30,
            error_messages={**wajib},
            **common,
        )
    elif kind == "file":
        field = UploadField(
            widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
            error_messages={
                "required": f"{label} wajib diunggah.",
                "empty": f"{label}: berkas yang diunggah kosong.",
            },
            **common,
        )
    else:  # parse_declaration lets no other type through
        raise ValueError(f"unknown field type {kind!r}")
    guard_text_field(field)
    return field


class DeclaredFieldsForm(VisibleTextMixin, forms.Form):
    """The declared fields of a service as one form part (prefix "data" unless told).

    `initial` takes the stored JSON dict, so an edit form shows what was saved. `kept` are
    uploads of file fields kept from an earlier send of the form (KeptUpload, by field name):
    such a field is satisfied unless another file is chosen.
    """

    def __init__(self, specs, *args, prefix="data", kept=None, **kwargs):
        self.specs = in_order(specs)
        stored = kwargs.pop("initial", None) or {}
        super().__init__(*args, prefix=prefix, **kwargs)
        self.kept = {}
        # The names on the clerk's computer, before the checks rename the uploads.
        self._chosen_names = {
            spec.name: getattr(self.files.get(self.add_prefix(spec.name)), "name", "")
            for spec in self.specs
            if spec.type == "file"
        }
        for spec in self.specs:
            self.fields[spec.name] = form_field(spec)
            if spec.type == "file" and spec.name in (kept or {}):
                self.mark_kept(spec.name, kept[spec.name])
        self.initial = _initial(self.specs, stored)

    def mark_kept(self, name: str, upload) -> None:
        """The field's file is kept (a KeptUpload): no need to choose it again."""
        self.kept[name] = upload
        self._bound_fields_cache.pop(name, None)  # a bound field copies the help text
        field = self.fields[name]
        field.required = False
        field.help_text = (
            f"Tersimpan: {upload.original_name} ({filesizeformat(upload.size)}). "
            "Pilih berkas lain hanya untuk menggantinya."
        )

    def cleaned_values(self) -> dict:
        """{name: JSON value} of a valid form; uploads are left to `uploads()`."""
        if not self.is_bound or self.errors:
            raise ValueError("cleaned_values() needs a bound, valid form")
        return {
            spec.name: to_json(spec, self.cleaned_data.get(spec.name))
            for spec in self.specs
            if spec.type != "file"
        }

    def uploads(self) -> dict[str, UploadedFile]:
        """The newly chosen files that passed their checks (also when other fields did not)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            spec.name: cleaned[spec.name]
            for spec in self.specs
            if spec.type == "file" and isinstance(cleaned.get(spec.name), UploadedFile)
        }

    def original_name(self, name: str) -> str:
        """The name the chosen file had on the clerk's computer (checks rename the upload)."""
        return PurePosixPath(self._chosen_names.get(name) or "").name[:255] or "berkas"


def _initial(specs, stored: dict) -> dict:
    initial = {}
    for spec in specs:
        if spec.name not in stored:
            continue
        try:
            initial[spec.name] = from_json(spec, stored[spec.name])
        except ValueError:
            initial[spec.name] = stored[spec.name]  # shown as stored, to be corrected
    return initial
