"""The progress of long steps: a tqdm bar on a terminal, plain lines in a log; and the time left of a task."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar

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


#: Seconds between two progress lines of one step when stderr is no terminal (a log, nohup, CI); a step that ends
#: within its first interval writes none, so short runs write to stderr exactly what they did without progress.
LINE_INTERVAL = 30.0
#: Overrides :data:`LINE_INTERVAL` (seconds, ≥ 0; 0: a line at every update), for tests and for logs that want
#: more or fewer lines. A value that is not such a number is ignored.
INTERVAL_VARIABLE = "ALIGN_PROGRESS_INTERVAL"

#: Unit names as a line spells them out (a tqdm bar shows the short one, "seg/s").
_UNIT_WORDS = {"seg": "segments", "row": "rows", "it": "items"}


def line_interval() -> float:
    """:data:`LINE_INTERVAL`, or the seconds :data:`INTERVAL_VARIABLE` gives."""
    try:
        seconds = float(os.environ.get(INTERVAL_VARIABLE, ""))
    except ValueError:
        return LINE_INTERVAL
    return seconds if seconds >= 0.0 else LINE_INTERVAL  # NaN fails >= too


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


class LineProgress:
    """Progress as whole plain lines (no carriage return, no ANSI codes) for a stderr that is no terminal:
    ``embedding: 48,000/120,000 segments (40%), about 6 min left``, at most one every ``interval`` seconds and
    none before the step has run ``interval`` seconds.

    Written here rather than as a tqdm with ``file=`` a line-writing stream: tqdm draws with '\\r' and ANSI codes
    that such a stream would have to take apart again, and importing it (~40 ms) for a run that shows nothing
    would undo :func:`bar`'s lazy import. The time left is :class:`TimeLeft`'s, by the share of the work when the
    caller tells it (see :func:`advance`), else by items (as tqdm's bar estimates).
    """

    def __init__(
        self,
        total: int | None = None,
        desc: str = "",
        unit: str = "it",
        *,
        interval: float = LINE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        out: TextIO | None = None,
    ) -> None:
        self.total, self.desc, self.n = total, desc, 0
        self.unit = _UNIT_WORDS.get(unit, unit + "s")
        self.interval, self._clock = interval, clock
        self._out = out if out is not None else sys.stderr
        self._last = clock()  # the step's start, then the time of its last line
        self._left = TimeLeft()

    def update(self, n: int = 1, *, share: float | None = None) -> None:
        """``n`` more items done; ``share``: the fraction of the work done, where items differ in size (the encoder's
        sentences, shortest first: counted by items, the time left read low all along)."""
        self.n += n
        now = self._clock()
        # TimeLeft is told every update (its clock starts at the first one past 0), whether a line is due or not.
        done = share if share is not None else self.n / self.total if self.total else None
        seconds = self._left.update(done, now) if done is not None else None
        if now - self._last < self.interval:
            return
        self._last = now
        self._out.write(self.line(seconds) + "\n")  # one write: a line whole even beside another thread's
        self._out.flush()

    def line(self, seconds_left: float | None = None) -> str:
        """The line for the progress so far."""
        prefix = f"{self.desc}: " if self.desc else ""
        if not self.total:
            return f"{prefix}{self.n:,} {self.unit}"
        share = int(100 * self.n / self.total)  # floored: 100% only when all is done
        text = f"{prefix}{self.n:,}/{self.total:,} {self.unit} ({share}%)"
        return text if seconds_left is None else f"{text}, about {_duration(seconds_left)} left"

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass  # no closing line: the next step's lines, or the summary, say the step ended


def _on_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)  # sys.stderr is None under pythonw
    return bool(isatty and isatty())


def bar(progress: bool, **kwargs: Any) -> Any:
    """A tqdm progress bar when ``progress`` and stderr is a terminal, :class:`LineProgress` when ``progress`` and
    it is not (a log), else a stand-in: tqdm is imported only for a bar shown (its import, ~40 ms with the package
    metadata it reads, was in every CLI run, most of which show none). ``kwargs`` are tqdm's; the lines take
    ``total``, ``desc`` and ``unit`` of them."""
    if not progress or sys.stderr is None:
        return _NoBar()
    if not _on_terminal():
        return LineProgress(
            kwargs.get("total"), kwargs.get("desc", ""), kwargs.get("unit", "it"), interval=line_interval()
        )
    from tqdm.std import tqdm  # not tqdm.auto: that imports asyncio (40 ms a process) for notebooks

    return tqdm(leave=False, **kwargs)


def advance(shown: Any, n: int, share: float | None = None) -> None:
    """Move ``shown`` (what :func:`bar` gave) on by ``n`` items, ``share`` being the fraction of the work done when
    the items differ in size: progress lines estimate the time left from it (a tqdm bar counts items only)."""
    if isinstance(shown, LineProgress):
        shown.update(n, share=share)
    else:
        shown.update(n)


def _counted(items: Iterable[T], shown: LineProgress) -> Iterator[T]:
    for item in items:
        yield item
        shown.update()  # once the caller is done with it and asks for the next, as a tqdm bar counts


def iterate(items: Iterable[T], progress: bool, **kwargs: Any) -> Iterator[T]:
    """``items``, with a tqdm bar or progress lines when ``progress`` (see :func:`bar`)."""
    if not progress or sys.stderr is None:
        return iter(items)
    if not _on_terminal():
        total = kwargs.get("total", len(items) if isinstance(items, Sized) else None)
        return _counted(items, bar(True, **{**kwargs, "total": total}))
    from tqdm.std import tqdm

    return iter(tqdm(items, leave=False, **kwargs))
