"""Open data pages: the catalogue (/data/) and each dataset as CSV and JSON. No login.

Every request counts toward a generous per-address limit, like the other public pages
(office.throttle): a portal harvesting every dataset of every year stays far below it.
The year is `?tahun=`; a year outside the data gets an Indonesian message at the field
on the page, and a 400 with the same message for a download.
"""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from office import page_memo, throttle
from public import open_data

# One address: the page and up to 120 downloads in a quarter of an hour.
OPEN_DATA_REQUESTS = throttle.Throttle("open-data", limit=120, window=throttle.FIFTEEN_MINUTES)
DOWNLOAD_MAX_AGE = 5 * 60  # seconds a browser or proxy may keep a download


class YearForm(forms.Form):
    tahun = forms.TypedChoiceField(label="Tahun", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["tahun"]
        field.choices = [(year, str(year)) for year in years]
        newest, oldest = years[0], years[-1]
        span = f"tahun {oldest}" if newest == oldest else f"tahun {oldest} sampai {newest}"
        message = f"Tahun tidak tersedia. Data terbuka tersedia untuk {span}."
        field.error_messages = {"invalid_choice": message, "required": message}


def year_form(request, today: date) -> YearForm:
    years = open_data.available_years(today)
    raw = (request.GET.get("tahun") or "").strip()[:10]
    return YearForm({"tahun": raw or str(today.year)}, years=years)


def _refusal(form: YearForm) -> str:
    return form.errors["tahun"][0]


@login_not_required
@require_GET
def catalogue(request):
    if OPEN_DATA_REQUESTS.is_exhausted(request):
        context = {"failure": throttle.TOO_MANY_ATTEMPTS}
        return render(request, "public/open_data.html", context, status=429)
    OPEN_DATA_REQUESTS.hit(request)
    now = timezone.now()
    today = timezone.localdate(now)
    form = year_form(request, today)
    if not form.is_valid():
        return render(request, "public/open_data.html", {"form": form}, status=400)
    year = form.cleaned_data["tahun"]
    # The same for every visitor: its figures are kept for PUBLIC_PAGE_SECONDS, as the
    # published standards are (office/page_memo.py); the downloads are computed each time.
    html = page_memo.kept(
        f"open-data:{year}:{today.isoformat()}", lambda: _catalogue_content(year, today, now)
    )
    return render(request, "public/open_data.html", {"form": form, "content": mark_safe(html)})


def _catalogue_content(year: int, today: date, now: datetime) -> str:
    context = open_data.context_for(year, today=today, now=now)
    return render_to_string(
        "public/_open_data_content.html",
        {
            "year": year,
            "period": context.period,
            "datasets": open_data.datasets(context),
            "license_url": open_data.URL_LISENSI,
        },
    )


def _plain(value):
    """A value as JSON writes it: numbers as numbers, dates in ISO 8601."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _download_error(message: str, fmt: str, status: int) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _download(request, slug: str, fmt: str) -> HttpResponse:
    if slug not in open_data.SLUGS:
        raise Http404("Dataset tidak ditemukan.")
    if OPEN_DATA_REQUESTS.is_exhausted(request):
        return _download_error(throttle.TOO_MANY_ATTEMPTS, fmt, 429)
    OPEN_DATA_REQUESTS.hit(request)
    now = timezone.now()
    today = timezone.localdate(now)
    form = year_form(request, today)
    if not form.is_valid():
        return _download_error(_refusal(form), fmt, 400)
    year = form.cleaned_data["tahun"]
    dataset = open_data.dataset(slug, open_data.context_for(year, today=today, now=now))
    if fmt == "json":
        payload = {
            "metadata": {key: _plain(value) for key, value in dataset.metadata().items()},
            "data": [{key: _plain(value) for key, value in row.items()} for row in dataset.rows],
        }
        body = json.dumps(payload, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        out.write("\ufeff")  # the BOM: Excel then reads the file as UTF-8
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(dataset.names)
        for row in dataset.rows:
            writer.writerow([_cell(row[name]) for name in dataset.names])
        response = HttpResponse(
            out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.csv"'
    # Public statistics: any page or portal may read them, and keep them a few minutes.
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=DOWNLOAD_MAX_AGE)
    return response


@login_not_required
@require_GET
def download_csv(request, slug: str):
    return _download(request, slug, "csv")


@login_not_required
@require_GET
def download_json(request, slug: str):
    return _download(request, slug, "json")
