"""The time left of a long task, from the progress it reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


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


class _NoBar:
    """What :func:`bar` gives when no bar is shown: takes the same calls and does nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def bar(progress: bool, **kwargs: Any) -> Any:
    """A tqdm progress bar when ``progress``, else a stand-in: tqdm is imported only for a bar shown (its import,
    ~40 ms with the package metadata it reads, was in every CLI run, most of which show none)."""
    if not progress:
        return _NoBar()
    from tqdm.std import tqdm  # not tqdm.auto: that imports asyncio (40 ms a process) for notebooks

    return tqdm(leave=False, **kwargs)


def iterate(items: Iterable[T], progress: bool, **kwargs: Any) -> Iterator[T]:
    """``items``, with a tqdm bar when ``progress`` (see :func:`bar`)."""
    if not progress:
        return iter(items)
    from tqdm.std import tqdm

    return iter(tqdm(items, leave=False, **kwargs))
