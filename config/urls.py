from django.contrib import admin
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "Kendali - Administrasi"
admin.site.site_title = "Kendali"
admin.site.index_title = "Data kantor, standar pelayanan dan pengguna"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("permits.urls")),
    path("", include("public.urls")),
    path("", include("supervision.urls")),
    path("", include("complaints.urls")),
]
