"""Many clerks taking permit numbers at once, through permits.numbering on PostgreSQL.

Each client is a thread with its own connection; each number is taken in its own
transaction, as the numbering step does. The series is a year no file will reach
(`YEAR`), so the bench's real counters are untouched; its counter row is removed after.
"""

import threading
import time
from dataclasses import dataclass

YEAR = 9999
TIMEOUT = 300


@dataclass(frozen=True)
class NumberingResult:
    clients: int
    numbers: int
    seconds: float
    consecutive: bool  # every number from 1 to `numbers` exactly once
    duplicates: int
    gaps: int
    failures: int

    @property
    def per_second(self) -> float:
        return self.numbers / self.seconds if self.seconds else 0.0


def run(clients: int = 32, per_client: int = 25) -> NumberingResult:
    from django.db import connection, transaction
    from sequences.models import Sequence

    from permits.models import ServiceStandard
    from permits.numbering import next_permit_number

    standard = ServiceStandard.objects.current()
    name = f"permit/{standard.series}/{YEAR}"
    Sequence.objects.filter(name=name).delete()
    barrier = threading.Barrier(clients + 1)
    taken: list[list[int]] = [[] for _ in range(clients)]
    failures: list[BaseException] = []

    def clerk(index: int) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            for _ in range(per_client):
                with transaction.atomic():
                    seq, _number = next_permit_number(standard=standard, year=YEAR)
                taken[index].append(seq)
        except Exception as exc:  # counted and reported, not hidden
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=TIMEOUT)
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    seconds = time.perf_counter() - started
    Sequence.objects.filter(name=name).delete()

    numbers = sorted(seq for seqs in taken for seq in seqs)
    distinct = set(numbers)
    expected = clients * per_client
    return NumberingResult(
        clients=clients,
        numbers=len(numbers),
        seconds=seconds,
        consecutive=numbers == list(range(1, expected + 1)),
        duplicates=len(numbers) - len(distinct),
        gaps=len(set(range(1, max(distinct, default=0) + 1)) - distinct),
        failures=len(failures),
    )
