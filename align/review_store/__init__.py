"""Where reviews live: one database with documents, beads, error annotations and an edit log: an SQLite file
(the default, no set-up) or PostgreSQL (``--db postgresql://...``, :mod:`.backends`), the same store on both.

Every write is its own committed transaction, so a reload, a restart or a killed server loses
nothing that was confirmed. The schema is defined once as Alembic revisions and upgraded at open
(:mod:`.migrate`; SQLite files from before Alembic run their legacy steps from :mod:`.schema` first).

Concurrency is optimistic: every bead row has a ``version``, bumped by every write, and each field two
reviewers may write (the verdict, the post-edit) remembers the version at which it last changed, by
whom and when. A write that replaces a field names the bead version it read and fails with
:class:`ConflictError` if another reviewer changed *that field* since, instead of silently overwriting
their work; a change of another field meanwhile (an error added, a verdict given while one types a
post-edit) is no conflict. An alignment edit conflicts with any change of the bead. Adding or
deleting an error changes nothing of anyone else's, so it does not conflict; the status it implies
is a change of the verdict when the status changes (a bead without errors gets one, loses its last).

The rules that keep the store, the table, the exports and the counts in agreement:

- a bead that holds an error is "has_errors" (:meth:`ReviewStore.set_status` refuses "correct" and
  "unreviewed" on it, adding an error sets it);
- a span is a character range of the bead side's text and always lies inside it;
- alignment edits and their undo carry errors, spans, post-edits and verdicts with the text they are
  about (:mod:`.edits`, :mod:`.carry`);
- the export table has one fixed set of columns (:meth:`ReviewStore.review_table`).

The store is split by concern: :mod:`.base` (engine and transactions, documents, reviews, bead reads),
:mod:`.reviewing` (verdicts, post-edits, errors, flags), :mod:`.edits` (alignment edits, undo),
:mod:`.exports` (tables for CSV/JSONL/TMX),
:mod:`.versions` (review sets: several versions of one text, one review per version against the pivot),
:mod:`.drafts` (what a reviewer typed in the app and has not saved yet).
"""

from __future__ import annotations

from align.review_store.drafts import Drafts
from align.review_store.edits import Editing
from align.review_store.exports import Exports
from align.review_store.migrate import SCHEMA_VERSION
from align.review_store.reviewing import Reviewing
from align.review_store.schema import (
    ERROR_COLUMNS,
    ERROR_SEPARATOR,
    MIGRATIONS,
    REVIEW_COLUMNS,
    STATUSES,
    BeadRow,
    ConflictError,
    EditInfo,
    ReviewInfo,
    ReviewRuleError,
    default_db,
    default_db_path,
    now,
)
from align.review_store.versions import SetInfo, Versions


class ReviewStore(Reviewing, Editing, Exports, Versions, Drafts):
    """A review database (an SQLite file, or PostgreSQL with ``postgresql://...``). Safe to share between threads
    and processes."""


__all__ = [
    "ERROR_COLUMNS",
    "ERROR_SEPARATOR",
    "MIGRATIONS",
    "REVIEW_COLUMNS",
    "SCHEMA_VERSION",
    "STATUSES",
    "BeadRow",
    "ConflictError",
    "EditInfo",
    "ReviewInfo",
    "ReviewRuleError",
    "ReviewStore",
    "SetInfo",
    "default_db",
    "default_db_path",
    "now",
]
