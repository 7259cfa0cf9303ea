"""The draft permit (step 4): the decree as it will be issued, marked DRAF on every page,
for the Kabid's initials and the Kepala Dinas's signature."""

from office.indonesian import tanggal_jam
from office.pdf import render_pdf
from permits.documents import context as ctx
from permits.documents.permit import decree_context


def render_draft(application) -> bytes:
    context = decree_context(application, permit=None)
    initialed = ctx.last_entry(application, "initial")
    printed = ctx.last_entry(application, "print_draft")
    # A draft sent back and printed again needs new initials.
    if initialed and printed and initialed.created_at < printed.created_at:
        initialed = None
    context["initialed_text"] = tanggal_jam(initialed.created_at) if initialed else ""
    return render_pdf("pdf/draft.html", context)
