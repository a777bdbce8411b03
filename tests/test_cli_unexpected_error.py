"""An exception nobody expected (a bug) escaping ``python -m align`` ends the run with its traceback and exit 1.

It went through the interpreter's ordinary teardown instead, which hangs when a background thread (see
align.background: the model's load, flagging's word lists) was stopped by the shutdown while it held the import
lock: the collector's weakref callback of a module lock waits for that lock forever. A new user's run hung so,
output written, after an ImportError: the process never exited.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# `python -m align` (runpy, as -m does) whose main raises; from the exit on a daemon thread holds the import lock, and
# a module lock only the collector frees is left: the teardown's collection then waits for the import lock.
_CODE = """
import _imp, atexit, importlib._bootstrap as bootstrap, runpy, sys, threading, time
import align.cli

def main(argv=None):
    lock = bootstrap._get_module_lock("never_imported")
    lock.itself = lock
    del lock
    go, held = threading.Event(), threading.Event()

    def hold():
        go.wait()
        _imp.acquire_lock()
        held.set()
        time.sleep(3600)

    threading.Thread(target=hold, daemon=True).start()
    atexit.register(lambda: (go.set(), held.wait()))  # from the exit on, the lock stays taken
    raise RuntimeError("a bug nobody expected")

align.cli.main = main
sys.argv = ["align"]
"""
#: How each entry starts the program: ``python -m align``, and the ``align-workbench`` script pip installed beside
#: the interpreter (it called align.cli.main itself, and so went through the teardown).
_ENTRIES = {
    "python -m align": 'runpy.run_module("align", run_name="__main__", alter_sys=True)\n',
    "align-workbench": (
        "import os\n"
        'runpy.run_path(os.path.join(os.path.dirname(sys.executable), "align-workbench"), run_name="__main__")\n'
    ),
}


@pytest.mark.parametrize("entry", sorted(_ENTRIES))
def test_an_unexpected_exception_exits_with_its_traceback_instead_of_hanging(entry: str) -> None:
    code = _CODE + _ENTRIES[entry]
    try:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"{entry} hung in the interpreter's teardown") from exc
    assert run.returncode == 1, run.stderr
    assert "Traceback" in run.stderr and run.stderr.strip().endswith("RuntimeError: a bug nobody expected")
