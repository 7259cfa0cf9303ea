"""Staff pages of the supervision dashboard and the evaluation of officers (login required)."""

from django.urls import path

from supervision import views

urlpatterns = [
    path("pengawasan/", views.dashboard, name="supervision"),
    path(
        "pengawasan/ekspor/<slug:what>.<slug:fmt>",
        views.export,
        name="supervision_export",
    ),
    # Exports too long for the request, built by the worker (supervision/tasks.py).
    path("unduhan/", views.my_exports, name="my_exports"),
    path("unduhan/<int:pk>/", views.download_export, name="my_export_download"),
    # The IKM report's PDF button: answered directly, or queued for a long period.
    path("unduhan/ikm.pdf", views.ikm_pdf, name="ikm_pdf_export"),
    path("kinerja/", views.my_performance, name="performance"),
    path("kinerja/semua/", views.all_performance, name="performance_all"),
    path(
        "kinerja/petugas/<int:user_id>/",
        views.officer_performance,
        name="performance_officer",
    ),
]
