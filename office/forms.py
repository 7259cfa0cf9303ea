"""Form plumbing for every app: the renderer that draws a field with our markup, and the logo field.

`FieldRenderer` (settings.FORM_RENDERER) makes `{{ field.as_field_group }}` render
templates/forms/field.html, the same label, input, help and error markup as
`{% include "forms/field.html" %}`: an error sits in `div.field-error#<id>_error`, which the
input's aria-describedby names, never in Django's `ul.errorlist`. The admin keeps its own
templates and markup.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

from office.uploads import validate_logo


class FieldRenderer(TemplatesSetting):
    """Django's templates found through settings.TEMPLATES, so templates/forms/ is ours."""

    field_template_name = "forms/field.html"


class LogoField(forms.ImageField):
    """An image field that checks a new upload with `validate_logo` before Pillow opens it.

    Django's own check (Image.open, then verify) refuses a PDF or a decompression bomb too,
    but only as "not a valid image"; this says what is wrong and what the limits are.
    """

    def to_python(self, data):
        if data and hasattr(data, "seek"):
            validate_logo(data)
        return super().to_python(data)
