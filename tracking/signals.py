"""The ledger listens to the office calendar: a day off added or removed moves due dates."""

from tracking.clocks import refold_open_clocks


def calendar_changed(sender, **kwargs):
    """Recompute the clocks of the files still open (figures already counted stay)."""
    if kwargs.get("raw"):
        return
    refold_open_clocks()
