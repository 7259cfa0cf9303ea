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
    path("kinerja/", views.my_performance, name="performance"),
    path("kinerja/semua/", views.all_performance, name="performance_all"),
    path(
        "kinerja/petugas/<int:user_id>/",
        views.officer_performance,
        name="performance_officer",
    ),
]
