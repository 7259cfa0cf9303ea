"""Staff pages of the supervision dashboard and the evaluation of officers (login required)."""

from django.urls import path

from tracking import dashboard_views

urlpatterns = [
    path("pengawasan/", dashboard_views.dashboard, name="supervision"),
    path(
        "pengawasan/ekspor/<slug:what>.<slug:fmt>",
        dashboard_views.export,
        name="supervision_export",
    ),
    path("kinerja/", dashboard_views.my_performance, name="performance"),
    path("kinerja/semua/", dashboard_views.all_performance, name="performance_all"),
    path(
        "kinerja/petugas/<int:user_id>/",
        dashboard_views.officer_performance,
        name="performance_officer",
    ),
]
