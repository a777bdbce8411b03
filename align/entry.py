"""The program's entry, for ``python -m align`` and the ``align-workbench`` script alike: the command line, with
Ctrl-C while its modules load as one line, and an exit that skips the interpreter's teardown (see
:func:`align.cli.exit_without_teardown`)."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from align.cli import exit_without_teardown, main
    except KeyboardInterrupt:  # Ctrl-C while the program's modules load (~0.2 s): as later, one line, no traceback
        print("interrupted", file=sys.stderr)
        sys.exit(130)

    try:
        code = main()
    except Exception:  # a bug: its traceback, then no teardown either (see exit_without_teardown)
        # The interpreter's teardown hung when a background thread (align.background) had been stopped by it
        # while holding the import lock: the collector's module-lock callbacks wait for that lock forever.
        import traceback

        traceback.print_exc()
        code = 1
    exit_without_teardown(code)
