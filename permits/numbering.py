"""Gapless numbers from a locked counter row per series and year (django-sequences).

`get_next_value` must run inside the transaction that records the step: if
that transaction rolls back, the counter rolls back with it, so numbers never
skip; the row lock makes two clerks wait for each other, so numbers never repeat.
"""

from sequences import get_next_value

from permits.models import ServiceStandard


def next_permit_number(*, standard: ServiceStandard, year: int) -> tuple[int, str]:
    """Each service counts its permits on its own (the series is the service's code)."""
    seq = get_next_value(f"permit/{standard.series}/{year}")
    return seq, standard.format_permit_number(seq=seq, year=year)


def next_registration_number(*, standard: ServiceStandard, year: int) -> str:
    seq = get_next_value(f"registration/{standard.series}/{year}")
    return f"{standard.registration_prefix}-{year}-{seq:05d}"
