"""A progress bar with rows per second and time left, on the operator's stderr."""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress_bar(*, total: int, label: str, enabled: bool) -> tqdm:
    """Return a bar over `total` rows; a silent one when disabled or not a tty."""
    return tqdm(
        total=total,
        desc=label,
        unit="rows",
        unit_scale=True,
        smoothing=0.1,
        file=sys.stderr,
        disable=not enabled,
        dynamic_ncols=True,
    )
