"""The applicant's pages (no login)."""

from django.urls import path

from public import letters, open_data_views, views

app_name = "public"

urlpatterns = [
    path("lacak/", views.track, name="track"),
    path("lacak/unduh/", views.download, name="download"),
    path("lacak/berhenti-whatsapp/", views.stop_whatsapp, name="stop_whatsapp"),
    path("lacak/surat/<int:pk>/", letters.download_letter, name="download_letter"),
    path("verifikasi/surat/<str:code>/", letters.verify_letter, name="verify_letter"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    # Open data (docs/open-data.md): the catalogue and each dataset as CSV and JSON.
    path("data/", open_data_views.catalogue, name="open_data"),
    path("data/<slug:slug>.csv", open_data_views.download_csv, name="open_data_csv"),
    path("data/<slug:slug>.json", open_data_views.download_json, name="open_data_json"),
]
