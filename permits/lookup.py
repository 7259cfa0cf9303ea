"""Opening a file with its registration number and tracking code, for every public page.

The tracking page, the permit download and the survey all check the pair the
same way: refused while the address is over its limit, one neutral message for
any mismatch, and every attempt counted toward the limit.
"""

from dataclasses import dataclass

from office import throttle
from permits.applicant_view import find_application
from permits.forms.lookup import TrackingForm
from permits.models import Application

NO_MATCH = "Nomor registrasi atau kode lacak tidak cocok."


@dataclass(frozen=True)
class LookUp:
    application: Application | None
    # When there is no application: what to tell the visitor, the form to try again, the status.
    failure: str = ""
    retry_form: TrackingForm | None = None
    status: int = 200


def look_up(request, data) -> LookUp:
    if throttle.lookup_blocked(request):
        return LookUp(None, throttle.TOO_MANY_ATTEMPTS, TrackingForm(), 429)
    form = TrackingForm(data)
    application = None
    if form.is_valid():
        application = find_application(form.cleaned_data["no"], form.cleaned_data["kode"])
    throttle.count_lookup(request, matched=application is not None)
    if application is None:
        # Keep the number the visitor typed (cut to the field's length), never the code.
        retry = TrackingForm(initial={"no": str(data.get("no", ""))[:40]})
        return LookUp(None, NO_MATCH, retry)
    return LookUp(application)
