"""The two public forms: look up a file, and check a PDF against the issued permit."""

import hashlib

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from office.uploads import validate_upload


class TrackingForm(forms.Form):
    # Field names match the query string the receipt's QR code carries (?no=...&kode=...).
    no = forms.CharField(
        label="Nomor registrasi",
        max_length=40,
        help_text="Tercetak pada tanda terima, misalnya IUPI-2026-00001.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    kode = forms.CharField(
        label="Kode lacak",
        max_length=12,
        help_text="Delapan huruf dan angka pada tanda terima.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class DocumentCheckForm(forms.Form):
    document = forms.FileField(
        label="Berkas PDF izin",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields[
            "document"
        ].help_text = (
            f"Unggah berkas PDF izin yang ingin Anda periksa (paling besar {megabytes} MB)."
        )

    def clean_document(self):
        uploaded = self.cleaned_data["document"]
        validate_upload(uploaded)
        uploaded.seek(0)
        kind = filetype.guess(uploaded.read(8192))
        uploaded.seek(0)
        if kind is None or kind.mime != "application/pdf":
            raise ValidationError("Berkas harus berupa PDF.", code="not_pdf")
        return uploaded

    def sha256(self) -> str:
        digest = hashlib.sha256()
        uploaded = self.cleaned_data["document"]
        uploaded.seek(0)
        for chunk in uploaded.chunks():
            digest.update(chunk)
        return digest.hexdigest()


class LetterCheckForm(DocumentCheckForm):
    """The same check for a numbered letter of the register."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.label = "Berkas PDF surat"
        field.help_text = field.help_text.replace("PDF izin", "PDF surat")
