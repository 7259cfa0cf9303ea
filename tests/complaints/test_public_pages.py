"""The complainant's pages: the form, the ticket, the status page. No login, no leaks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Channel, Complaint
from complaints.views.public import COMPLAINT_POSTS, NO_MATCH
from complaints.workflow import ComplaintStatus
from office.roles import Role
from office.throttle import FAILED_LOOKUPS, TOO_MANY_ATTEMPTS
from permits.sample import SAMPLE_PDF
from tests.images import png_bomb, small_png
from workflow.table import Status

FORM = "/pengaduan/"
STATUS = "/pengaduan/status/"


def form_data(**overrides) -> dict:
    data = {
        "name": "Ahmad Fauzi",
        "email": "ahmad@contoh.co.id",
        "phone": "",
        "related_number": "",
        "category": "time",
        "subject": "Berkas belum selesai",
        "description": "Sudah lewat lima hari kerja sejak tanda terima.",
        "situs_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_urls_are_named():
    assert reverse("complaints:submit") == FORM
    assert reverse("complaints:status") == STATUS
    assert reverse("complaints:catalog") == "/standar-pelayanan/"
    assert reverse("complaints:standard", args=["iupi"]) == "/standar-pelayanan/iupi/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [FORM, STATUS, "/standar-pelayanan/", "/standar-pelayanan/iupi/", "/survei/"]
)
def test_a_visitor_without_an_account_opens_the_public_pages(client, url):
    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_complaint_sent_on_the_web_gives_the_complainant_a_ticket(client):
    response = client.post(FORM, form_data(), follow=True)

    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == "/pengaduan/terkirim/"
    assert complaint.ticket in response.content.decode()
    assert complaint.channel == Channel.WEB
    assert complaint.recorded_by is None
    assert complaint.status == ComplaintStatus.RECEIVED


@pytest.mark.django_db
def test_the_ticket_page_survives_a_reload_and_needs_a_complaint(client):
    assert client.get("/pengaduan/terkirim/").url == FORM
    client.post(FORM, form_data())
    ticket = Complaint.objects.get().ticket

    assert ticket in client.get("/pengaduan/terkirim/").content.decode()


@pytest.mark.django_db
def test_a_name_or_anonymity_is_required(client):
    response = client.post(FORM, form_data(name="", email="", phone=""))

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert response.context["form"].errors["email"]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_complaint_needs_neither_name_nor_contact(client):
    client.post(FORM, form_data(name="Tetap Diketik", email="", anonymous="on"))

    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert complaint.name == ""


@pytest.mark.django_db
def test_a_filled_honeypot_saves_nothing(client):
    response = client.post(FORM, form_data(situs_web="http://spam.example"))

    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert "tidak dapat dikirim" in response.content.decode()


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people(client):
    html = client.get(FORM).content.decode()

    assert 'class="hp" aria-hidden="true"' in html
    assert 'name="situs_web"' in html
    assert 'tabindex="-1"' in html


@pytest.mark.django_db
def test_a_flood_of_posts_from_one_address_is_stopped(client):
    for _ in range(COMPLAINT_POSTS.limit):
        client.post(FORM, form_data())

    response = client.post(FORM, form_data(subject="Satu lagi"))

    assert response.status_code == 429
    assert 'value="Satu lagi"' in response.content.decode()
    assert TOO_MANY_ATTEMPTS in response.content.decode()
    assert Complaint.objects.count() == COMPLAINT_POSTS.limit
    other = client.post(FORM, form_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_long_description_is_refused(client):
    response = client.post(FORM, form_data(description="x" * 4001))

    assert response.context["form"].errors["description"]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_pdf_attachment_is_kept_under_a_name_of_our_own(client):
    upload = SimpleUploadedFile("ktp saya.pdf", SAMPLE_PDF, content_type="application/pdf")

    client.post(FORM, {**form_data(), "attachment": upload})

    stored = Complaint.objects.get().attachment
    assert stored.name.endswith(".pdf")
    assert "ktp" not in stored.name
    assert stored.read() == SAMPLE_PDF


@pytest.mark.django_db
def test_a_fake_pdf_is_refused(client):
    upload = SimpleUploadedFile(
        "laporan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )

    response = client.post(FORM, {**form_data(), "attachment": upload})

    errors = response.context["form"].errors["attachment"]
    assert "PDF, JPEG atau PNG" in errors[0]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_an_attachment_over_two_megabytes_is_refused(client):
    big = SAMPLE_PDF + b"0" * (2 * 1024 * 1024)
    upload = SimpleUploadedFile("besar.pdf", big, content_type="application/pdf")

    response = client.post(FORM, {**form_data(), "attachment": upload})

    assert response.context["form"].errors["attachment"] == ["Ukuran lampiran melebihi batas 2 MB."]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_png_attachment_is_kept(client):
    upload = SimpleUploadedFile("foto.png", small_png(), content_type="image/png")

    assert client.post(FORM, {**form_data(), "attachment": upload}).status_code == 302
    assert Complaint.objects.get().attachment.name.endswith(".png")


@pytest.mark.django_db
def test_a_png_decompression_bomb_is_refused_and_nothing_is_kept(client):
    # 400 megapixels in about 50 KB: well under 2 MB, but a staff page would decode it.
    upload = SimpleUploadedFile("foto.png", png_bomb(20_000, 20_000), content_type="image/png")

    response = client.post(FORM, {**form_data(), "attachment": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["attachment"] == [
        "Gambar terlalu besar: paling banyak 50 megapiksel (misalnya 8.000 × 6.000 piksel). "
        "Perkecil resolusi pindaian atau foto, lalu unggah kembali."
    ]
    assert "Gambar terlalu besar" in response.content.decode()
    assert not Complaint.objects.exists()


HIDDEN_MESSAGE = (
    "Teks ini berisi karakter tersembunyi yang tidak diizinkan ({}), misalnya pembalik arah "
    "tulisan atau spasi tanpa lebar. Ketik ulang teksnya tanpa menyalin dari dokumen lain."
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("name", "Ahmad \u202eizuaF", "U+202E"),
        ("subject", "Berkas\u200b belum selesai", "U+200B"),
        ("description", "Sudah \u2066lewat\u2069 lima hari.", "U+2066, U+2069"),
        ("phone", "0812\u200d3456", "U+200D"),
        ("related_number", "IUPI-2026-00001\u200f", "U+200F"),
    ],
)
def test_a_hidden_character_in_the_complaint_is_refused_at_its_field(client, field, value, shown):
    response = client.post(FORM, form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [HIDDEN_MESSAGE.format(shown)]
    assert HIDDEN_MESSAGE.format(shown) in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_unknown_registration_number_is_accepted_without_a_word(client, file_at):
    application = file_at(Status.RECEIPTED)

    known = client.post(FORM, form_data(related_number=application.registration_number))
    unknown = client.post(FORM, form_data(related_number="IUPI-2026-99999"))

    assert known.status_code == unknown.status_code == 302
    page_known = client.get(known.url).content.decode()
    page_unknown = client.get(unknown.url).content.decode()
    assert "tidak ditemukan" not in page_unknown
    assert page_known.count("IUPI-") == page_unknown.count("IUPI-") == 0
    matched = Complaint.objects.filter(related_application__isnull=False)
    assert matched.count() == 1


# --- the status page ---------------------------------------------------------------------


def test_the_status_page_shows_the_answer_but_no_staff_names_or_notes(
    client, complaint_at, officer
):
    complaint = complaint_at(ComplaintStatus.CLOSED)

    response = client.post(STATUS, {"tiket": complaint.ticket})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Jawaban untuk pelapor." in html
    assert "Pengaduan selesai" in html
    assert officer.get_full_name() not in html
    assert officer.username not in html
    assert "Catatan internal petugas." not in html
    assert complaint.email not in html


def test_the_ticket_may_be_typed_in_small_letters_with_a_dash(client, complaint_at):
    complaint = complaint_at()
    typed = f"{complaint.ticket[:5].lower()}-{complaint.ticket[5:].lower()}"

    response = client.post(STATUS, {"tiket": typed})

    assert response.context["complaint"].ticket == complaint.ticket


def test_an_open_complaint_shows_no_reply_yet(client, complaint_at):
    complaint = complaint_at(ComplaintStatus.ASSIGNED)

    response = client.get(STATUS, {"tiket": complaint.ticket})

    assert response.context["complaint"].reply == ""
    assert response.context["complaint"].deadline == complaint.due_on


@pytest.mark.django_db
def test_an_unknown_ticket_reads_the_same_as_any_other_miss(client):
    response = client.post(STATUS, {"tiket": "ABCDEFGHJK"})

    assert response.status_code == 200
    assert NO_MATCH in response.content.decode()
    assert "complaint" not in response.context


@pytest.mark.django_db
def test_guessing_tickets_is_throttled(client, complaint_at):
    complaint = complaint_at()
    for _ in range(FAILED_LOOKUPS.limit):
        client.post(STATUS, {"tiket": "ABCDEFGHJK"})

    response = client.post(STATUS, {"tiket": complaint.ticket})

    assert response.status_code == 429
    assert "complaint" not in response.context


@pytest.mark.django_db
def test_public_pages_ask_search_engines_to_stay_away(client):
    assert client.get(FORM)["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(STATUS)["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_the_menu_offers_the_public_pages_to_visitors_and_the_desk_to_the_officer(client, staff):
    html = client.get(FORM).content.decode()
    assert 'href="/standar-pelayanan/"' in html
    assert 'href="/pengaduan/meja/"' not in html

    client.force_login(staff[Role.COMPLAINT_OFFICER])
    # The officer's home is the complaint desk itself.
    assert 'href="/pengaduan/meja/"' in client.get("/", follow=True).content.decode()
    client.force_login(staff[Role.FO])
    assert 'href="/pengaduan/meja/"' not in client.get("/").content.decode()
