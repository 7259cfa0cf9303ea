"""Proof that an officer re-entered the password and the authenticator code just now.

A bulk step (permits/bulk.py) asks for them once for all the files selected, instead of
once per file: the form checks them (permits/forms/bulk.py) and hands the service a
`Confirmation`, which stands in for the password of each signature for a few minutes.
Checking the password again per file would also cost a key derivation each (a second or
more for forty files).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

# Long enough for the slowest batch the form allows, short enough to be "just now".
VALID_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class Confirmation:
    user_id: int
    at: datetime

    def covers(self, actor) -> bool:
        return (
            actor is not None and actor.pk == self.user_id and timezone.now() - self.at < VALID_FOR
        )


def confirmed(actor) -> Confirmation:
    """Made by the form once the password and the code have both passed."""
    return Confirmation(user_id=actor.pk, at=timezone.now())
