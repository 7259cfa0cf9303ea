"""The register of outgoing letters (Bagian Umum): every number of every series and year,
searchable; a number for a letter written elsewhere; a retry for a letter whose PDF the
worker gave up on. The letters the steps write are numbered by the steps (permits/letters.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from office.access import staff_required
from office.pagination import ListPaginator
from office.roles import SUPERVISORS, Role, has_role
from permits import letters, selectors
from permits.forms.letters import GeneralLetterForm
from permits.models import LetterSeries

PAGE_SIZE = 50
NOT_YOURS = "Register surat keluar dikelola Bagian Umum dan dapat dilihat pengawas internal."


def _may_read(user) -> bool:
    return has_role(user, Role.BAGIAN_UMUM, *SUPERVISORS)


@staff_required
@require_http_methods(["GET"])
def register(request):
    if not _may_read(request.user):
        raise PermissionDenied(NOT_YOURS)
    series_list = list(LetterSeries.objects.all())
    series = request.GET.get("seri", "")
    if series not in {s.code for s in series_list}:
        series = ""
    years = selectors.register_years()
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = None
    if year not in years:
        year = None
    search = request.GET.get("q", "").strip()[:100]
    # Without words the counters of the numbers say how many (no COUNT of every letter).
    count = None if search else selectors.register_count(series=series, year=year)
    page = ListPaginator(
        selectors.letter_register(series=series, year=year, search=search), PAGE_SIZE, count=count
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "permits/letter_register.html",
        {
            "page": page,
            "series_list": series_list,
            "series": series,
            "years": years,
            "year": year,
            "search": search,
            "given_up": list(selectors.letters_given_up().select_related("series")[:20]),
            "may_keep": letters.may_keep_register(request.user),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def register_new(request):
    if not letters.may_keep_register(request.user):
        raise PermissionDenied("Hanya Bagian Umum yang mencatat surat keluar.")
    form = GeneralLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = letters.register_general(
                actor=request.user,
                dated=form.cleaned_data["dated"],
                subject=form.cleaned_data["subject"],
                addressee=form.cleaned_data["addressee"],
            )
        except letters.LetterError as err:
            form.add_error(None, str(err))
        else:
            messages.success(
                request, f"Surat dicatat dengan nomor {letter.number}. Tulis nomor ini pada surat."
            )
            return redirect("letter_register")
    return render(request, "permits/letter_new.html", {"form": form})


@staff_required
@require_POST
def letter_retry(request, pk: int):
    if letters.retry(actor=request.user, letter_id=pk):
        messages.success(request, "Pembuatan surat diulang; dokumen muncul setelah selesai.")
    else:
        messages.error(request, "Surat ini tidak menunggu pengulangan (mungkin sudah terbit).")
    return redirect("letter_register")
