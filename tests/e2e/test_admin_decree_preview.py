"""The administrator writes a version's decree in the admin and previews it (issue 14).

Through the admin's own pages in Chromium: the version's change page, a template naming an
unknown placeholder refused with its line, then the preview filled with a sample file.
"""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from permits import catalog
from permits.models import ServiceStandard
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def version():
    """A version nobody uses yet, made before the browser starts."""
    current = ServiceStandard.objects.current()
    return catalog.new_version(current, effective_from=timezone.localdate() + timedelta(days=1))


def test_the_administrator_writes_and_previews_a_decree(version, desk, shot):
    # Through the office's own sign-in, with the code from the authenticator app.
    page = desk(get_user_model().objects.create_superuser("super", "super@contoh.id", PASSWORD))
    page.goto(f"/admin/permits/servicestandard/{version.pk}/change/")

    page.fill(
        '[name="data_fields"]',
        json.dumps([{"name": "lokasi", "type": "text", "label": "Lokasi reklame"}]),
    )
    page.fill('[name="decree_title"]', "Izin Uji {{ perusahaan.nama }}")
    page.fill('[name="decree_clauses"]', "Memberikan izin di {{ data.lokasy }}.")
    page.locator('input[name="_continue"]').click()
    expect(page.locator(".errorlist")).to_contain_text("Baris 1, kolom 20")
    expect(page.locator(".errorlist")).to_contain_text("data.lokasi")
    shot(page, "admin-01-templat-ditolak")

    page.fill(
        '[name="data_fields"]',
        json.dumps([{"name": "lokasi", "type": "text", "label": "Lokasi reklame"}]),
    )
    page.fill(
        '[name="decree_clauses"]',
        "Memberikan izin di {{ data.lokasi }}.\n\nBerlaku sejak {{ izin.tanggal | tanggal }}.",
    )
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(re.compile(rf"/servicestandard/{version.pk}/change/$"))
    page.get_by_role("link", name="Pratinjau keputusan").click()
    expect(page.locator(".decree-preview")).to_contain_text("Izin Uji PT Contoh Sejahtera")
    expect(page.locator(".decree-preview")).to_contain_text("KESATU")
    expect(page.locator(".decree-preview")).to_contain_text("Memberikan izin di Contoh isian.")
    shot(page, "admin-02-pratinjau-keputusan")
