"""The time left of a long task, from the progress it reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TimeLeft:
    """Extrapolates the time left from the rate of work since the task's first step of real work.

    The clock starts at the first report past 0, not when the task starts: loading the model and reading the
    documents come before it and are no measure of the rate at which the rest goes. No estimate is given until
    ``min_share`` of the work and ``min_seconds`` have passed since then, so the first figure is a stable one.
    ``fraction`` must measure work (characters encoded), not items of uneven size.
    """

    min_share: float = 0.05
    min_seconds: float = 2.0
    _start: tuple[float, float] | None = None  # (time, fraction) of the first report past 0

    def update(self, fraction: float, now: float) -> float | None:
        """Record that ``fraction`` of the work is done at time ``now`` (seconds); → seconds left, or None."""
        if fraction >= 1.0:
            return None
        if self._start is None:
            if fraction > 0.0:
                self._start = (now, fraction)
            return None
        t0, f0 = self._start
        done, elapsed = fraction - f0, now - t0
        if done < self.min_share or elapsed < self.min_seconds:
            return None
        return elapsed * (1.0 - fraction) / done
