"""The ledger's tables, one module per owner (the module that writes them).

card: the control card (tracking.cards); clock: each file's clock (tracking.clocks);
allowance: step allowances (the admin; read by tracking.deadlines); tally: pre-counted
figures (tracking.tallies); download: the download log (tracking.downloads); reminder: the
reminder log (supervision.reminders). See docs/adr/0005 and 0009.
"""

from tracking.models.allowance import StepAllowance
from tracking.models.card import ControlCardEntry
from tracking.models.clock import ClockState, FileClock
from tracking.models.download import Document, DocumentDownload
from tracking.models.reminder import ReminderLog
from tracking.models.tally import Tally

__all__ = [
    "ClockState",
    "ControlCardEntry",
    "Document",
    "DocumentDownload",
    "FileClock",
    "ReminderLog",
    "StepAllowance",
    "Tally",
]
