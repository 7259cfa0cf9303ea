"""Where a document's visible electronic signature goes: its `#ttd-elektronik` box."""

from office.pdf import PageLayout
from permits.signing import SignatureBox

# The id of the empty box in a signature block that the visible signature field covers
# (templates/pdf/_decree.html, templates/pdf/_letter.html).
SIGNATURE_ANCHOR = "ttd-elektronik"


def signature_box(pages: list[PageLayout], anchor: str = SIGNATURE_ANCHOR) -> SignatureBox | None:
    """The box of `anchor` on the first page that has it, wherever WeasyPrint laid it out."""
    for index, page in enumerate(pages):
        found = page.pdf_box(anchor)
        if found is not None:
            x, y, width, height = found
            return SignatureBox(page=index, x=x, y=y, width=width, height=height)
    return None
