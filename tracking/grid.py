"""The grid on which durations are counted: working minutes rounded up, in round numbers.

Shared by the figures (tracking.tallies) and the step allowances (an allowance off the grid
could not be told "within" from the counts).
"""

import math
from datetime import timedelta

# (up to this many minutes, grid in minutes): about 5% or better, in round numbers, so a
# year of a step is at most ~140 rows per month whatever the number of files.
GRID = (
    (60, 5),
    (6 * 60, 15),
    (24 * 60, 30),
    (3 * 24 * 60, 2 * 60),
    (14 * 24 * 60, 6 * 60),
    (None, 24 * 60),
)


def bucket_of(duration: timedelta) -> int:
    """Working minutes rounded up to the grid."""
    minutes = max(math.ceil(duration.total_seconds() / 60), 0)
    for limit, grid in GRID:
        if limit is None or minutes <= limit:
            return math.ceil(minutes / grid) * grid
    raise AssertionError("unreachable")


def on_grid(duration: timedelta) -> bool:
    return bucket_of(duration) * 60 == duration.total_seconds()
