from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from config.health import healthz

admin.site.site_header = "Kendali - Administrasi"
admin.site.site_title = "Kendali"
admin.site.index_title = "Data kantor, standar pelayanan dan pengguna"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the icon.
    # Lazy: the hashed name is read from the static manifest on the first request. Not
    # permanent: a browser would keep the old hashed name after the icon changes.
    path(
        "favicon.ico",
        login_not_required(
            RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=False)
        ),
    ),
    path("", include("api.urls")),
    path("", include("permits.urls")),
    path("", include("public.urls")),
    path("", include("supervision.urls")),
    path("", include("complaints.urls")),
]
