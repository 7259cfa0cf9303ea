"""URL map of the staff desk. Views live in permits/views/, one module per area."""

from django.contrib.auth import views as auth_views
from django.urls import path

from permits.views import (
    account,
    batches,
    bulk,
    desk,
    documents,
    intake,
    letters,
    pdf,
    verification,
)

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("masuk/kode/", account.verify, name="otp_verify"),
    path("akun/keamanan/", account.security, name="account_security"),
    path("akun/keamanan/aktifkan/", account.enrol, name="otp_enrol"),
    path("", desk.home, name="home"),
    path("berkas/", desk.application_list, name="application_list"),
    path("berkas/baru/", intake.choose_service, name="intake"),
    path("berkas/baru/<slug:code>/", intake.register, name="intake_service"),
    path("berkas/sekaligus/<slug:name>/", bulk.bulk_step, name="bulk_step"),
    path("berkas/sekaligus/<slug:name>/hasil/", bulk.bulk_result, name="bulk_result"),
    path("surat-keluar/", letters.register, name="letter_register"),
    path("surat-keluar/baru/", letters.register_new, name="letter_new"),
    path("surat-keluar/<int:pk>/ulang/", letters.letter_retry, name="letter_retry"),
    path("berkas/penomoran/", batches.numbering, name="numbering"),
    path("berkas/penomoran/<int:pk>/", batches.batch_page, name="numbering_batch"),
    path("berkas/penomoran/<int:pk>/status/", batches.batch_status, name="numbering_status"),
    path("berkas/penomoran/<int:pk>/ulangi/", batches.batch_retry, name="numbering_retry"),
    path("berkas/<int:pk>/", desk.application_detail, name="application_detail"),
    path("berkas/<int:pk>/persyaratan/", intake.requirements, name="requirements"),
    path("berkas/<int:pk>/verifikasi/", verification.overview, name="verification"),
    path(
        "berkas/<int:pk>/komitmen/<int:check_id>/",
        verification.commitment,
        name="commitment",
    ),
    path("berkas/<int:pk>/bap/", verification.field_inspection, name="field_inspection"),
    path("berkas/<int:pk>/tindakan/<slug:name>/", desk.transition, name="transition"),
    path("berkas/<int:pk>/pdf/tanda-terima/", pdf.receipt, name="pdf_receipt"),
    path("berkas/<int:pk>/pdf/draf/", pdf.draft, name="pdf_draft"),
    path("berkas/<int:pk>/pdf/kartu-kendali/", pdf.control_card, name="pdf_control_card"),
    path("berkas/<int:pk>/pdf/penolakan/", pdf.rejection, name="pdf_rejection"),
    path("berkas/<int:pk>/pdf/izin/", pdf.permit, name="pdf_permit"),
    path("berkas/<int:pk>/pdf/surat/<int:letter_pk>/", pdf.letter, name="pdf_letter"),
    path(
        "berkas/<int:pk>/dokumen/<slug:kind>/<int:item_id>/",
        documents.download,
        name="document",
    ),
]
