"""Several files through the same step in one go: Kabid's paraf and the Kepala Dinas'
signature (issue 15). Numbering a batch runs in the background instead (permits/batches.py).

Each file goes through `permits.services.perform_transition` on its own, exactly as from its
own page (its own transaction, control card line, notices); the password and code were given
once (permits/identity.py). A file that cannot take the step is reported with the reason the
service gave, and the others go on.
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied

from permits import services
from permits.identity import Confirmation
from permits.models import Application
from permits.selectors import BULK_LIMIT
from permits.step_work import StepInput
from workflow.table import TRANSITIONS, Bulk, Transition


@dataclass(frozen=True)
class Outcome:
    application_id: int
    registration_number: str
    taken: bool
    reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def bulk_spec(name: str) -> Transition | None:
    """The step `name` when it is taken on several files at once in the request (it has one
    source status)."""
    spec = TRANSITIONS.get(name)
    if spec is None or spec.bulk != Bulk.AT_ONCE or len(spec.sources) != 1:
        return None
    return spec


def take_many(
    *, name: str, application_ids: list[int], actor, confirmation: Confirmation
) -> list[Outcome]:
    """Take step `name` on each file in the order given; one outcome per file."""
    spec = bulk_spec(name)
    if spec is None:
        raise services.TransitionError("Tindakan ini tidak dapat dilakukan sekaligus.")
    if not services.may_perform(actor, spec):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
    ids = list(dict.fromkeys(application_ids))[:BULK_LIMIT]
    numbers = dict(Application.objects.filter(pk__in=ids).values_list("pk", "registration_number"))
    data = StepInput(confirmation=confirmation)
    outcomes = []
    for pk in ids:
        if pk not in numbers:
            outcomes.append(Outcome(pk, "", False, "Berkas tidak ditemukan."))
            continue
        try:
            services.perform_transition(
                application_id=pk,
                name=spec.name,
                actor=actor,
                data=data,
                expected_status=spec.sources[0],
            )
        except services.TransitionError as err:
            outcomes.append(Outcome(pk, numbers[pk], False, err.message))
        except PermissionDenied as err:
            outcomes.append(Outcome(pk, numbers[pk], False, str(err)))
        else:
            outcomes.append(Outcome(pk, numbers[pk], True))
    return outcomes
