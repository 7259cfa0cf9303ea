"""What officers do in the browser, shared by the browser tests: type into a form by field
name, and take a step from the file page through its confirmation page."""

import re

from permits.models import Application
from permits.sample import SAMPLE_PDF

PDF_UPLOAD = {"name": "pindaian.pdf", "mimeType": "application/pdf", "buffer": SAMPLE_PDF}


def fill_form(page, data: dict) -> None:
    """Type `data` into the fields of the page by name, as a clerk would."""
    for name, value in data.items():
        field = page.locator(f'[name="{name}"]')
        kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind == "input:hidden":
            continue
        if not field.first.is_visible():
            continue  # hidden for this kind of applicant (static/js/intake.js): not typed in
        if kind == "input:radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "input:checkbox":
            if value:
                field.check()
            else:
                field.uncheck()
        elif kind.startswith("select"):
            field.select_option(str(value))
        else:
            field.fill(str(value))


def take_step(page, application: Application, label: str, snap=None, **fields) -> Application:
    """From the file page: the step's button, its confirmation page, then the submit button."""
    page.goto(f"/berkas/{application.pk}/")
    page.locator("a.btn", has_text=label).click()
    page.wait_for_url(re.compile(r"/tindakan/"))
    fill_form(page, fields)
    if snap:
        take_shot, name = snap
        take_shot(page, name)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/berkas/{application.pk}/$"))
    return Application.objects.get(pk=application.pk)
