"""Public pages that are the same for every visitor, rendered once and kept for a while.

The published service standards (the catalog and each service's page) change when an
administrator edits a standard, and otherwise only at midnight (a version comes into force).
Rendering them costs far more than the bare page around them, so their content is kept in
this process's memory (the "pages" cache, LocMemCache) for PUBLIC_PAGE_SECONDS, keyed by the
day. An edit clears this process's copy at once (complaints/apps.py connects the signals);
another app server shows it within PUBLIC_PAGE_SECONDS, as with the office profile
(OfficeProfile.shown). Only the content is kept: the page around it (messages, the header of
a signed-in officer) is rendered for every request.
"""

from django.conf import settings
from django.core.cache import caches


def _pages():
    return caches["pages"]


def kept(key: str, build):
    """The value kept under `key`, built (and kept) when there is none."""
    value = _pages().get(key)
    if value is None:
        value = build()
        _pages().set(key, value, settings.PUBLIC_PAGE_SECONDS)
    return value


def forget(**_signal_kwargs) -> None:
    """An edit to what the pages show: this process renders them afresh."""
    _pages().clear()
