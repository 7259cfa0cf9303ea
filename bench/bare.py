"""The yardstick: a page that renders base.html and makes no query of its own.

What it costs is what every page costs (middleware, session, menu, template); a
page's ratio to it is what the page itself adds. Open to anonymous visitors too, so
the public pages have a yardstick with the same (absent) login.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def bare(request):
    return render(request, "base.html")
