"""Every main page fits a 360 px phone (issue 13, item 23): nothing wider than the screen.

A page may scroll sideways only inside a table wrapper that scrolls on its own (.table-wrap);
the queue shows each file's status and deadline without scrolling.
"""

import re
from pathlib import Path

import pytest

from office.roles import Role
from permits import letters
from permits.standard_file import import_standard, read
from permits.two_factor import otp_mandatory
from tests.conftest import PASSWORD
from workflow.table import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SIPB_FILE = Path(__file__).resolve().parents[2] / "data" / "services" / "sipb.yaml"

# Elements whose right edge lies beyond the viewport, outside a wrapper that scrolls sideways
# (.table-wrap; at phone width a table outside one scrolls by itself, kendali.css).
OVERFLOWING = """() => {
  const width = window.innerWidth;
  // A table wrapper (.table-wrap, or a table at phone width) that scrolls sideways on its own.
  const insideScroller = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (insideScroller(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5) {
      const classes = typeof el.className === 'string' ? el.className.trim() : '';
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (classes ? '.' + classes.split(/\\s+/).join('.') : '');
      found.push(name + ' right=' + Math.round(box.right));
    }
  }
  return found.slice(0, 8);
}"""


def problems_of(page) -> list[str]:
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE["width"]:
        problems.append(f"scrollWidth {scroll_width}")
    problems.extend(page.evaluate(OVERFLOWING))
    return problems


@pytest.fixture
def phone(new_context, live_server, console, authenticator):
    """Factory: a 360 px phone, logged in as `user` through the login page (or anonymous),
    with the authenticator's code where the role requires one (Bagian Umum)."""

    def open_phone(user=None):
        context = new_context(base_url=live_server.url, viewport=PHONE)
        page = console.watch(context.new_page())
        if user is not None:
            if otp_mandatory(user):
                authenticator.device(user)
            page.goto("/masuk/")
            page.fill('[name="username"]', user.username)
            page.fill('[name="password"]', PASSWORD)
            page.locator("section.login button[type=submit]").click()
            page.wait_for_load_state()
            if otp_mandatory(user):
                page.fill('[name="token"]', authenticator.code(user))
                page.locator("section.login button[type=submit]").click()
                page.wait_for_load_state()
            assert "/masuk/" not in page.url, page.url
        return page

    return open_phone


def slug(path: str, secret: str) -> str:
    """A screenshot name without the tracking or verification code in it."""
    path, _, query = path.replace(secret, "kode").partition("?")
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "beranda"
    return f"{name}-hasil" if query else name


@pytest.fixture
def files(file_at):
    """Built before the browser starts: signing at numbering runs its own event loop."""
    built = {
        status: file_at(status)
        for status in (Status.SUBMITTED, Status.RECEIPTED, Status.HANDED_OVER)
    }
    # A rejected file with its numbered letter written (the worker's part, done here).
    built[Status.REJECTED] = file_at(Status.REJECTED)
    for letter in built[Status.REJECTED].letters.all():
        letters.write_document(letter.pk)
    # A second service: the FO's choice of service and a file with declared data.
    sipb = import_standard(read(SIPB_FILE.read_text(encoding="utf-8"), "yaml"))
    built["sipb"] = file_at(Status.RECEIPTED, standard=sipb)
    return built


def test_every_main_page_fits_a_360px_phone(files, staff, phone, shot):
    submitted = files[Status.SUBMITTED]
    receipted = files[Status.RECEIPTED]
    handed_over = files[Status.HANDED_OVER]
    permit = handed_over.permit
    credentials = f"no={handed_over.registration_number}&kode={handed_over.tracking_code}"
    rejected = files[Status.REJECTED]
    letter = rejected.letters.get()
    rejected_credentials = f"no={rejected.registration_number}&kode={rejected.tracking_code}"

    visits = {
        Role.FO: [
            "/",
            "/berkas/",
            f"/berkas/{submitted.pk}/",
            "/berkas/baru/",
            "/berkas/baru/sipb/",
            f"/berkas/{files['sipb'].pk}/",
            f"/berkas/{submitted.pk}/persyaratan/",
            f"/berkas/{submitted.pk}/tindakan/issue_receipt/",
        ],
        Role.BACK_OFFICE: ["/", f"/berkas/{receipted.pk}/verifikasi/"],
        Role.SEKRETARIS: ["/", "/pengawasan/"],
        Role.BAGIAN_UMUM: ["/surat-keluar/", "/surat-keluar/baru/"],
        Role.COMPLAINT_OFFICER: ["/"],
        None: [
            "/lacak/",
            f"/lacak/?{credentials}",
            f"/verifikasi/{permit.verification_code}/",
            f"/lacak/?{rejected_credentials}",
            f"/verifikasi/surat/{letter.verification_code}/",
            "/pengaduan/",
            f"/survei/?{credentials}",
            "/standar-pelayanan/",
            "/standar-pelayanan/iupi/",
            "/standar-pelayanan/sipb/",
            "/masuk/",
        ],
    }
    wrong = {}
    for role, paths in visits.items():
        page = phone(staff[role] if role else None)
        who = role.value if role else "publik"
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, (who, path, response.status)
            assert path.split("?")[0] in page.url, (who, path, page.url)
            name = slug(path.replace(letter.verification_code, "kode"), permit.verification_code)
            shot(page, f"phone-{who}-{name}")
            problems = problems_of(page)
            if problems:
                wrong[f"{who} {path} ({page.url})"] = problems
    assert not wrong, "\n".join(f"{where}: {', '.join(found)}" for where, found in wrong.items())


def test_the_queue_shows_status_and_deadline_on_a_phone(files, staff, phone):
    application = files[Status.SUBMITTED]
    page = phone(staff[Role.FO])
    page.goto("/")
    row = page.locator("tbody tr", has=page.locator(f"text={application.registration_number}"))
    for cell in (row.locator(".badge"), row.locator(".deadline").first):
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        assert cell.is_visible()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        # Visible without scrolling sideways: the page did not move to show it.
        assert page.evaluate("window.scrollX") == 0
        wrap = page.locator(".table-wrap").first
        assert wrap.evaluate("el => el.scrollLeft") == 0
