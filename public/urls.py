"""The applicant's pages (no login)."""

from django.urls import path

from public import letters, views

app_name = "public"

urlpatterns = [
    path("lacak/", views.track, name="track"),
    path("lacak/unduh/", views.download, name="download"),
    path("lacak/berhenti-whatsapp/", views.stop_whatsapp, name="stop_whatsapp"),
    path("lacak/surat/<int:pk>/", letters.download_letter, name="download_letter"),
    path("verifikasi/surat/<str:code>/", letters.verify_letter, name="verify_letter"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
