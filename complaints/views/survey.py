"""The public satisfaction survey, opened with a file's registration number and tracking code.

The pair is checked the way the tracking page checks it (permits.applicant_view,
hmac.compare_digest) and counts toward the same per-address limits. The answers
post the pair back and it is checked again before anything is saved.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints import access_policy, services
from complaints.forms import SurveyForm
from permits.forms.lookup import TrackingForm
from permits.lookup import look_up

NOT_YET = services.SURVEY_NOT_YET
ALREADY = "Survei untuk berkas ini sudah diisi. Terima kasih atas penilaian Anda."


def _page(request, *, status=200, **context):
    response = render(request, "complaints/survey.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _look_up(request, data):
    """(application, refusal): the file the pair opens, or the page that refuses."""
    found = look_up(request, data)
    if found.application is None:
        context = {"access_form": found.retry_form, "failure": found.failure}
        if found.status == 429 and request.method == "POST":
            # Refused for the address, not for the answers: show them again to send later.
            context["form"] = SurveyForm(initial=_typed(request.POST))
        return None, _page(request, status=found.status, **context)
    return found.application, None


def _typed(data) -> dict:
    skipped = {SurveyForm.honeypot_name}
    return {name: data.get(name, "") for name in SurveyForm().fields if name not in skipped}


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey(request):
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not ("no" in data and "kode" in data):
        return _page(request, access_form=TrackingForm())
    application, refusal = _look_up(request, data)
    if refusal:
        return refusal
    if not access_policy.survey_open(application):
        return _page(request, notice=NOT_YET)
    if services.has_answered(application):
        return _page(request, notice=ALREADY)

    credentials = {"no": application.registration_number, "kode": application.tracking_code}
    if request.method == "GET":
        form = SurveyForm(initial=credentials)
    else:
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                services.submit_survey(
                    application=application,
                    profile=form.profile(),
                    scores=form.scores(),
                    suggestion=form.cleaned_data["suggestion"],
                )
            except services.AlreadyAnswered:
                return _page(request, notice=ALREADY)
            return redirect("complaints:survey_done")
    status = 400 if form.is_bound and form.caught_by_honeypot else 200
    return _page(request, form=form, application=application, status=status)


@login_not_required
@require_http_methods(["GET"])
def survey_done(request):
    response = render(request, "complaints/survey_done.html")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
