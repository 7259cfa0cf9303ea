"""Surat penolakan: the letter to the applicant when a file is rejected, with the reasons
the back office wrote on the control card."""

import re

from office.indonesian import tanggal
from office.pdf import render_pdf
from permits.documents import context as ctx
from permits.documents.permit import tembusan
from permits.models import StandardItem
from workflow.table import Status

_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)]|[a-z][.)])\s+")


class NotRejected(Exception):
    """The file has not been rejected."""


def reasons_of(comment: str) -> list[str]:
    """The rejection note as a list of reasons (one per line, bullets and numbers removed)."""
    lines = [_BULLET.sub("", line).strip() for line in (comment or "").splitlines()]
    return [line for line in lines if line]


def rejection_context(application) -> dict:
    entry = ctx.last_entry(application, "reject")
    if entry is None or application.status != Status.REJECTED:
        raise NotRejected(f"{application.registration_number} tidak berstatus ditolak.")
    office = ctx.office_context()
    terms = ctx.service_terms(application)
    channels = StandardItem.objects.filter(
        standard=terms["standard"], component=StandardItem.Component.COMPLAINT_CHANNEL
    ).order_by("order")
    return {
        **office,
        **terms,
        "application": application,
        "applicant": application.applicant,
        "reasons": reasons_of(entry.comment),
        "rejected_at": entry.created_at,
        "letter_date": tanggal(entry.created_at),
        "year": entry.created_at.year,
        "received_date": tanggal(terms["received_at"]) if terms["received_at"] else "",
        "complaint_channels": [item.text for item in channels],
        "tembusan": tembusan(
            office["region"],
            to_applicant=False,
            industry=terms["standard"].asks_industry_expansion,
        ),
    }


def render_rejection_letter(application) -> bytes:
    return render_pdf("pdf/rejection.html", rejection_context(application))
