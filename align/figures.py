"""Figures in messages: two numbers a note compares ("0.81, below ... (0.81)") printed so that they read apart."""

from __future__ import annotations

#: Decimals tried at most: cosines differ in float32 noise beyond this.
_MOST_DECIMALS = 6


def apart(a: float, b: float, decimals: int = 2) -> tuple[str, str]:
    """``a`` and ``b`` with ``decimals`` decimals, or more where that many would print them alike (0.8071 and
    0.8123: "0.807" and "0.812", not "0.81" twice). Rounding keeps their order: a < b never prints as a > b."""
    for d in range(decimals, _MOST_DECIMALS + 1):
        shown = f"{a:.{d}f}", f"{b:.{d}f}"
        if float(shown[0]) != float(shown[1]):  # "-0.00" and "0.00" read alike too
            return shown
    return shown
