"""Batch alignment (``python -m align batch``): many documents → one review per pair, or one review set per
group of three or more versions of an article, on Ray workers.

Modules, by concern: :mod:`.plan` (groups from a manifest or a folder, the group key), :mod:`.work` (a
worker's job without Ray: encoder, batched encoding, align and flag a pair or versions, timings),
:mod:`.runner` (the workers as Ray actors), :mod:`.ledger` (which groups are finished: resume), :mod:`.driver`
(the batch from start to end, the only writer of the database) and :mod:`.command` (the CLI command).

Nothing is imported here, so that ``python -m align`` starts as fast with the batch command registered:
import from the modules (``from align.batch.driver import run_batch``).
"""
