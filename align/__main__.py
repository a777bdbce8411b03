import sys

try:
    from align.cli import exit_without_teardown, main
except KeyboardInterrupt:  # Ctrl-C while the program's modules load (~0.2 s): as later, one line, no traceback
    print("interrupted", file=sys.stderr)
    sys.exit(130)

exit_without_teardown(main())
