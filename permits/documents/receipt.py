"""Tanda terima berkas (step 2): what the applicant takes home from the counter."""

from office.indonesian import tanggal
from office.links import tracking_url
from office.pdf import render_pdf
from permits.documents import context as ctx
from permits.documents.qr import qr_data_uri
from permits.models import StandardItem


class ReceiptNotIssued(Exception):
    """The file has no receipt yet (it is still at step 1)."""


def receipt_context(application) -> dict:
    entry = ctx.first_entry(application, "issue_receipt")
    if entry is None:
        raise ReceiptNotIssued(f"{application.registration_number} belum diberi tanda terima.")
    terms = ctx.service_terms(application)
    url = tracking_url(application)
    channels = StandardItem.objects.filter(
        standard=terms["standard"], component=StandardItem.Component.COMPLAINT_CHANNEL
    ).order_by("order")
    office = ctx.office_context()
    return {
        **office,
        **terms,
        "application": application,
        "applicant": application.applicant,
        "requirements": application.requirement_checks.filter(present=True).select_related(
            "requirement"
        ),
        "fo_name": entry.actor_name,
        "place_date": f"{office['office'].city}, {tanggal(entry.created_at)}",
        "tracking_url": url,
        "qr": qr_data_uri(url),
        # Only channels with an address or number ("Email: ..."): the ones a reader can use.
        "complaint_channels": [item.text for item in channels if ":" in item.text],
    }


def render_receipt(application) -> bytes:
    return render_pdf("pdf/receipt.html", receipt_context(application))
