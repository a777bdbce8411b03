"""Work that runs while the encoder does: a function in a daemon thread, its result (or exception) collected later.

The encoders' native code (ONNX Runtime, torch) releases the GIL while it runs and rarely keeps both cores busy on
a document's small batches; pure-Python work that needs only the text (reading quantities and names, importing the
exporters' pandas) fits in that slack instead of after it. A daemon thread, not a pool: a run stopped with Ctrl-C
or a refused input must not wait for work nobody will collect.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``fn()`` started now in a daemon thread; :meth:`result` waits for it and returns its value or re-raises."""

    def __init__(self, fn: Callable[[], T], name: str = "align-background") -> None:
        self._future: Future[T] = Future()

        def run() -> None:
            if not self._future.set_running_or_notify_cancel():
                return
            try:
                self._future.set_result(fn())
            except BaseException as exc:  # handed to the caller by result(), whatever it is
                self._future.set_exception(exc)

        threading.Thread(target=run, name=name, daemon=True).start()

    def result(self) -> T:
        return self._future.result()

    def settle(self) -> None:
        """Wait for the work to end, ignoring its result or error: for a caller that gives up on it (an error,
        Ctrl-C) before leaving. Exiting while ONNX Runtime builds a session in the thread aborts the process."""
        self._future.exception()
