"""The product's URLs and the bench's bare view. Only bench/settings.py points here."""

from django.urls import include, path

from bench.bare import bare

urlpatterns = [
    path("bench/kosong/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
